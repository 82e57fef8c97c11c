#!/usr/bin/env bash
# Records raw nvidia-smi outputs on the GPU machine into $OUT/telemetry/ (they become recorded
# fixtures under fixtures/nvidia-smi/) and packs them as $OUT/telemetry.tar.gz (the device
# machine returns at most 8 files), and, when the bundled CLI is present, runs the hidden
# `telemetry-probe` command so the parsers are checked against the real tool. Needs no Node for
# the raw part. Usage (repository root, on the GPU machine):
#   OUT=/some/dir scripts/gpu/telemetry-check.sh
set -u
dest="${OUT:-.}"
out="$(mktemp -d)/telemetry"
mkdir -p "$out"
q='index,uuid,timestamp,clocks.sm,clocks.mem,temperature.gpu,power.draw,utilization.gpu,memory.used,clocks_event_reasons.active'

# The telemetry code against the real tool: `llm-perf-gate telemetry-probe` through the bundled CLI
# (after `source .device/setup.sh`), or whatever PROBE_CMD names.
probe_cmd="${PROBE_CMD:-}"
if [ -z "$probe_cmd" ] && command -v node >/dev/null 2>&1 && [ -f dist/cli.js ]; then
  probe_cmd="node dist/cli.js telemetry-probe"
fi
probe="$probe_cmd"
probe() { # probe NAME ARGS...: JSON into $out/NAME.json, stderr and exit code into $out/NAME.err.txt
  local name="$1"; shift
  { timeout 120 $probe_cmd "$@"; echo "# exit=$?" >&2; } >"$out/$name.json" 2>"$out/$name.err.txt"
}

run() { # run NAME CMD...: stdout+stderr and exit code into $out/NAME.txt
  local name="$1"; shift
  { timeout 20 "$@"; echo "# exit=$?"; } >"$out/$name.txt" 2>&1
}

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "nvidia-smi not found" | tee "$out/missing.txt"
  tar -czf "$dest/telemetry.tar.gz" -C "$(dirname "$out")" telemetry
  exit 0
fi
run header nvidia-smi
run info nvidia-smi --query-gpu=index,name,memory.total,driver_version,uuid --format=csv,noheader,nounits
run reasons-supported nvidia-smi --help-query-gpu
# The loop process: 3 s at 200 ms while idle, then under load if PyTorch is there.
run loop-idle timeout 3 nvidia-smi --query-gpu="$q" --format=csv,noheader,nounits -lms 200
run apps-idle nvidia-smi --query-compute-apps=pid,used_memory,gpu_uuid --format=csv,noheader,nounits

# A second process holding GPU memory and burning the SMs, to record "another process present"
# and whether the pids nvidia-smi reports are this namespace's pids.
load_pid=""
if python3 -c 'import torch; assert torch.cuda.is_available()' >/dev/null 2>&1; then
  python3 - >"$out/load.txt" 2>&1 <<'PY' &
import os, time, torch
x = torch.empty(int(2.0 * 2**30), dtype=torch.uint8, device="cuda")  # ~2 GiB held
a = torch.randn(8192, 8192, device="cuda")
print("load pid", os.getpid(), flush=True)
end = time.time() + 25
while time.time() < end:
    a = (a @ a).clamp_(-1, 1)
torch.cuda.synchronize()
PY
  load_pid=$!
  # The one-shot poll sees the process only once its CUDA context exists: wait for its line.
  for _ in $(seq 1 60); do grep -q 'load pid' "$out/load.txt" 2>/dev/null && break; sleep 0.5; done
  sleep 1
  echo "shell pid $$ load pid $load_pid" >"$out/pids.txt"
  run apps-loaded nvidia-smi --query-compute-apps=pid,used_memory,gpu_uuid --format=csv,noheader,nounits
  # Does the loop flag work for compute apps? (It decides how the sampler polls them.)
  run apps-loop timeout 2 nvidia-smi --query-compute-apps=pid,used_memory,gpu_uuid --format=csv,noheader,nounits -lms 500
  run loop-loaded timeout 3 nvidia-smi --query-gpu="$q" --format=csv,noheader,nounits -lms 200
  if [ -n "$probe" ]; then
    # The loaded process is a stranger: expect gpu_shared and a note naming it.
    probe probe-shared --seconds 3 --wait
    # The same process named as the engine: expect its memory attributed, no sharing.
    probe probe-own --seconds 3 --wait --pid "$load_pid"
  fi
  wait "$load_pid"
fi
[ -n "$probe" ] && probe probe-idle --seconds 3
run no-such-field nvidia-smi --query-gpu=index,not_a_field --format=csv,noheader,nounits
run bad-index nvidia-smi --query-gpu=index -i 97 --format=csv,noheader,nounits

ls -l "$out"
tar -czf "$dest/telemetry.tar.gz" -C "$(dirname "$out")" telemetry
