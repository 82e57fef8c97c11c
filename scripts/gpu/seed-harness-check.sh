#!/usr/bin/env bash
# Runs python/llm_perf_gate_harness.py directly (no Node) on a few seed configs, to check the
# harness itself on a GPU machine. Usage: scripts/gpu/seed-harness-check.sh [OUT_DIR]
# ITER (default 8) measured iterations, WARMUP (default 1).
set -uo pipefail
cd "$(dirname "$0")/../.."
out="${1:-${OUT:-/tmp}}"
mkdir -p "$out"
iter="${ITER:-8}"
warmup="${WARMUP:-1}"
check() { # name model dtype attn quant
  local name="$1" req="$out/$1.request.json"
  python3 - "$req" "$@" <<PY
import json, os, sys
req, name, model, dtype, attn, quant = sys.argv[1:7]
opts = {"model": os.path.abspath(f"fixtures/hf-configs/{model}"), "weights": "random", "dtype": dtype,
        "quantization": quant, "compile": False, "device": "cuda"}
if attn != "default":
    opts["attn_implementation"] = attn
json.dump({"name": name, "warmup": $warmup, "iterations": $iter, "max_new_tokens": 100, "batch_size": 1,
           "prompt": "Explain quantum computing:", "prompt_tokens": 8, "seed": 0, "round": 0,
           "config_dir": os.getcwd(), "options": opts}, open(req, "w"))
PY
  local start=$SECONDS
  python3 python/llm_perf_gate_harness.py --request "$req" --output "$out/$name.output.json" \
    >"$out/$name.events.jsonl" 2>"$out/$name.stderr.txt"
  local rc=$?
  echo "== $name rc=$rc $((SECONDS - start))s"
  grep -E '"event": "(error|iteration)"' "$out/$name.events.jsonl" | tail -n 2 | cut -c1-400
  [ "$rc" = 0 ] || tail -n 5 "$out/$name.stderr.txt"
}
check gpt2-fp32 gpt2 fp32 default none
check gpt2-fp16 gpt2 fp16 default none
check gpt2-int8 gpt2 fp16 default int8
check mistral-7b-fp16 mistral-7b fp16 default none
check mistral-7b-sdpa-flash mistral-7b fp16 sdpa_flash none
check mistral-7b-fa2 mistral-7b fp16 flash_attention_2 none
check mistral-7b-nf4 mistral-7b fp16 default nf4
