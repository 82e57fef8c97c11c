#!/usr/bin/env bash
# Installs what dist/ needs at run time: onnxruntime-node, pinned by scripts/action/runtime/
# package-lock.json (version and integrity), into the action's node_modules, keeping only this
# platform's native binaries (the package ships every platform's). With CUDA=true, also
# onnxruntime-node's CUDA 12 provider, a download from NuGet that the runner must be able to reach.
set -euo pipefail
cd "$GITHUB_ACTION_PATH"
node_bin=$(dirname "$NODE")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp scripts/action/runtime/package.json scripts/action/runtime/package-lock.json "$work/"
# The package's only install script downloads the CUDA provider: skipped here, run below on request.
PATH="$node_bin:$PATH" npm ci --prefix "$work" --omit=dev --ignore-scripts --no-audit --no-fund
rm -rf node_modules
mv "$work/node_modules" node_modules

bin=node_modules/onnxruntime-node/bin/napi-v6
platform=$("$NODE" -p 'process.platform + "/" + process.arch')
if [ ! -d "$bin/$platform" ]; then
  echo "::error::onnxruntime-node ships no binary for $platform"
  exit 1
fi
for dir in "$bin"/*/*; do
  [ "$dir" = "$bin/$platform" ] || rm -rf "$dir"
done
find "$bin" -mindepth 1 -maxdepth 1 -type d -empty -delete

if [ "${CUDA:-false}" = "true" ]; then
  # npm may not run a dependency's install script at all: run it explicitly.
  (cd node_modules/onnxruntime-node && ONNXRUNTIME_NODE_INSTALL=cuda12 "$NODE" script/install.js)
fi
echo "Installed $(du -sh node_modules | cut -f1) of runtime dependencies for $platform"
