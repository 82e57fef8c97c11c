#!/usr/bin/env python3
"""Record between-process noise of the seed's protocol on a GPU, for fixtures/samples/.

Each run is a separate process (forked from a parent that has imported torch but never touched
CUDA, so every child builds its own CUDA context, model and allocator state, as a CI job would).
Models have random weights built from a config: no download. Protocol (the seed study's): a
~6-token prompt, warm-up 1, 8 measured iterations, greedy decoding of exactly 100 new tokens (EOS
disabled, min_new_tokens=100), torch.cuda.synchronize() around each timed call. TTFT is timed
separately with a 1-token generate before each iteration.

Variants are interleaved round-robin, so slow drift of the machine spreads over all of them, and
the script stops starting runs when the next one would overrun --budget-s.

Usage: python3 scripts/gpu/record_hf_samples.py --out "$OUT/hf_gpu_samples.json" [--budget-s 420]
"""
import argparse
import json
import multiprocessing as mp
import os
import platform
import sys
import time

import torch  # imported in the parent (no CUDA init) so children fork without re-importing
import transformers
from transformers import GPT2Config, GPT2LMHeadModel, MistralConfig, MistralForCausalLM

NEW_TOKENS = 100
WARMUP = 1
ITERATIONS = 8
PROMPT_IDS = [5, 17, 290, 1045, 77, 12]  # 6 tokens; random weights make the text irrelevant

VARIANTS = {
    # name: (model, size label, dtype, attention implementation, change description)
    "gpt2-124m-fp32": ("gpt2", "124M", "float32", "sdpa"),
    "gpt2-124m-fp16": ("gpt2", "124M", "float16", "sdpa"),
    "mistral-7b-fp16-sdpa": ("mistral", "7B", "float16", "sdpa"),
    "mistral-7b-fp16-eager": ("mistral", "7B", "float16", "eager"),
}
PAIRS = [
    {"baseline": "gpt2-124m-fp32", "candidate": "gpt2-124m-fp16", "change": "fp32 -> fp16 weights"},
    {"baseline": "mistral-7b-fp16-sdpa", "candidate": "mistral-7b-fp16-eager", "change": "SDPA -> eager attention"},
]
# How often each variant appears per round: the A/A material needs many runs, the pairs fewer.
SCHEDULE = ["gpt2-124m-fp32", "mistral-7b-fp16-sdpa", "gpt2-124m-fp32", "gpt2-124m-fp16", "mistral-7b-fp16-sdpa",
            "gpt2-124m-fp32", "mistral-7b-fp16-eager"]


def build(model, dtype, attn):
    torch_dtype = getattr(torch, dtype)
    if model == "gpt2":
        cfg = GPT2Config()
        cls = GPT2LMHeadModel
    else:
        cfg = MistralConfig(hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
                            num_key_value_heads=8, vocab_size=32000)
        cls = MistralForCausalLM
    cfg._attn_implementation = attn
    torch.manual_seed(0)
    # Build directly on the GPU in the target dtype: a 7B random init on the CPU takes minutes.
    prev = torch.get_default_dtype()
    torch.set_default_dtype(torch_dtype)
    try:
        with torch.device("cuda"):
            m = cls(cfg)
    finally:
        torch.set_default_dtype(prev)
    m.eval()
    m.generation_config.eos_token_id = None
    m.generation_config.pad_token_id = 0
    return m


