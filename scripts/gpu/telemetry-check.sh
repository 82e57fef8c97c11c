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
end = time.time() + 8
while time.time() < end:
    a = (a @ a).clamp_(-1, 1)
torch.cuda.synchronize()
PY
  load_pid=$!
  sleep 4
  echo "shell pid $$ load pid $load_pid" >"$out/pids.txt"
  run apps-loaded nvidia-smi --query-compute-apps=pid,used_memory,gpu_uuid --format=csv,noheader,nounits
  # Does the loop flag work for compute apps? (It decides how the sampler polls them.)
  run apps-loop timeout 2 nvidia-smi --query-compute-apps=pid,used_memory,gpu_uuid --format=csv,noheader,nounits -lms 500
  run loop-loaded timeout 3 nvidia-smi --query-gpu="$q" --format=csv,noheader,nounits -lms 200
  wait "$load_pid"
fi
run no-such-field nvidia-smi --query-gpu=index,not_a_field --format=csv,noheader,nounits
run bad-index nvidia-smi --query-gpu=index -i 97 --format=csv,noheader,nounits

# The parsers against the real tool, through the bundled CLI (needs .device/setup.sh and dist/).
if command -v node >/dev/null 2>&1 && [ -f dist/cli.js ]; then
  { timeout 120 node dist/cli.js telemetry-probe --seconds 5; echo "# exit=$?"; } >"$out/probe.json" 2>"$out/probe.stderr.txt"
fi
ls -l "$out"
tar -czf "$dest/telemetry.tar.gz" -C "$(dirname "$out")" telemetry
