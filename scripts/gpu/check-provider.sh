#!/usr/bin/env bash
# On the GPU machine: which execution provider onnxruntime really runs the kernels on.
#   source .device/setup.sh; bash scripts/gpu/check-provider.sh
# Writes $OUT/check-provider.txt (each provider's check and its exit code) and
# $OUT/provider-results.json and provider-report.md (a tiny webgpu/cpu run whose results record
# provider_kernels and provider_share per benchmark). About two minutes.
set -uo pipefail
out=${OUT:-.}
{
  for provider in cpu webgpu cuda; do
    echo "== check-provider --provider $provider"
    node dist/cli.js check-provider --provider "$provider"
    echo "exit $?"
  done
} >"$out/check-provider.txt" 2>&1
config=$(mktemp --suffix=.perf-gate.yml -p fixtures)
trap 'rm -f "$config"' EXIT
cat >"$config" <<'YAML'
version: 1
protocol: { warmup: 1, iterations: 4, max_new_tokens: 32, prompt_tokens: 16 }
benchmarks:
  - name: tiny fp32 webgpu
    engine: onnxruntime
    options: { model: models/gpt2-tiny/model_fp32.onnx, provider: webgpu }
  - name: tiny int4 webgpu
    engine: onnxruntime
    options: { model: models/gpt2-tiny/model_int4.onnx, provider: webgpu }
  - name: tiny fp32 cpu
    engine: onnxruntime
    options: { model: models/gpt2-tiny/model_fp32.onnx, provider: cpu }
YAML
{
  node dist/cli.js run --config "$config" --out "$out/provider-results.json" --quiet >"$out/provider-report.md" 2>&1 ||
    echo "run exit $?"
  echo "== provider_kernels / provider_share per benchmark"
  grep -o '"\(name\|provider_kernels\|provider_share\)": [^,}]*' "$out/provider-results.json"
} >>"$out/check-provider.txt"
cat "$out/check-provider.txt"
