#!/usr/bin/env bash
# The ONNX engine on the GPU machine: tiny and 124M GPT-2 models through webgpu and cpu, run by the
# CLI exactly as a user runs it. Needs the packed Node (.device/, see the GPU README) and dist/.
# Usage, from the project root on the GPU machine:
#   source .device/setup.sh; OUT=/some/dir bash scripts/gpu/onnx-webgpu.sh
# Writes $OUT/onnx-webgpu.tar.gz (results JSON, logs, provider check); bounded by ONNX_TIMEOUT_S (300 s) plus model generation.
set -uo pipefail
dest="${OUT:-.}"
work="$(mktemp -d)/onnx-webgpu"
mkdir -p "$work"
log() { echo "[$(date +%T)] $*" | tee -a "$work/steps.log"; }

{ nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv,noheader; } >"$work/gpu.txt" 2>&1
node --version >"$work/node.txt" 2>&1
# Which execution providers onnxruntime-node offers here, and whether webgpu finds an adapter.
timeout 60 node -e "
const ort = require('onnxruntime-node');
console.log(JSON.stringify(ort.listSupportedBackends()));
ort.InferenceSession.create('fixtures/models/gpt2-tiny/model_int4.onnx', { executionProviders: ['webgpu'] })
  .then(() => console.log('webgpu session: ok'), (e) => console.log('webgpu session: FAILED', e.message));
" >"$work/providers.txt" 2>&1
log "providers: $(tr '\n' ' ' <"$work/providers.txt")"

if [ ! -f bench/models/gpt2-124m/model_int4.onnx ]; then
  log "generating gpt2-124m fp32, fp16, int4"
  timeout 120 node dist/cli.js make-model --preset gpt2-124m --dtype fp32,fp16,int4 --out bench/models/gpt2-124m \
    >>"$work/steps.log" 2>&1 || log "make-model failed (exit $?)"
fi

# ONNX_FILTER narrows the rows (a --filter regex); ONNX_TIMEOUT_S bounds the run (default 300).
log "run fixtures/gpu.perf-gate.yml ${ONNX_FILTER:+(filter $ONNX_FILTER)}"
timeout "${ONNX_TIMEOUT_S:-300}" node dist/cli.js run --config fixtures/gpu.perf-gate.yml ${ONNX_FILTER:+--filter "$ONNX_FILTER"} \
  --out "$work/onnx-webgpu.results.json" \
  >"$work/run.stdout.txt" 2>"$work/run.stderr.txt"
log "run exit code $?"
tail -n 60 "$work/run.stdout.txt"
tar -czf "$dest/onnx-webgpu.tar.gz" -C "$(dirname "$work")" onnx-webgpu
log "wrote $dest/onnx-webgpu.tar.gz"
