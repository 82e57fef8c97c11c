#!/usr/bin/env bash
# A/A trial-level recordings for issue 13's replay: `llm-perf-gate ab` with the transformers engine
# (random weights built on the GPU, fp16, SDPA, the seed protocol's 100 new tokens) and the same
# commit on both sides, W workers a side, a fixed number of trials.
#   source .device/setup.sh; OUT=... scripts/gpu/ab-record.sh SCENARIO...     SCENARIO: mistral-7b | gpt2
# One scenario per call fits one device call (< 9 min); two run side by side on a 2-GPU machine:
#   CUDA_VISIBLE_DEVICES=0 OUT=$OUT scripts/gpu/ab-record.sh mistral-7b & CUDA_VISIBLE_DEVICES=1 OUT=$OUT scripts/gpu/ab-record.sh gpt2; wait
# Env (defaults): AB_WORKERS (3), AB_TRIALS (mistral-7b 32, gpt2 40), AB_BLOCK (4, the product
# default: all workers are replaced after every block), AB_BUDGET_S (470: the run stops before a
# block that would overrun it, keeping the trials it has), AB_SEED (13), AB_NEW_TOKENS (mistral-7b
# 64 so that 32 trials and 8 restarts fit one call, gpt2 100), AB_WARMUP (1).
# Writes $OUT/record-SCENARIO.tar.gz (record-SCENARIO/{trials.json,comparison.json,report.md,
# report.stdout,run.log,summary.txt}; AB_PACK=0 leaves the folder unpacked) and prints
# one summary line per scenario (verdict, change, interval, trials, seconds, stop reason, A/A).
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out=${OUT:?set OUT to the folder for the results}
[ $# -gt 0 ] || { echo "usage: OUT=DIR $0 mistral-7b|gpt2 ..." >&2; exit 2; }
budget=${AB_BUDGET_S:-470}
cli=${AB_CLI:-node $root/dist/cli.js}
for scenario in "$@"; do
  case "$scenario" in
    mistral-7b) trials=${AB_TRIALS:-32} tokens=${AB_NEW_TOKENS:-64} ;;
    gpt2) trials=${AB_TRIALS:-40} tokens=${AB_NEW_TOKENS:-100} ;;
    *) echo "record-$scenario | unknown scenario (mistral-7b, gpt2)"; continue ;;
  esac
  dir="$out/record-$scenario"
  mkdir -p "$dir"
  work=$(mktemp -d)
  AB_NEW_TOKENS=$tokens AB_WARMUP=${AB_WARMUP:-1} bash "$root/scripts/gpu/ab/make-repo.sh" "$work/repo" "$scenario" transformers none >"$dir/run.log" 2>&1
  started=$SECONDS
  # --base HEAD: both sides run the same commit (an A/A recording; trials.json says arrangement "aa").
  (cd "$work/repo" && timeout $((budget + 60)) $cli ab --config perf-gate.yml --base HEAD \
    --workers "${AB_WORKERS:-3}" --trials "$trials" --block "${AB_BLOCK:-4}" --budget-s "$budget" \
    --seed "${AB_SEED:-13}" --fail-on never --out-dir "$dir" --format markdown >"$dir/report.stdout" 2>>"$dir/run.log")
  echo "exit $? after $((SECONDS - started)) s" >>"$dir/run.log"
  python3 "$root/scripts/gpu/ab/summary.py" "record-$scenario" "$dir" | tee "$dir/summary.txt"
  rm -rf "$work"
  # The device machine returns few files: one archive per scenario (AB_PACK=0 keeps the folder).
  if [ "${AB_PACK:-1}" = 1 ]; then
    tar -czf "$out/record-$scenario.tar.gz" -C "$out" "record-$scenario" && rm -rf "$dir"
  fi
done
