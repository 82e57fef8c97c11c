#!/usr/bin/env bash
# Reproduces the seed study's table through the CLI on a GPU machine, and measures the CLI against
# a plain transformers script (scripts/gpu/seed_direct.py) in the same call: passes alternate
# CLI, direct, CLI, direct ... while the time budget allows, so drift in the machine hits both.
#
#   source .device/setup.sh; scripts/gpu/seed-table.sh          # writes into $OUT (or .perf-gate/seed)
#
# Outputs: seed-results.json (first CLI pass: the table), seed-results-N.json (later passes),
# direct.jsonl, seed-ratio.json / seed-ratio.md (llm-perf-gate / direct), logs.
# SEED_BUDGET_S (default 330) caps the wall time: a pass starts only if one more of its kind fits.
set -uo pipefail
cd "$(dirname "$0")/../.."
out="${OUT:-.perf-gate/seed}"
mkdir -p "$out"
config=fixtures/seed.perf-gate.yml
budget="${SEED_BUDGET_S:-330}"
report=scripts/gpu/seed-report.py
benches=$(python3 "$report" benches --config "$config")

{
  echo "date: $(date -u +%FT%TZ)"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  python3 -c 'import sys, torch, transformers; print("python", sys.version.split()[0], "torch", torch.__version__, "transformers", transformers.__version__)'
  node --version
} >"$out/machine.txt" 2>&1

cli_pass() { # index
  local file="$out/seed-results.json"
  [ "$1" = 1 ] || file="$out/seed-results-$1.json"
  local start=$SECONDS
  node dist/cli.js run --config "$config" --out "$file" >"$out/cli-$1.log" 2>&1
  echo "cli pass $1: exit $? in $((SECONDS - start)) s"
  cli_s=$((SECONDS - start))
}
direct_pass() { # index
  local start=$SECONDS
  for name in $benches; do
    python3 scripts/gpu/seed_direct.py --config "$config" --name "$name" --pass "$1" --out "$out/direct.jsonl" \
      >>"$out/direct-$1.log" 2>&1 || echo "direct $name failed (see direct-$1.log)"
  done
  echo "direct pass $1: $((SECONDS - start)) s"
  direct_s=$((SECONDS - start))
}

rm -f "$out/direct.jsonl"
cli_s=0
direct_s=0
pass=1
while :; do
  cli_pass "$pass"
  [ $((SECONDS + direct_s)) -lt "$budget" ] || break
  direct_pass "$pass"
  [ $((SECONDS + cli_s + direct_s)) -lt "$budget" ] || break
  pass=$((pass + 1))
done
echo "total $SECONDS s"

results=("$out"/seed-results.json)
for f in "$out"/seed-results-*.json; do [ -e "$f" ] && results+=("$f"); done
python3 "$report" ratio --direct "$out/direct.jsonl" --out-json "$out/seed-ratio.json" "${results[@]}" | tee "$out/seed-ratio.md"
