#!/usr/bin/env bash
# Runs python/llm_perf_gate_harness.py directly (no Node needed) on the rows of
# fixtures/seed.perf-gate.yml, alternating with scripts/gpu/seed_direct.py on the same row, to check
# the harness and its overhead on a GPU machine before the CLI itself is packed.
#   scripts/gpu/seed-harness-check.sh [OUT_DIR]     PASSES (default 1), ROWS (default: all rows)
# Writes OUT_DIR/harness.jsonl (one line per harness run: name, pass, tok_s, output or error),
# OUT_DIR/direct.jsonl, OUT_DIR/check.log.
set -uo pipefail
cd "$(dirname "$0")/../.."
out="${1:-${OUT:-/tmp}}"
mkdir -p "$out"
config=fixtures/seed.perf-gate.yml
work=$(mktemp -d)
rows="${ROWS:-$(python3 -c 'import yaml,sys; print(" ".join(b["name"] for b in yaml.safe_load(open(sys.argv[1]))["benchmarks"]))' "$config")}"
for pass in $(seq 1 "${PASSES:-1}"); do
  for name in $rows; do
    # The request the CLI would send: protocol defaults, then the row's own settings.
    python3 - "$config" "$name" "$work/request.json" <<'PY'
import json, os, sys, yaml
config, name, dest = sys.argv[1:4]
doc = yaml.safe_load(open(config))
bench = next(b for b in doc["benchmarks"] if b["name"] == name)
p = {"warmup": 1, "iterations": 8, "max_new_tokens": 100, "batch_size": 1, "seed": 0, "prompt_tokens": None,
     "prompt": "Explain quantum computing:", **doc.get("protocol", {}), **bench.get("protocol", {})}
opts = {"weights": "pretrained", "dtype": "fp32", "quantization": "none", "compile": False, "device": "cuda",
        **bench["options"]}
opts["model"] = os.path.abspath(os.path.join(os.path.dirname(config), opts["model"]))
json.dump({"name": name, "warmup": p["warmup"], "iterations": p["iterations"], "max_new_tokens": p["max_new_tokens"],
           "batch_size": p["batch_size"], "prompt": p["prompt"], "prompt_tokens": p["prompt_tokens"], "seed": p["seed"],
           "round": 0, "config_dir": os.path.dirname(os.path.abspath(config)), "options": opts}, open(dest, "w"))
PY
    start=$SECONDS
    rm -f "$work/output.json"
    python3 python/llm_perf_gate_harness.py --request "$work/request.json" --output "$work/output.json" \
      >"$work/events.jsonl" 2>"$work/stderr.txt"
    rc=$?
    echo "== harness $name pass $pass: rc=$rc in $((SECONDS - start)) s" | tee -a "$out/check.log"
    tail -n 20 "$work/stderr.txt" >>"$out/check.log"
    python3 - "$name" "$pass" "$rc" "$work" >>"$out/harness.jsonl" <<'PY'
import json, os, sys
name, p, rc, work = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rec = {"name": name, "pass": p, "rc": rc}
if os.path.exists(f"{work}/output.json"):
    o = json.load(open(f"{work}/output.json"))
    rec["tok_s"] = [s["batch_size"] * s["new_tokens"] / (s["e2e_ms"] / 1000) for s in o["iterations"]]
    rec["ttft_ms"] = [s["ttft_ms"] for s in o["iterations"]]
    rec.update(memory=o["memory"], engine_info=o["engine_info"], tokens_digest=o.get("tokens_digest"))
rec["events"] = [json.loads(l) for l in open(f"{work}/events.jsonl") if '"error"' in l]
print(json.dumps(rec))
PY
    if [ "$rc" = 0 ] && [ "${DIRECT:-1}" = 1 ]; then
      start=$SECONDS
      python3 scripts/gpu/seed_direct.py --config "$config" --name "$name" --pass "$pass" --out "$out/direct.jsonl" \
        >>"$out/check.log" 2>&1
      echo "== direct $name pass $pass: rc=$? in $((SECONDS - start)) s" | tee -a "$out/check.log"
    fi
  done
done
rm -rf "$work"
