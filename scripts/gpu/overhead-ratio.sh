#!/usr/bin/env bash
# llm-perf-gate / direct, row by row: a CLI run of one config (`--filter "^ROW$"`) and a run of
# scripts/gpu/seed_direct.py on the same config (same model, dtype, attention, prompt, protocol,
# nothing hooked into generate()), each its own process, alternating A B B A ... so drift of the
# machine hits both sides alike. Rows interleave; a pair starts only if it fits the deadline.
#
#   source .device/setup.sh; OUT=dir RATIO_DEADLINE_S=480 scripts/gpu/overhead-ratio.sh gpt2-fp32 mistral-7b-fp16
#
# RATIO_CONFIG (default fixtures/seed.perf-gate.yml), RATIO_FIRST_PASS (default 1).
#
# Writes $OUT/cli/ROW.passK.json (the CLI's result files, telemetry included), $OUT/direct.jsonl,
# logs, and $OUT/ratio.md / ratio.json from `seed-report.py ratio`.
set -uo pipefail
cd "$(dirname "$0")/../.."
out="${OUT:-.perf-gate/ratio}"
config="${RATIO_CONFIG:-fixtures/seed.perf-gate.yml}"
deadline="${RATIO_DEADLINE_S:-480}"
# Pass numbers start here, so the files of a second call do not collide with the first's.
pass="${RATIO_FIRST_PASS:-1}"
[ $# -gt 0 ] || { echo "usage: overhead-ratio.sh ROW [ROW...]" >&2; exit 2; }
mkdir -p "$out/cli"
declare -A pair_s

cli() { # row pass
  local start=$SECONDS
  node dist/cli.js run --config "$config" --filter "^$1\$" --out "$out/cli/$1.pass$2.json" --quiet >>"$out/cli.log" 2>&1
  echo "[$(date +%T)] cli $1 pass $2: exit $? in $((SECONDS - start)) s"
}
direct() { # row pass
  local start=$SECONDS
  python3 scripts/gpu/seed_direct.py --config "$config" --name "$1" --pass "$2" --out "$out/direct.jsonl" \
    >>"$out/direct.log" 2>&1
  echo "[$(date +%T)] direct $1 pass $2: exit $? in $((SECONDS - start)) s"
}

while :; do
  ran=0
  for row in "$@"; do
    need=${pair_s[$row]:-0}
    [ $((SECONDS + need)) -lt "$deadline" ] || continue
    start=$SECONDS
    if [ $((pass % 2)) = 1 ]; then cli "$row" "$pass"; direct "$row" "$pass"; else direct "$row" "$pass"; cli "$row" "$pass"; fi
    pair_s[$row]=$((SECONDS - start))
    ran=1
  done
  [ "$ran" = 1 ] || break
  pass=$((pass + 1))
done
echo "total $SECONDS s"
python3 scripts/gpu/seed-report.py ratio --direct "$out/direct.jsonl" --out-json "$out/ratio.json" "$out"/cli/*.json |
  tee "$out/ratio.md"
