#!/usr/bin/env python3
"""The seed's protocol in plain transformers, without llm-perf-gate: the reference that
scripts/gpu/seed-table.sh compares the CLI's figures with (ratio llm-perf-gate / direct).

One benchmark per process, as the CLI runs them: random weights from a local config, a synthetic
prompt, greedy decoding of exactly --max-new-tokens tokens, warm-up, then iterations timed with
time.perf_counter() and torch.cuda.synchronize() before and after each generate(). Nothing else
is hooked into generate(). Appends one JSON line to --out.

Quantized rows (--quantization int8 | nf4) take the seed's own route, written out here rather than
shared with the harness: the random fp16 weights are saved (to /dev/shm when it has room), then
loaded with from_pretrained(quantization_config=BitsAndBytesConfig(...)): LLM.int8 with
transformers' defaults, or NF4 computing in fp16. The harness swaps the layers of the model in
memory instead; this path checks that both run at the same speed (the CLI / direct ratio).
"""

import argparse
import contextlib
import json
import os
import shutil
import statistics
import tempfile
import time

import torch
from transformers import AutoConfig, AutoModelForCausalLM

parser = argparse.ArgumentParser()
parser.add_argument("--config", help="read model and protocol settings of --name from this perf-gate.yml")
parser.add_argument("--name", required=True)
parser.add_argument("--model", help="folder with config.json")
parser.add_argument("--dtype", choices=["fp32", "fp16", "bf16"], default="fp32")
parser.add_argument("--attn", choices=["eager", "sdpa", "sdpa_flash"], default=None)
parser.add_argument("--quantization", choices=["none", "int8", "nf4"], default="none")
parser.add_argument("--prompt-tokens", type=int, default=8)
parser.add_argument("--max-new-tokens", type=int, default=100)
parser.add_argument("--batch-size", type=int, default=1)
parser.add_argument("--warmup", type=int, default=1)
parser.add_argument("--iterations", type=int, default=8)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--pass", dest="pass_index", type=int, default=1, help="pass number, recorded")
parser.add_argument("--out", required=True)
args = parser.parse_args()
if args.config:
    # The same settings as the CLI's run: taken from the config file itself, not retyped.
    import yaml

    with open(args.config, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    bench = next(b for b in doc["benchmarks"] if b["name"] == args.name)
    proto = {**doc.get("protocol", {}), **bench.get("protocol", {})}
    opts = bench["options"]
    args.quantization = opts.get("quantization", "none")
    args.model = os.path.join(os.path.dirname(os.path.abspath(args.config)), opts["model"])
    args.dtype = opts.get("dtype", "fp32")
    args.attn = opts.get("attn_implementation")
    args.prompt_tokens = proto.get("prompt_tokens", args.prompt_tokens)
    args.max_new_tokens = proto.get("max_new_tokens", args.max_new_tokens)
    args.batch_size = proto.get("batch_size", args.batch_size)
    args.warmup = proto.get("warmup", args.warmup)
    args.iterations = proto.get("iterations", args.iterations)
    args.seed = proto.get("seed", args.seed)
if not args.model:
    parser.error("--model or --config is required")

dtype = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}[args.dtype]
config = AutoConfig.from_pretrained(args.model)
torch.manual_seed(args.seed)
kwargs = {"dtype": dtype}
if args.attn:
    kwargs["attn_implementation"] = "sdpa" if args.attn == "sdpa_flash" else args.attn


def random_model():
    with torch.device("cuda"):
        return AutoModelForCausalLM.from_config(config, **kwargs)


def quantized_from_pretrained():
    """Saves random fp16 weights and loads them back through transformers' bitsandbytes integration."""
    from transformers import BitsAndBytesConfig

    if args.quantization == "int8":
        bnb = BitsAndBytesConfig(load_in_8bit=True)
    else:
        bnb = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=torch.float16)
    full = random_model()
    need = 1.5 * full.get_memory_footprint()
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and shutil.disk_usage("/dev/shm").free > need else None
    with tempfile.TemporaryDirectory(dir=shm, prefix="seed-direct-") as tmp:
        full.save_pretrained(tmp)
        del full
        torch.cuda.empty_cache()
        return AutoModelForCausalLM.from_pretrained(tmp, quantization_config=bnb, device_map="cuda", **kwargs), bnb


load_start = time.perf_counter()
if args.quantization == "none":
    model, bnb_config = random_model(), None
else:
    model, bnb_config = quantized_from_pretrained()
load_s = time.perf_counter() - load_start
model.eval()
model.generation_config.eos_token_id = None
model.generation_config.pad_token_id = 0

vocab = config.vocab_size
gen = torch.Generator().manual_seed(args.seed)
ids = torch.randint(min(1000, vocab // 2), vocab, (1, args.prompt_tokens), generator=gen)
ids = ids.expand(args.batch_size, -1).contiguous().cuda()
mask = torch.ones_like(ids)

if args.attn == "sdpa_flash":
    from torch.nn.attention import SDPBackend, sdpa_kernel

    ctx = lambda: sdpa_kernel(SDPBackend.FLASH_ATTENTION)  # noqa: E731
else:
    ctx = contextlib.nullcontext


def once():
    torch.cuda.synchronize()
    start = time.perf_counter()
    with torch.inference_mode(), ctx():
        out = model.generate(
            ids, attention_mask=mask, max_new_tokens=args.max_new_tokens, min_new_tokens=args.max_new_tokens,
            do_sample=False, num_beams=1, pad_token_id=0,
        )
    torch.cuda.synchronize()
    elapsed = time.perf_counter() - start
    assert out.shape[1] - ids.shape[1] == args.max_new_tokens
    return elapsed


for _ in range(args.warmup):
    once()
torch.cuda.reset_peak_memory_stats()
times = [once() for _ in range(args.iterations)]
tok_s = [args.batch_size * args.max_new_tokens / t for t in times]
record = {
    "name": args.name,
    "pass": args.pass_index,
    "e2e_s": times,
    "tok_s": tok_s,
    "median_tok_s": statistics.median(tok_s),
    "mean_e2e_s": statistics.mean(times),
    "max_allocated_mib": torch.cuda.max_memory_allocated() / 2**20,
    "device_name": torch.cuda.get_device_name(),
    "torch": torch.__version__,
    "weights_bytes": model.get_memory_footprint(),
    "load_s": load_s,
    "quantization": args.quantization,
}
if bnb_config is not None:
    import bitsandbytes

    record["bitsandbytes"] = bitsandbytes.__version__
    record["quantization_config"] = {
        k: v for k, v in bnb_config.to_dict().items() if k.startswith(("load_in", "bnb_4bit", "llm_int8_threshold"))
    }
with open(args.out, "a", encoding="utf-8") as fh:
    fh.write(json.dumps(record) + "\n")
print(json.dumps({k: record[k] for k in ("name", "median_tok_s", "max_allocated_mib")}))
