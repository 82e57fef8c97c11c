#!/usr/bin/env python3
"""Turns the seed reproduction's outputs into tables (stdlib only, plus PyYAML for `benches`).

  seed-report.py benches --config fixtures/seed.perf-gate.yml [--quantized-first]
      names of the rows the direct script runs (every transformers row), quantized rows first
      with --quantized-first
  seed-report.py ratio --direct direct.jsonl [--out-json seed-ratio.json] RESULTS.json...
      llm-perf-gate / direct, per row: median tok/s of every CLI iteration over that of every
      direct iteration (pooled), and per pass (pass k of the CLI against pass k of the direct
      script; k from a ROW.passK.json file name, else the file's position) with the geometric mean
      of those ratios and its 95% t-interval
  seed-report.py table RESULTS.json [--ratio seed-ratio.json] [--bnb-check bnb-check.json]
      the seed's Table 3 in its own form (throughput tok/s, memory GB, speedup vs base) beside the
      seed's A100 figures, as markdown for docs/seed-reproduction.md; below it, the quantized rows'
      bitsandbytes settings as the result recorded them, and the outcome of bnb_check.py
"""

import argparse
import json
import statistics
import sys

# The seed study's Table 3 (seed/000_e4d26dc142d946ae.txt, NVIDIA A100 40GB, PyTorch 2.1.0,
# Transformers 4.36.0): throughput tok/s, memory GB, speedup vs base. Quoted, not measured here.
SEED_A100 = {
    "gpt2-fp32": (96.2, 0.51, 1.00),
    "gpt2-fp16": (99.6, 0.26, 1.04),
    "gpt2-int8": (32.7, 0.18, 0.34),
    "mistral-7b-fp16": (26.7, 14.5, 1.00),
    "mistral-7b-flash-attention-2": (20.4, 14.5, 0.76),
    "mistral-7b-nf4": (18.7, 4.0, 0.70),
}


def tok_s(sample):
    return sample["batch_size"] * sample["new_tokens"] / (sample["e2e_ms"] / 1000)


def load_results(path):
    with open(path, encoding="utf-8") as fh:
        return {b["name"]: b for b in json.load(fh)["benchmarks"]}


def weights_gb(bench):
    """model.get_memory_footprint() as the harness recorded it (MiB), in decimal GB."""
    mib = (bench.get("engine_info") or {}).get("weights_mib")
    return mib * 2**20 / 1e9 if isinstance(mib, (int, float)) else None


def memory(bench, metric):
    return next((m["value_mib"] for m in bench.get("memory", []) if m["metric"] == metric), None)


def cmd_benches(args):
    import yaml

    with open(args.config, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    rows = [b for b in doc["benchmarks"] if b["engine"] == "transformers"]
    if args.quantized_first:
        rows.sort(key=lambda b: b["options"].get("quantization", "none") == "none")  # stable
    for b in rows:
        print(b["name"])


# Two-sided 95% quantiles of Student's t by degrees of freedom (standard table values), for the
# interval on the mean log ratio over passes; beyond 30 the normal 1.96 is close enough.
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042]


def pass_of(path, position):
    """Pass number from a file name like ROW.pass3.json (overhead-ratio.sh), else the position."""
    import re

    m = re.search(r"pass(\d+)\.json$", path)
    return int(m.group(1)) if m else position + 1


def mean_log_interval(ratios):
    """Geometric mean of per-pass ratios and its 95% t-interval (None with fewer than 2 passes)."""
    import math

    logs = [math.log(r) for r in ratios]
    centre = statistics.fmean(logs)
    if len(logs) < 2:
        return math.exp(centre), None, None
    half = T975[min(len(logs) - 1, len(T975)) - 1] * statistics.stdev(logs) / math.sqrt(len(logs))
    return math.exp(centre), math.exp(centre - half), math.exp(centre + half)


def pooled_ratio(cli, direct, passes):
    """Median tok/s over every CLI iteration of these passes over that of every direct one."""
    c = [v for k in passes for v in cli[k]]
    d = [v for k in passes for v in direct[k]]
    return statistics.median(c) / statistics.median(d)