def child(name, queue):
    try:
        model, _size, dtype, attn = VARIANTS[name]
        t0 = time.perf_counter()
        m = build(model, dtype, attn)
        build_s = time.perf_counter() - t0
        ids = torch.tensor([PROMPT_IDS], device="cuda")
        mask = torch.ones_like(ids)
        kw = dict(do_sample=False, eos_token_id=None, pad_token_id=0, attention_mask=mask)

        def timed(n):
            torch.cuda.synchronize()
            s = time.perf_counter()
            with torch.inference_mode():
                out = m.generate(ids, max_new_tokens=n, min_new_tokens=n, **kw)
            torch.cuda.synchronize()
            ms = (time.perf_counter() - s) * 1000
            assert out.shape[1] == ids.shape[1] + n, out.shape
            return ms

        for _ in range(WARMUP):
            timed(1)
            timed(NEW_TOKENS)
        torch.cuda.reset_peak_memory_stats()
        e2e, ttft = [], []
        for _ in range(ITERATIONS):
            ttft.append(round(timed(1), 3))
            e2e.append(round(timed(NEW_TOKENS), 3))
        queue.put({"ok": True, "e2e_ms": e2e, "ttft_ms": ttft, "build_s": round(build_s, 2),
                   "memory_mib": round(torch.cuda.max_memory_allocated() / 2**20, 1)})
    except Exception as exc:  # reported by the parent, which keeps going
        queue.put({"ok": False, "error": f"{type(exc).__name__}: {exc}"})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--budget-s", type=float, default=420)
    ap.add_argument("--max-rounds", type=int, default=100)
    args = ap.parse_args()
    ctx = mp.get_context("fork")
    start = time.monotonic()
    runs = {n: [] for n in VARIANTS}
    took = {}
    errors = []
    seq = 0
    for _ in range(args.max_rounds):
        started = False
        for name in SCHEDULE:
            expected = took.get(name, 60.0)
            if time.monotonic() - start + expected * 1.15 > args.budget_s:
                continue
            q = ctx.Queue()
            t0 = time.monotonic()
            p = ctx.Process(target=child, args=(name, q))
            p.start()
            try:
                res = q.get(timeout=max(30.0, args.budget_s - (time.monotonic() - start)))
            except Exception:
                res = {"ok": False, "error": "timed out"}
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
            took[name] = time.monotonic() - t0
            started = True
            seq += 1
            if res.pop("ok"):
                res["seq"] = seq
                runs[name].append(res)
                print(f"[{time.monotonic() - start:6.1f}s] {name} run {len(runs[name])}: median e2e "
                      f"{sorted(res['e2e_ms'])[ITERATIONS // 2]:.1f} ms ({took[name]:.1f}s)", flush=True)
            else:
                errors.append({"variant": name, "error": res["error"]})
                print(f"{name}: {res['error']}", file=sys.stderr, flush=True)
                if len([e for e in errors if e["variant"] == name]) >= 2:
                    took[name] = 1e9  # stop retrying a variant that cannot run here
        if not started:
            break
    # Read the device name in a child too, so the parent never initialises CUDA before forking.
    q = ctx.Queue()
    p = ctx.Process(target=lambda qq: qq.put(torch.cuda.get_device_name(0)), args=(q,))
    p.start()
    device = q.get(timeout=60)
    p.join()
    doc = {
        "format": "llm-perf-gate.samples",
        "version": 1,
        "source": {
            "machine": device,
            "recorded_by": "scripts/gpu/record_hf_samples.py",
            "engine": f"transformers {transformers.__version__}, torch {torch.__version__}, python {platform.python_version()}",
            "protocol": f"prompt {len(PROMPT_IDS)} tokens, warm-up {WARMUP}, {ITERATIONS} iterations, greedy, "
                        f"{NEW_TOKENS} new tokens, random weights, one process per run",
            "seconds": round(time.monotonic() - start, 1),
            "errors": errors,
        },
        "configs": [
            {"name": n, "model": VARIANTS[n][0], "size": VARIANTS[n][1], "variant": f"{VARIANTS[n][2]} {VARIANTS[n][3]}",
             "new_tokens": NEW_TOKENS, "batch_size": 1, "prompt_tokens": len(PROMPT_IDS), "runs": r}
            for n, r in runs.items() if r
        ],
        "pairs": PAIRS,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print(f"wrote {args.out}: " + ", ".join(f"{n} {len(r)} runs" for n, r in runs.items()), flush=True)


if __name__ == "__main__":
    main()
