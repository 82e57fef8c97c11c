#!/usr/bin/env bash
# The seed study's six-row table in one call on a GPU machine:
#   1. machine and versions;
#   2. bitsandbytes: the command in SEED_BNB_SETUP, if set, makes it importable (a build from
#      source or an unpacked earlier build), timed; then scripts/gpu/bnb_check.py checks it;
#   3. one pass of `llm-perf-gate run --config fixtures/seed.perf-gate.yml` (all six rows);
#   4. one pass of scripts/gpu/seed_direct.py (plain transformers) per row, quantized rows first,
#      each only while SEED_DEADLINE_S allows;
#   5. llm-perf-gate / direct per row, and the table (scripts/gpu/seed-report.py).
#
#   source .device/setup.sh
#   SEED_BNB_SETUP='python3 -m pip install "bitsandbytes>=0.46.1"' scripts/gpu/seed-table.sh
#
# (Without a registry, SEED_BNB_SETUP builds it from source into a folder on PYTHONPATH:
# scripts/gpu/README.md, "bitsandbytes without a wheel".)
#
# Writes into $OUT (or .perf-gate/seed), flat, 7 files: progress.txt (one line per step, the
# machine, the ratio and the table), bnb.log, bnb-check.json, seed-results.json, runs.log (CLI and
# direct output), direct.jsonl, seed-ratio.json. SEED_DEADLINE_S (default 500) is counted from the
# script's start: a step that cannot finish by then is cut (timeout) or skipped, and says so.
set -uo pipefail
cd "$(dirname "$0")/../.."
out="${OUT:-.perf-gate/seed}"
mkdir -p "$out"
config=fixtures/seed.perf-gate.yml
deadline="${SEED_DEADLINE_S:-500}"
report=scripts/gpu/seed-report.py
progress="$out/progress.txt"
: >"$progress"
step() { echo "[seed-table +${SECONDS}s] $*" | tee -a "$progress"; }
left() { echo $((deadline - SECONDS)); }
# A timeout for the next command: what is left, at least 1 s (`timeout 0` would mean none).
limit() { local l=$((deadline - SECONDS)); echo $((l > 1 ? l : 1)); }

step "machine"
{
  echo "date: $(date -u +%FT%TZ)"
  nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader
  echo "host cores: $(nproc)"
  python3 -c 'import sys, torch, transformers; print("python", sys.version.split()[0], "torch", torch.__version__, "transformers", transformers.__version__)'
  echo "node $(node --version)"
} 2>&1 | tee -a "$progress"

step "bitsandbytes: setup ${SEED_BNB_SETUP:+(SEED_BNB_SETUP)}"
setup_s=""
if [ -n "${SEED_BNB_SETUP:-}" ]; then
  t0=$SECONDS
  timeout "$(limit)" bash -c "$SEED_BNB_SETUP" >>"$out/bnb.log" 2>&1
  rc=$?
  setup_s=$((SECONDS - t0))
  step "bitsandbytes: setup exit $rc in $setup_s s ($(grep '^bnb-build: done' "$out/bnb.log" | tail -n 1))"
fi
if python3 -c 'import bitsandbytes' >>"$out/bnb.log" 2>&1; then
  timeout "$(limit)" python3 scripts/gpu/bnb_check.py --out "$out/bnb-check.json" ${setup_s:+--setup-seconds "$setup_s"} \
    >>"$out/bnb.log" 2>&1
  step "bitsandbytes: bnb_check.py exit $? ($(grep '^bnb-check: \(all\|SOME\)' "$out/bnb.log" | tail -n 1))"
else
  step "bitsandbytes: does not import (see bnb.log); the int8 and nf4 rows will record dependency-missing"
fi
echo "bitsandbytes: $(python3 -c 'import bitsandbytes as b; print(b.__version__, b.__file__)' 2>&1 | tail -n 1)" >>"$progress"

step "llm-perf-gate run: all rows ($(left) s left)"
t0=$SECONDS
{
  echo "=== llm-perf-gate run --config $config"
  timeout "$(limit)" node dist/cli.js run --config "$config" --out "$out/seed-results.json"
  echo "=== exit $?"
} >>"$out/runs.log" 2>&1
step "llm-perf-gate run: done in $((SECONDS - t0)) s: $(tail -n 1 "$out/runs.log")"

rm -f "$out/direct.jsonl"
for name in $(python3 "$report" benches --config "$config" --quantized-first); do
  if [ "$(left)" -lt 20 ]; then
    step "direct $name: skipped, $(left) s left before SEED_DEADLINE_S"
    continue
  fi
  t0=$SECONDS
  {
    echo "=== seed_direct.py $name"
    timeout "$(limit)" python3 scripts/gpu/seed_direct.py --config "$config" --name "$name" --pass 1 \
      --out "$out/direct.jsonl"
    echo "=== exit $?"
  } >>"$out/runs.log" 2>&1
  step "direct $name: $(tail -n 1 "$out/runs.log") in $((SECONDS - t0)) s"
done

step "ratio and table"
if [ -s "$out/seed-results.json" ] && [ -s "$out/direct.jsonl" ]; then
  python3 "$report" ratio --direct "$out/direct.jsonl" --out-json "$out/seed-ratio.json" "$out/seed-results.json" \
    2>&1 | tee -a "$progress"
fi
if [ -s "$out/seed-results.json" ]; then
  args=("$out/seed-results.json")
  [ -s "$out/seed-ratio.json" ] && args+=(--ratio "$out/seed-ratio.json")
  [ -s "$out/bnb-check.json" ] && args+=(--bnb-check "$out/bnb-check.json")
  python3 "$report" table "${args[@]}" 2>&1 | tee -a "$progress"
fi
step "total $SECONDS s"
