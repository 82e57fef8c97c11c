#!/usr/bin/env bash
# The cache key of the runtime dependency (onnxruntime-node for this platform). hashFiles() only
# sees the workspace, and this action lives outside it: hash the runtime lockfile here.
set -euo pipefail
lock="$GITHUB_ACTION_PATH/scripts/action/runtime/package-lock.json"
lock_hash=$(sha256sum "$lock" 2>/dev/null || shasum -a 256 "$lock")
echo "key=llm-perf-gate-runtime-${RUNNER_OS}-${RUNNER_ARCH}-cuda${CUDA}-${lock_hash:0:32}" >>"$GITHUB_OUTPUT"
