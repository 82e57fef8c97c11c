#!/usr/bin/env bash
# Finds Node.js 24+ for the action's own steps and writes its absolute path to the step's outputs.
# It never touches PATH (or GITHUB_PATH): the workflow's later steps keep the node they had.
#   1. `node` on PATH, when it is 24 or newer;
#   2. a Node 24 in the runner's tool cache (where actions/setup-node keeps it; hosted images have one);
#   3. with INSTALL=true, the official build from nodejs.org (or LLM_PERF_GATE_NODE_MIRROR), its
#      SHA-256 checked against the release's SHASUMS256.txt, unpacked into the tool cache.
# Otherwise it fails with an ::error:: that says what was found.
set -euo pipefail

REQUIRED_MAJOR=24
MIRROR="${LLM_PERF_GATE_NODE_MIRROR:-https://nodejs.org/dist}"
TOOL_CACHE="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}"

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

found() {
  echo "Using Node.js $("$1" --version) at $1 ($2)"
  {
    echo "path=$1"
    echo "version=$("$1" --version)"
  } >>"$GITHUB_OUTPUT"
  exit 0
}

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "::error::llm-perf-gate runs on Linux and macOS runners, not $(uname -s)" && exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "::error::no Node.js build for the $(uname -m) architecture" && exit 1 ;;
esac

present=$(command -v node || true)
if [ -n "$present" ] && [ "$(major_of "$present")" -ge "$REQUIRED_MAJOR" ]; then
  found "$present" "on PATH"
fi

cached=$(find "$TOOL_CACHE/node" -mindepth 3 -maxdepth 3 -path "*/$REQUIRED_MAJOR.*/$arch/bin" 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$cached" ] && [ -x "$cached/node" ]; then
  found "$cached/node" "tool cache"
fi

have="none on PATH"
[ -n "$present" ] && have="$("$present" --version) at $present"
if [ "${INSTALL:-true}" != "true" ]; then
  echo "::error::llm-perf-gate needs Node.js $REQUIRED_MAJOR or newer; found $have. Install it before this step, or leave the input setup-node at true."
  exit 1
fi

echo "Node.js $REQUIRED_MAJOR not found ($have): installing it for this action only"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! curl -fsSL --retry 3 -o "$work/SHASUMS256.txt" "$MIRROR/latest-v$REQUIRED_MAJOR.x/SHASUMS256.txt"; then
  echo "::error::cannot download $MIRROR/latest-v$REQUIRED_MAJOR.x/SHASUMS256.txt; install Node.js $REQUIRED_MAJOR on the runner"
  exit 1
fi
file=$(awk -v suffix="-$os-$arch.tar.gz" '$2 ~ /^node-v[0-9.]+/ && substr($2, length($2) - length(suffix) + 1) == suffix { print $2; exit }' "$work/SHASUMS256.txt")
if [ -z "$file" ]; then
  echo "::error::no node-*-$os-$arch.tar.gz in $MIRROR/latest-v$REQUIRED_MAJOR.x/SHASUMS256.txt"
  exit 1
fi
version=${file#node-v}
version=${version%%-*}
curl -fsSL --retry 3 -o "$work/$file" "$MIRROR/v$version/$file"
expected=$(awk -v f="$file" '$2 == f { print $1 }' "$work/SHASUMS256.txt")
if command -v sha256sum >/dev/null; then
  actual=$(sha256sum "$work/$file" | cut -d' ' -f1)
else
  actual=$(shasum -a 256 "$work/$file" | cut -d' ' -f1)
fi
if [ "$actual" != "$expected" ]; then
  echo "::error::$file does not match its SHA-256 in SHASUMS256.txt (expected $expected, got $actual)"
  exit 1
fi
# actions/setup-node's (and @actions/tool-cache's) layout, so later runs find it in step 2.
dest="$TOOL_CACHE/node/$version/$arch"
rm -rf "$dest"
mkdir -p "$dest"
tar -xzf "$work/$file" -C "$dest" --strip-components=1
touch "$dest.complete"
found "$dest/bin/node" "installed from $MIRROR"
