#!/usr/bin/env python3
"""This repository's own benchmark program for llm-perf-gate's `command` engine, in worker mode.

Loads the model once (random weights from models/*/config.json, built on the device), warms up,
says {"event": "ready"}, then answers each {"op": "iterate", "id": N} on stdin with one measured
greedy generation, until {"op": "shutdown"} (docs/command-engine.md, "Worker mode"). The repo's
LogitsProcessor (decoding/constraints.py) runs in every generation. Without $LLM_PERF_GATE_WORKER it
runs once: warm-up and the requested iterations, written to $LLM_PERF_GATE_OUTPUT.
"""
import importlib.util
import json
import os
import sys
import time

STARTED = time.perf_counter()
import torch  # noqa: E402
from transformers import AutoConfig, AutoModelForCausalLM, LogitsProcessorList  # noqa: E402

req = json.load(open(os.environ["LLM_PERF_GATE_REQUEST"], encoding="utf-8"))
device = os.environ.get("SERVE_DEVICE", "cuda")
dtype = {"fp16": torch.float16, "bf16": torch.bfloat16, "fp32": torch.float32}[os.environ.get("SERVE_DTYPE", "fp16")]
config = AutoConfig.from_pretrained(os.environ["SERVE_MODEL"])
torch.manual_seed(req["seed"])
import transformers  # noqa: E402

# transformers 4.56 renamed torch_dtype to dtype.
version = tuple(int(p) for p in transformers.__version__.split(".")[:2] if p.isdigit())
dtype_kw = "dtype" if version >= (4, 56) else "torch_dtype"
with torch.device(device):  # built on the device: no slow CPU initialisation of 7B weights
    model = AutoModelForCausalLM.from_config(config, attn_implementation="sdpa", **{dtype_kw: dtype}).eval()
model.generation_config.eos_token_id = None
sync = (lambda: torch.cuda.synchronize(device)) if device.startswith("cuda") else (lambda: None)
sync()
load_ms = (time.perf_counter() - STARTED) * 1000
spec = importlib.util.spec_from_file_location("constraints", os.path.join(os.path.dirname(__file__), "..", "decoding", "constraints.py"))
constraints = importlib.util.module_from_spec(spec)
spec.loader.exec_module(constraints)
n = req["max_new_tokens"]
ids = torch.randint(1000, config.vocab_size, (req["batch_size"], req["prompt_tokens"] or 8), generator=torch.Generator().manual_seed(req["seed"])).to(device)
kw = dict(attention_mask=torch.ones_like(ids), do_sample=False, num_beams=1, pad_token_id=0,
          logits_processor=LogitsProcessorList([constraints.RepoConstraint()]))


def timed(new_tokens):
    sync()
    t0 = time.perf_counter()
    with torch.inference_mode():
        model.generate(ids, max_new_tokens=new_tokens, min_new_tokens=new_tokens, **kw)
    sync()
    return (time.perf_counter() - t0) * 1000


def iteration():
    ttft = timed(1)
    e2e = timed(n)
    return {"e2e_ms": e2e, "ttft_ms": min(ttft, e2e), "new_tokens": n, "batch_size": ids.shape[0], "prompt_tokens": ids.shape[1]}


def memory():
    if not device.startswith("cuda"):
        return []
    return [{"metric": "torch_max_reserved_mib", "value_mib": torch.cuda.max_memory_reserved(device) / 2**20,
             "source": "torch.cuda.max_memory_reserved (serve.py)"}]


def send(m):
    sys.stdout.write(json.dumps(m) + "\n")
    sys.stdout.flush()


info = {"program": "bench/serve.py", "torch": torch.__version__, "model_type": config.model_type, "load_ms": load_ms}
warm = time.perf_counter()
for _ in range(req["warmup"]):
    iteration()
if os.environ.get("LLM_PERF_GATE_WORKER") == "1":
    send({"event": "ready", "protocol": 1, "warmup": req["warmup"], "load_ms": load_ms,
          "warmup_ms": (time.perf_counter() - warm) * 1000, "engine_info": info, "memory": memory(), "pid": os.getpid()})
    if device.startswith("cuda"):
        torch.cuda.reset_peak_memory_stats(device)
    for line in sys.stdin:
        r = json.loads(line)
        if r["op"] == "shutdown":
            send({"event": "done", "memory": memory(), "engine_info": info})
            break
        send({"event": "sample", "id": r["id"], "sample": iteration()})
    sys.exit(0)
samples = [iteration() for _ in range(req["iterations"])]
json.dump({"iterations": samples, "memory": memory(), "engine_info": info}, open(os.environ["LLM_PERF_GATE_OUTPUT"], "w"))