def bootstrap_pooled(cli, direct, passes, resamples=4000, seed=0):
    """95% percentile interval of the pooled ratio, resampling whole passes (a pass is a CLI
    process and a direct process: iterations within a process are not independent)."""
    import random

    if len(passes) < 3:
        return None
    rng = random.Random(seed)
    values = sorted(pooled_ratio(cli, direct, rng.choices(passes, k=len(passes))) for _ in range(resamples))
    return [values[int(0.025 * resamples)], values[int(0.975 * resamples) - 1]]


def cmd_ratio(args):
    direct = {}
    direct_weights = {}  # name -> weights footprint (bytes) the direct script's model reported
    with open(args.direct, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                direct.setdefault(rec["name"], {})[rec.get("pass", 1)] = rec["tok_s"]
                if "weights_bytes" in rec:
                    direct_weights[rec["name"]] = rec["weights_bytes"]
    cli_weights = {}
    cli = {}  # name -> pass -> per-iteration tok/s
    for position, path in enumerate(args.results):
        for name, b in load_results(path).items():
            if b["status"] == "ok" and b["iterations"]:
                cli.setdefault(name, {})[pass_of(path, position)] = [tok_s(s) for s in b["iterations"]]
                cli_weights[name] = weights_gb(b)
    rows = []
    for name in sorted(direct):
        if name not in cli:
            continue
        cli_all = [v for vs in cli[name].values() for v in vs]
        direct_all = [v for vs in direct[name].values() for v in vs]
        per_pass = {
            k: statistics.median(cli[name][k]) / statistics.median(direct[name][k])
            for k in sorted(cli[name])
            if k in direct[name]
        }
        geo, low, high = mean_log_interval(list(per_pass.values())) if per_pass else (None, None, None)
        paired = sorted(per_pass)
        rows.append(
            {
                "name": name,
                "cli_median_tok_s": statistics.median(cli_all),
                "direct_median_tok_s": statistics.median(direct_all),
                "ratio": statistics.median(cli_all) / statistics.median(direct_all),
                "ratio_paired_passes": pooled_ratio(cli[name], direct[name], paired) if paired else None,
                "ratio_paired_bootstrap_ci95": bootstrap_pooled(cli[name], direct[name], paired),
                "ratio_pass_median": statistics.median(per_pass.values()) if per_pass else None,
                "ratio_per_pass": per_pass,
                "ratio_pass_geomean": geo,
                "ratio_pass_ci95": [low, high] if low is not None else None,
                "passes": len(per_pass),
                "cli_iterations": len(cli_all),
                "direct_iterations": len(direct_all),
                "cli_weights_gb": cli_weights.get(name),
                "direct_weights_gb": direct_weights[name] / 1e9 if name in direct_weights else None,
            }
        )
    if args.out_json:
        with open(args.out_json, "w", encoding="utf-8") as fh:
            json.dump({"rows": rows}, fh, indent=2)
    print(
        "| Config | llm-perf-gate median tok/s | direct median tok/s | pooled ratio [95% CI, passes resampled] "
        "| median per-pass ratio | per-pass geo. mean [95% t-CI] | passes | ratio per pass |"
    )
    print("|---|---:|---:|---|---:|---|---:|---|")
    for r in rows:
        pp = ", ".join(f"{v:.3f}" for v in r["ratio_per_pass"].values())
        ci = r["ratio_pass_ci95"]
        boot = r["ratio_paired_bootstrap_ci95"]
        geo = "—" if r["ratio_pass_geomean"] is None else f"{r['ratio_pass_geomean']:.3f}"
        span = f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else ""
        bspan = f" [{boot[0]:.3f}, {boot[1]:.3f}]" if boot else ""
        med = "—" if r["ratio_pass_median"] is None else f"{r['ratio_pass_median']:.3f}"
        print(
            f"| {r['name']} | {r['cli_median_tok_s']:.1f} | {r['direct_median_tok_s']:.1f} | "
            f"{r['ratio']:.3f}{bspan} | {med} | {geo}{span} | {r['passes']} | {pp} |"
        )


def fmt(value, digits):
    return "—" if value is None else f"{value:.{digits}f}"


def cmd_table(args):
    results = load_results(args.results)
    ratio = {}
    if args.ratio:
        with open(args.ratio, encoding="utf-8") as fh:
            ratio = {r["name"]: r["ratio"] for r in json.load(fh)["rows"]}
    medians = {
        name: statistics.median(tok_s(s) for s in b["iterations"])
        for name, b in results.items()
        if b["status"] == "ok" and b["iterations"]
    }
    print(
        "| Model | Configuration | Throughput (tok/s) | Memory (GB) | Speedup vs base | Peak allocated (GB) "
        "| Seed A100 tok/s | Seed GB | Seed speedup | CLI / direct |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    notes, settings = [], []
    for name, b in results.items():
        labels = b.get("labels") or {}
        seed = SEED_A100.get(name, (None, None, None))
        seed_cells = f"{fmt(seed[0], 1)} | {fmt(seed[1], 2)} | {fmt(seed[2], 2)}{'x' if seed[2] else ''}"
        head = f"| {labels.get('model', '')} | {labels.get('technique', name)}"
        if b["status"] != "ok":
            err = b.get("error") or {}
            notes.append(f"- **{labels.get('technique', name)}** ({name}): `{err.get('kind')}`: {err.get('message')}")
            print(f"{head} | not run ({err.get('kind')}, see below) | — | — | — | {seed_cells} | — |")
            continue
        info = b.get("engine_info") or {}
        if info.get("bitsandbytes"):
            settings.append(quantization_note(name, labels, info))
        peak = memory(b, "torch_max_allocated_mib")
        ref = labels.get("reference")
        speedup = medians[name] / medians[ref] if ref in medians else None
        print(
            f"{head} | {medians[name]:.1f} | {fmt(weights_gb(b), 2)} | {fmt(speedup, 2)}{'x' if speedup else ''} "
            f"| {fmt(peak * 2**20 / 1e9 if peak is not None else None, 2)} | {seed_cells} "
            f"| {fmt(ratio.get(name), 3)} |"
        )
    if notes:
        print("\nRows that could not run, with the exact error the CLI recorded:\n")
        print("\n".join(notes))
    if settings:
        print("\nQuantized rows, as their results recorded them (engine_info):\n")
        print("\n".join(settings))
    if args.bnb_check:
        print(f"\n{bnb_check_line(args.bnb_check)}")


def quantization_note(name, labels, info):
    parts = [f"bitsandbytes {info['bitsandbytes']}"]
    parts.append(f"{info.get('quantized_layers')} × {info.get('quantized_layer_type')}")
    parts.append(f"{info.get('quant_type')}, compute dtype {info.get('compute_dtype')}")
    for key in ("quant_blocksize", "quant_double_quant", "quant_storage", "llm_int8_threshold"):
        if key in info:
            parts.append(f"{key} {info[key]}")
    return (
        f"- **{labels.get('technique', name)}** ({name}): {'; '.join(parts)}; "
        f"`{info.get('quantization_config')}`; {info.get('quantization_path')}"
    )


def bnb_check_line(path):
    """One line on bnb_check.py's outcome: the version checked, the build time, each check's figure."""
    with open(path, encoding="utf-8") as fh:
        report = json.load(fh)
    env = report.get("environment") or {}
    layers = report.get("layers") or {}
    figures = ", ".join(
        f"{k} {v['value']:.4f} (< {v['bound']})" for k, v in layers.items() if isinstance(v, dict) and "value" in v
    )
    same = [
        k.removeprefix("harness_vs_from_pretrained_")
        for k in report
        if k.startswith("harness_vs_from_pretrained_") and report[k].get("ok")
    ]
    setup = report.get("setup_seconds")
    return (
        f"bnb_check.py: {'all checks passed' if report.get('ok') else 'SOME CHECKS FAILED'}; bitsandbytes "
        f"{env.get('bitsandbytes')} on {env.get('device')} (sm {env.get('compute_capability')}), "
        f"set up in {setup if setup is not None else '?'} s; relative errors: {figures or '—'}; harness layers "
        f"identical to from_pretrained's for: {', '.join(same) or 'none'}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("benches")
    p.add_argument("--config", required=True)
    p.add_argument("--quantized-first", action="store_true")
    p.set_defaults(fn=cmd_benches)
    p = sub.add_parser("ratio")
    p.add_argument("--direct", required=True)
    p.add_argument("--out-json")
    p.add_argument("results", nargs="+")
    p.set_defaults(fn=cmd_ratio)
    p = sub.add_parser("table")
    p.add_argument("results")
    p.add_argument("--ratio")
    p.add_argument("--bnb-check")
    p.set_defaults(fn=cmd_table)
    args = parser.parse_args()
    args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
