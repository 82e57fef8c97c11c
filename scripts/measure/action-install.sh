#!/usr/bin/env bash
# What a job spends on the action's dependencies, before and after the slim install, measured the
# way the action does it, from npm's local cache (no network: the figures are disk and CPU, not
# download time, which comes on top on a cache miss):
#   installed size, the size of the cache entry (tar + zstd, as @actions/cache writes it), the time
#   to install on a cache miss, and the time to unpack the entry on a cache hit.
# Usage: scripts/measure/action-install.sh [BEFORE_REF] [AFTER_REF]   (defaults: main~ and HEAD;
# run `npm ci` first so npm's cache holds every package)
set -euo pipefail
before_ref=${1:-main~}
after_ref=${2:-HEAD}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export npm_config_offline=true

seconds() { local start=$1; echo "$(($(date +%s%N) - start))" | awk '{ printf "%.1f", $1 / 1e9 }'; }

measure() {
  local label=$1 dir=$2
  local bytes entry start unpack
  bytes=$(du -sb "$dir/node_modules" | cut -f1)
  tar -cf - -C "$dir" node_modules | zstd -T0 -q -o "$work/$label.tzst"
  entry=$(stat -c %s "$work/$label.tzst")
  mkdir -p "$work/$label-restore"
  start=$(date +%s%N)
  zstd -d -q -c "$work/$label.tzst" | tar -xf - -C "$work/$label-restore"
  unpack=$(seconds "$start")
  printf '%-7s installed %6.1f MB   cache entry %6.1f MB   install (miss) %5s s   unpack (hit) %5s s\n' \
    "$label" "$(echo "$bytes" | awk '{ print $1 / 1e6 }')" "$(echo "$entry" | awk '{ print $1 / 1e6 }')" "$3" "$unpack"
}

# Before: `npm ci --omit=dev` of the whole package, as action.yml did.
mkdir "$work/before"
git archive "$before_ref" | tar -x -C "$work/before"
start=$(date +%s%N)
(cd "$work/before" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
measure before "$work/before" "$(seconds "$start")"

# After: the action's own install step (onnxruntime-node only, this platform's binaries).
mkdir "$work/after"
git archive "$after_ref" | tar -x -C "$work/after"
start=$(date +%s%N)
GITHUB_ACTION_PATH="$work/after" NODE=$(command -v node) bash "$work/after/scripts/action/install-runtime.sh" >/dev/null
measure after "$work/after" "$(seconds "$start")"
echo "report mode installs nothing (its install steps are skipped)"
echo "measured on $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
