#!/usr/bin/env bash
# Issue 13's proof on a GPU: `llm-perf-gate ab` on a small git repository (scripts/gpu/ab/make-repo.sh)
# whose head changes what runs by a known amount, through the transformers engine (the repo's own
# LogitsProcessor, decoding/constraints.py) or through the repo's own `command` program in worker
# mode (bench/serve.py). Default A/B settings (3 workers a side, blocks of 4, A/B margin) except the
# budget, which one device call caps (AB_BUDGET_S, default 450 s; the product default is 600 s).
#   source .device/setup.sh; OUT=... scripts/gpu/ab-proof.sh SCENARIO...
# SCENARIO = MODEL-ENGINE-HEAD: MODEL mistral-7b | gpt2; ENGINE transformers | command;
#   HEAD comment (a comment-only change: must not be a regression) | slow5 (host work per decode
#   step of ~5% of a step: 1.0 ms on Mistral-7B at ~45 tok/s, 0.35 ms on GPT-2) | slow20 (~20%:
#   4.5 ms and 1.4 ms), e.g. mistral-7b-transformers-slow5. Override the milliseconds with AB_HOST_MS.
# One scenario takes at most AB_BUDGET_S + ~60 s; two run side by side on two GPUs:
#   CUDA_VISIBLE_DEVICES=0 OUT=$OUT scripts/gpu/ab-proof.sh mistral-7b-transformers-slow5 & \
#   CUDA_VISIBLE_DEVICES=1 OUT=$OUT scripts/gpu/ab-proof.sh mistral-7b-command-slow5; wait
# Writes $OUT/proof-SCENARIO.tar.gz (proof-SCENARIO/{trials.json,comparison.json,report.md,
# report.stdout,run.log,summary.txt}; AB_PACK=0 leaves the folder unpacked); prints one
# summary line per scenario (verdict, change, interval, trials, seconds, stop reason, A/A).
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out=${OUT:?set OUT to the folder for the results}
[ $# -gt 0 ] || { echo "usage: OUT=DIR $0 MODEL-ENGINE-HEAD ..." >&2; exit 2; }
budget=${AB_BUDGET_S:-450}
cli=${AB_CLI:-node $root/dist/cli.js}
for scenario in "$@"; do
  IFS=- read -r m1 m2 engine head <<<"$scenario"
  model=$m1
  if [ "$m1" = mistral ]; then model="mistral-$m2"; else head=$engine; engine=$m2; fi
  case "$model:$head" in
    mistral-7b:slow5) ms=1.0 kind=slow ;; mistral-7b:slow20) ms=4.5 kind=slow ;;
    gpt2:slow5) ms=0.35 kind=slow ;; gpt2:slow20) ms=1.4 kind=slow ;;
    *:comment) ms=0 kind=comment ;;
    *) echo "proof-$scenario | unknown scenario (MODEL-ENGINE-HEAD, see the header)"; continue ;;
  esac
  ms=${AB_HOST_MS:-$ms}
  dir="$out/proof-$scenario"
  mkdir -p "$dir"
  work=$(mktemp -d)
  if ! bash "$root/scripts/gpu/ab/make-repo.sh" "$work/repo" "$model" "$engine" "$kind" "$ms" >"$dir/run.log" 2>&1; then
    echo "proof-$scenario | could not build the repository (see $dir/run.log)"
    continue
  fi
  started=$SECONDS
  (cd "$work/repo" && timeout $((budget + 60)) $cli ab --config perf-gate.yml --base main~1 \
    --budget-s "$budget" --seed "${AB_SEED:-29}" ${AB_WORKERS:+--workers $AB_WORKERS} ${AB_BLOCK:+--block $AB_BLOCK} \
    --out-dir "$dir" --format markdown >"$dir/report.stdout" 2>>"$dir/run.log")
  echo "exit $? after $((SECONDS - started)) s (head: $kind, $ms ms per step)" >>"$dir/run.log"
  python3 "$root/scripts/gpu/ab/summary.py" "proof-$scenario ($kind ${ms} ms)" "$dir" | tee "$dir/summary.txt"
  rm -rf "$work"
  # The device machine returns few files: one archive per scenario (AB_PACK=0 keeps the folder).
  if [ "${AB_PACK:-1}" = 1 ]; then
    tar -czf "$out/proof-$scenario.tar.gz" -C "$out" "proof-$scenario" && rm -rf "$dir"
  fi
done
