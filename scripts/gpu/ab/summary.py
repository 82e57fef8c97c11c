#!/usr/bin/env python3
"""One summary line per A/B run: `summary.py SCENARIO OUT_DIR` reads OUT_DIR/comparison.json (and
trials.json) written by `llm-perf-gate ab` and prints, for each config,
    SCENARIO | config | verdict | change [interval] | trials | seconds | stop reason | A/A ...
Stdlib only (runs on the GPU machine's Python). Exit 0 even when there is no comparison: the line
then says why, so a scenario that failed still leaves a line."""
import json
import os
import sys


def pct(x):
    return "n/a" if x is None else f"{x * 100:+.1f}%"


def interval(ci):
    if not ci:
        return "[n/a]"
    return "[" + ", ".join("inf" if v is None or v > 1e6 else pct(v) for v in ci) + "]"


def lines(scenario, out_dir):
    path = os.path.join(out_dir, "comparison.json")
    if not os.path.exists(path):
        return [f"{scenario} | no comparison.json in {out_dir} (see its log)"]
    doc = json.load(open(path, encoding="utf-8"))
    aa = {}
    for a in doc.get("aa", []):
        aa.setdefault(a["config"], []).append(f"A/A {a['side']} {pct(a.get('change'))} {interval(a.get('ci'))} {a['verdict']}")
    out = []
    for c in doc["comparison"]["configs"]:
        t = c.get("trials") or {}
        head = next((m for m in c.get("metrics", []) if m["metric"] == "e2e_tok_s"), None)
        parts = [
            scenario,
            c["name"],
            c["verdict"],
            f"e2e_tok_s {pct(head.get('change'))} {interval(head.get('ci'))}" if head else (c.get("error") or {}).get("message", "no throughput")[:120],
            f"{t.get('run', 0)} trials",
            f"{t.get('seconds', 0):.0f} s",
            t.get("stopReason", "n/a") + (" (rotated)" if t.get("rotated") else ""),
            "; ".join(aa.get(c["name"], [])) or "A/A n/a",
        ]
        out.append(" | ".join(parts))
    return out


if __name__ == "__main__":
    for line in lines(sys.argv[1], sys.argv[2]):
        print(line)
