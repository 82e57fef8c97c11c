#!/usr/bin/env python3
"""Tables for docs/benchmarks.md from result files of fixtures/gpu.perf-gate.yml (stdlib only).

  onnx-report.py RESULTS.json [RESULTS.json ...]

One row per configuration and file: median throughput (batch * new tokens / e2e), decode tok/s,
TTFT, GPU memory of the process (nvidia-smi), peak host RSS, where the KV cache lived, the harness
overhead (time per step outside session.run over the step time, measured by the engine) and the
ratio of each webgpu row's throughput to the cpu row of the same model and technique in that file.
"""

import json
import statistics as st
import sys


def mem(b, metric):
    return next((m["value_mib"] for m in b.get("memory", []) if m["metric"] == metric), None)


def fmt(v, digits=1, suffix=""):
    return "—" if v is None else f"{v:.{digits}f}{suffix}"


print(
    "| File | Configuration | tok/s | decode tok/s | TTFT ms | GPU MiB (process) | host RSS MiB | KV | overhead % "
    "| vs cpu row | tokens digest |"
)
print("|---|---|---:|---:|---:|---:|---:|---|---:|---:|---|")
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as fh:
        benches = json.load(fh)["benchmarks"]
    tok = {}
    for b in benches:
        if b["status"] == "ok":
            tok[b["name"]] = st.median(s["batch_size"] * s["new_tokens"] / (s["e2e_ms"] / 1000) for s in b["iterations"])
    for b in benches:
        name = b["name"]
        if b["status"] != "ok":
            print(f"| {path.split('/')[-1]} | {name} | {b['status']}: {b.get('error', {}).get('message', '')[:80]} |||||||||")
            continue
        it, e = b["iterations"], b["engine_info"]
        dec = st.median((s["new_tokens"] - 1) * s["batch_size"] / ((s["e2e_ms"] - s["ttft_ms"]) / 1000) for s in it)
        cpu_twin = name.replace(" webgpu host-kv", " cpu").replace(" webgpu", " cpu")
        ratio = tok[name] / tok[cpu_twin] if "webgpu" in name and cpu_twin in tok else None
        print(
            f"| {path.split('/')[-1]} | {name} | {tok[name]:.1f} | {dec:.1f} | {st.median(s['ttft_ms'] for s in it):.1f} "
            f"| {fmt(mem(b, 'gpu_process_peak_mib'), 0)} | {fmt(mem(b, 'host_rss_peak_mib'), 0)} | {e.get('kv_location')} "
            f"| {fmt(e.get('harness_overhead_pct'), 2)} | {fmt(ratio, 2, 'x')} | `{b.get('tokens_digest', '')[:8]}` |"
        )
