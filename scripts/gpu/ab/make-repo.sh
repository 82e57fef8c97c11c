#!/usr/bin/env bash
# Builds the small git repository the GPU A/B scripts measure, in $1 (created), for a model
#   make-repo.sh DIR MODEL ENGINE [HEAD_KIND [HOST_MS]]
# MODEL: mistral-7b | gpt2 (fixtures/hf-configs/MODEL, random weights, fp16, SDPA)
# ENGINE: transformers (the harness + the repo's own LogitsProcessor) | command (the repo's own
#   worker program, bench/serve.py, speaking the worker protocol)
# HEAD_KIND: none (one commit: for A/A recordings) | comment (the head edits a comment only) |
#   slow (the head adds HOST_MS milliseconds of host work to every decode step)
# The base commit is the repository's first commit; HEAD is the head. Used by ab-record.sh and
# ab-proof.sh; also run on CPU by the project's tests (no PyTorch needed to build it).
set -euo pipefail
dir=$1 model=$2 engine=$3 kind=${4:-none} host_ms=${5:-0}
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
case "$model" in mistral-7b | gpt2) ;; *) echo "make-repo: unknown model $model (mistral-7b, gpt2)" >&2; exit 2 ;; esac
case "$engine" in transformers | command) ;; *) echo "make-repo: unknown engine $engine" >&2; exit 2 ;; esac
mkdir -p "$dir/models/$model" "$dir/decoding" "$dir/bench"
cp "$root/fixtures/hf-configs/$model/config.json" "$dir/models/$model/config.json"
cp "$here/repo/constraints.py" "$dir/decoding/constraints.py"
cp "$here/repo/serve.py" "$dir/bench/serve.py"
device=${AB_DEVICE:-cuda}
dtype=${AB_DTYPE:-fp16}
if [ "$engine" = transformers ]; then
  options="{ model: models/$model, weights: random, dtype: $dtype, attn_implementation: sdpa, device: $device, logits_processor: decoding/constraints.py:RepoConstraint }"
else
  options="{ run: [python3, bench/serve.py], env: { SERVE_MODEL: models/$model, SERVE_DTYPE: $dtype, SERVE_DEVICE: $device } }"
fi
cat >"$dir/perf-gate.yml" <<YAML
# The seed study's protocol (warm-up, new tokens, greedy, batch 1), a synthetic 8-token prompt
# (the configs carry no tokenizer).
version: 1
protocol: { warmup: ${AB_WARMUP:-2}, max_new_tokens: ${AB_NEW_TOKENS:-100}, prompt_tokens: 8, batch_size: 1 }
benchmarks:
  - name: $model $dtype sdpa ($engine)
    engine: $engine
    options: $options
gate: { fail_on: regression }
YAML
g() { git -C "$dir" -c user.name=ab -c user.email=ab@example.com "$@"; }
g init -q -b main
g add .
g commit -q -m "base"
case "$kind" in
  none) ;;
  comment)
    sed -i 's/^# Decoding-time constraint of this repository\.$/# Decoding-time constraint of this repository (a comment-only change)./' "$dir/decoding/constraints.py"
    g commit -q -am "head: comment only"
    ;;
  slow)
    sed -i "s/^EXTRA_HOST_MS = 0\.0$/EXTRA_HOST_MS = $host_ms/" "$dir/decoding/constraints.py"
    g commit -q -am "head: ${host_ms} ms more host work per decode step"
    ;;
  *) echo "make-repo: unknown head kind $kind" >&2; exit 2 ;;
esac
g diff --stat HEAD~1 HEAD 2>/dev/null || true
