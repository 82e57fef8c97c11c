#!/usr/bin/env bash
# Records RUNS separate processes of one unchanged config, labelled A, B, A, B, ... in time order,
# for the A/B vs stored-baseline analysis (scripts/ab-mde.ts, docs/ab-mode.md).
# usage: scripts/record-ab-alternating.sh [RUNS (default 40)] [OUT_DIR]
set -euo pipefail
runs="${1:-40}"
out="${2:-fixtures/samples/ab-alternating-cpu}"
config="${CONFIG:-fixtures/samples/ab-alternating-cpu/perf-gate.yml}"
cli=(node --import tsx src/cli.ts)
[ -f dist/cli.js ] && cli=(node dist/cli.js)
mkdir -p "$out"
for i in $(seq 1 "$runs"); do
  label=$([ $((i % 2)) -eq 1 ] && echo A || echo B)
  file="$out/run-$(printf '%02d' "$i")-$label.json"
  "${cli[@]}" run --config "$config" --out "$file" --label "$label" --quiet --format json >/dev/null
  echo "$file"
done
