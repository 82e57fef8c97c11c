#!/usr/bin/env python3
"""llm-perf-gate's PyTorch / Hugging Face Transformers harness.

Started by the `transformers` engine (src/engines/transformers/transformersEngine.ts) as
    python3 llm_perf_gate_harness.py --request REQUEST.json --output OUTPUT.json
It runs one round of one benchmark -- warm-up, then measured iterations of greedy generation --
and writes the engine output document (schema/engine-output.schema.json) to OUTPUT.json.

    python3 llm_perf_gate_harness.py --worker --request REQUEST.json
is a persistent worker of A/B trials: it loads the model once, runs the warm-up, says
{"event": "ready", ...}, then answers each stdin line {"op": "iterate", "id": N} with one measured
generation ({"event": "sample", "id": N, "sample": {...}}) until {"op": "shutdown"}, which it
answers with {"event": "done", "memory": [...]} (the worker protocol, docs/command-engine.md).

stdout carries one JSON object per line for progress: {"event": "started" | "warmup" |
"iteration" | "error" | "info", ...}. A failure the harness understands (a missing package, CUDA
out of memory) is an "error" event with a kind from the result schema, then exit code 2 (3 for
out-of-memory); anything else is a traceback on stderr and exit code 1.

Timing (docs/command-engine.md has the metric formulas):
- e2e: time.perf_counter() around model.generate(), with torch.cuda.synchronize() right before the
  start and right after generate returns.
- ttft (default): before each measured generation, a separate generate() of exactly one new token,
  synchronised at both ends: prefill plus the first token, measured on its own, so nothing is
  hooked into the measured generation and e2e is that of plain generate() (small models decode
  CPU-bound at batch 1, where any per-step hook costs throughput).
- ttft and step_ms with options.step_timing: a LogitsProcessor, called by generate() right after
  each forward pass, records a CUDA event there (no host synchronisation); a first event is
  recorded right after the synchronise that starts the clock. ttft = start event to first
  processor event; step_ms = times between consecutive processor events. Costs a little host time
  per step. scripts/gpu/seed_direct.py measures plain generate() to keep both honest.
- memory: torch.cuda.reset_peak_memory_stats() after the warm-up, then max_memory_allocated and
  max_memory_reserved after the measured iterations (weights included: they stay allocated).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import resource
import sys
import time
import traceback

MIN_TORCH = (2, 1)
MIN_TRANSFORMERS = (4, 36)
# transformers' own minimum for its bitsandbytes integration (BITSANDBYTES_MIN_VERSION in 5.x).
MIN_BITSANDBYTES = (0, 46, 1)
DTYPES = {"fp32": "float32", "fp16": "float16", "bf16": "bfloat16"}
# The round's budget (request "time_budget_s") counts from the start of this process.
STARTED = time.perf_counter()


class HarnessError(Exception):
    """A failure with a kind from the result schema's ERROR_KINDS."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def emit(event: dict) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def version_tuple(text: str) -> tuple:
    parts = []
    for piece in text.split("+")[0].split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if digits == "":
            break
        parts.append(int(digits))
    return tuple(parts)


def missing(package: str, config: str, why: str) -> HarnessError:
    return HarnessError(
        "dependency-missing",
        f'{package} is not installed for {sys.executable}; config "{config}" needs it {why}',
    )


def check_dependencies(req: dict):
    """Imports torch and transformers and checks every package the options need, naming the config."""
    name, opts = req["name"], req["options"]
    if importlib.util.find_spec("torch") is None:
        raise missing("PyTorch (torch)", name, "for the transformers engine")
    import torch

    if version_tuple(torch.__version__) < MIN_TORCH:
        raise HarnessError(
            "dependency-missing",
            f'torch {torch.__version__} is too old (>= {".".join(map(str, MIN_TORCH))} needed) for config "{name}"',
        )
    if importlib.util.find_spec("transformers") is None:
        raise missing("transformers", name, "for the transformers engine")
    import transformers

    if version_tuple(transformers.__version__) < MIN_TRANSFORMERS:
        raise HarnessError(
            "dependency-missing",
            f"transformers {transformers.__version__} is too old "
            f'(>= {".".join(map(str, MIN_TRANSFORMERS))} needed) for config "{name}"',
        )
    device = opts.get("device", "cuda")
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise HarnessError(
            "dependency-missing",
            f'CUDA is not available to torch {torch.__version__} (torch.version.cuda={torch.version.cuda}); '
            f'config "{name}" asks for device {device}',
        )
    attn = opts.get("attn_implementation")
    if attn == "flash_attention_2" and importlib.util.find_spec("flash_attn") is None:
        raise missing(
            "flash-attn",
            name,
            "for attn_implementation flash_attention_2 (attn_implementation sdpa_flash runs "
            "PyTorch SDPA's flash backend without it)",
        )
    if attn == "sdpa_flash":
        try:
            from torch.nn.attention import SDPBackend, sdpa_kernel  # noqa: F401
        except ImportError:
            raise HarnessError(
                "dependency-missing",
                f"torch {torch.__version__} has no torch.nn.attention.sdpa_kernel (torch >= 2.3 needed); "
                f'config "{name}" needs it for attn_implementation sdpa_flash',
            )
    quant = opts.get("quantization", "none")
    if quant != "none":
        if importlib.util.find_spec("bitsandbytes") is None:
            raise missing("bitsandbytes", name, f"for quantization {quant}")
        if not device.startswith("cuda"):
            raise HarnessError("config", f'quantization {quant} needs a CUDA device; config "{name}" has {device}')
        check_bitsandbytes(name, quant)
    return torch, transformers


def check_bitsandbytes(name: str, quant: str) -> None:
    """bitsandbytes imports, is recent enough for transformers, and loaded its CUDA library."""
    try:
        import bitsandbytes as bnb
    except Exception as err:  # noqa: BLE001 -- any import failure means the package is unusable
        first_line = (str(err).splitlines() or [""])[0]
        raise HarnessError(
            "dependency-missing",
            f"bitsandbytes is installed but does not import ({type(err).__name__}: {first_line}); "
            f'config "{name}" needs it for quantization {quant}',
        )
    version = getattr(bnb, "__version__", "0")
    if version_tuple(version) < MIN_BITSANDBYTES:
        raise HarnessError(
            "dependency-missing",
            f"bitsandbytes {version} is too old (>= {'.'.join(map(str, MIN_BITSANDBYTES))} needed, as transformers "
            f'requires) for config "{name}" (quantization {quant})',
        )
    try:
        lib = importlib.import_module("bitsandbytes.cextension").lib
    except (ImportError, AttributeError):  # a layout this check does not know: left to the run
        lib = None
    if type(lib).__name__ == "ErrorHandlerMockBNBNativeLibrary":
        # bitsandbytes imports without its native library and fails only at the first kernel call.
        raise HarnessError(
            "dependency-missing",
            f"bitsandbytes {version} has no usable CUDA library for this torch "
            f'({getattr(lib, "error_msg", "library not loaded")}); config "{name}" needs it for quantization {quant}',
        )


def synchronizer(torch, device: str):
    if device.startswith("cuda"):
        return lambda: torch.cuda.synchronize(device)
    return lambda: None


def load_model(torch, transformers, req: dict):
    opts, name = req["options"], req["name"]
    from transformers import AutoConfig, AutoModelForCausalLM

    model_id = opts["model"]
    dtype = getattr(torch, DTYPES[opts.get("dtype", "fp32")])
    attn = opts.get("attn_implementation")
    attn_arg = "sdpa" if attn == "sdpa_flash" else attn
    quant = opts.get("quantization", "none")
    device = opts.get("device", "cuda")
    # transformers 4.56 renamed torch_dtype to dtype; older versions ignore an unknown `dtype`.
    dtype_kw = "dtype" if version_tuple(transformers.__version__) >= (4, 56) else "torch_dtype"
    kwargs = {dtype_kw: dtype}
    if attn_arg is not None:
        kwargs["attn_implementation"] = attn_arg
    try:
        config = AutoConfig.from_pretrained(model_id)
    except (OSError, ValueError) as err:
        raise HarnessError("model", f'cannot load the model config of "{model_id}" for config "{name}": {err}')
    torch.manual_seed(req["seed"])
    if opts.get("weights", "pretrained") == "random":
        # Built from the config alone: no weight download. Created straight on the device so a 7B
        # model does not take minutes of CPU initialisation.
        with torch.device(device):
            model = AutoModelForCausalLM.from_config(config, **kwargs)
        if quant != "none":
            quantize_linear_layers(torch, model, bnb_config(torch, quant, dtype), device, name)
    else:
        if quant != "none":
            kwargs["quantization_config"] = bnb_config(torch, quant, dtype)
        try:
            model = AutoModelForCausalLM.from_pretrained(model_id, device_map=device, **kwargs)
        except OSError as err:
            raise HarnessError("model", f'cannot load the weights of "{model_id}" for config "{name}": {err}')
    model.eval()
    if quant == "none":
        actual = next(model.parameters()).dtype
        if actual != dtype:
            raise HarnessError("internal", f'model loaded as {actual}, not {dtype}, for config "{name}"')
    return model, config


def bnb_config(torch, quant: str, dtype):
    """transformers' BitsAndBytesConfig for a quantization option.

    int8 is LLM.int8 with transformers' defaults (outlier threshold 6.0); nf4 is 4-bit NormalFloat
    computing in the model's dtype, fp16 for an fp32 model (the seed study's setting).
    """
    from transformers import BitsAndBytesConfig

    if quant == "int8":
        return BitsAndBytesConfig(load_in_8bit=True)
    compute = dtype if dtype != torch.float32 else torch.float16
    return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=compute)


def quantize_linear_layers(torch, model, cfg, device: str, name: str) -> int:
    """Swaps the linear layers of a randomly initialised model for bitsandbytes layers set up from `cfg`.

    from_pretrained(quantization_config=cfg) swaps them while loading weights; a model built from
    its config has none to load, so the swap happens here the same way (the output head and
    cfg.llm_int8_skip_modules stay in full precision; GPT-2's Conv1D stores its weight transposed).
    scripts/gpu/bnb_check.py checks on the GPU that both give the same layers and bit-identical
    weights. NF4 weights are quantized where they are; LLM.int8 quantizes when its weights move
    from the CPU to the device. New layers start on the meta device: no throw-away initialisation.
    """
    import bitsandbytes as bnb

    head = model.get_output_embeddings()
    skip = list(cfg.llm_int8_skip_modules or [])
    targets = []
    for parent_name, parent in model.named_modules():
        for child_name, child in parent.named_children():
            full = f"{parent_name}.{child_name}" if parent_name else child_name
            linear = isinstance(child, torch.nn.Linear) or type(child).__name__ == "Conv1D"
            if linear and child is not head and not any(s in full.split(".") or s == full for s in skip):
                targets.append((parent, child_name, child))
    if not targets:
        raise HarnessError("model", f'config "{name}" has no linear layers to quantize')
    count = len(targets)
    while targets:  # popped, so each full-precision layer is freed once swapped
        parent, child_name, child = targets.pop()
        conv1d = type(child).__name__ == "Conv1D"
        weight = (child.weight.data.t() if conv1d else child.weight.data).to(torch.float16).contiguous()
        out_f, in_f = weight.shape
        has_bias = child.bias is not None
        if cfg.load_in_8bit:
            new = bnb.nn.Linear8bitLt(
                in_f, out_f, bias=has_bias, has_fp16_weights=cfg.llm_int8_has_fp16_weight,
                threshold=cfg.llm_int8_threshold, device="meta",
            )
            new.weight = bnb.nn.Int8Params(
                weight.to("cpu"), requires_grad=False, has_fp16_weights=cfg.llm_int8_has_fp16_weight
            )
        else:
            new = bnb.nn.Linear4bit(
                in_f, out_f, bias=has_bias, compute_dtype=cfg.bnb_4bit_compute_dtype,
                compress_statistics=cfg.bnb_4bit_use_double_quant, quant_type=cfg.bnb_4bit_quant_type,
                quant_storage=cfg.bnb_4bit_quant_storage, device="meta",
            )
            new.weight = bnb.nn.Params4bit(
                weight, requires_grad=False, compress_statistics=cfg.bnb_4bit_use_double_quant,
                quant_type=cfg.bnb_4bit_quant_type, quant_storage=cfg.bnb_4bit_quant_storage, module=new,
            )
        if has_bias:
            new.bias = torch.nn.Parameter(child.bias.data.to(torch.float16), requires_grad=False)
        del weight
        # bitsandbytes quantizes when the parameters move to the device.
        setattr(parent, child_name, new.to(device))
        del child
    if device.startswith("cuda"):
        torch.cuda.empty_cache()
    return count


def quantization_info(torch, model, opts: dict, name: str) -> dict:
    """What the quantized model really runs, read off its layers, for the result's engine_info."""
    quant = opts.get("quantization", "none")
    if quant == "none":
        return {}
    import bitsandbytes as bnb

    layers = [m for m in model.modules() if isinstance(m, (bnb.nn.Linear4bit, bnb.nn.Linear8bitLt))]
    if not layers:
        # Fail closed: no figures under a quantization label for a model that is not quantized.
        raise HarnessError("internal", f'config "{name}" asked for quantization {quant}, and no layer is quantized')
    first = layers[0]
    cfg = bnb_config(torch, quant, getattr(torch, DTYPES[opts.get("dtype", "fp32")])).to_dict()
    keys = ("load_in_8bit", "llm_int8_threshold", "llm_int8_has_fp16_weight", "load_in_4bit", "bnb_4bit_quant_type",
            "bnb_4bit_compute_dtype", "bnb_4bit_use_double_quant", "bnb_4bit_quant_storage")
    info = {
        "bitsandbytes": bnb.__version__,
        "quantization_config": json.dumps({k: cfg[k] for k in keys if k in cfg}, sort_keys=True, default=str),
        "quantized_layers": len(layers),
        "quantized_layer_type": type(first).__name__,
        "quantization_path": (
            "from_pretrained(quantization_config=BitsAndBytesConfig)"
            if opts.get("weights", "pretrained") != "random"
            else "random fp16 weights built on the device; linear layers swapped for bitsandbytes layers "
            "set up from the BitsAndBytesConfig, as from_pretrained does"
        ),
    }
    if isinstance(first, bnb.nn.Linear4bit):
        info.update(
            quant_type=first.weight.quant_type,
            compute_dtype=str(first.compute_dtype).replace("torch.", ""),
            quant_blocksize=first.weight.blocksize,
            quant_double_quant=bool(first.weight.compress_statistics),
            quant_storage=str(first.weight.quant_storage).replace("torch.", ""),
        )
    else:
        info.update(
            quant_type="LLM.int8 (int8 matmul; activation columns above the threshold in fp16)",
            compute_dtype=str(next(model.parameters()).dtype).replace("torch.", ""),
            llm_int8_threshold=first.state.threshold,
        )
    return info


def prompt_ids(torch, req: dict, config):
    batch, opts = req["batch_size"], req["options"]
    if req.get("prompt_tokens"):
        # A synthetic prompt: token ids drawn from the seed, away from the low ids where special
        # tokens usually live. The same row for every sequence, as a text prompt would be.
        vocab = int(getattr(config, "vocab_size", 32000))
        generator = torch.Generator().manual_seed(int(req["seed"]))
        low = min(1000, vocab // 2)
        row = torch.randint(low, vocab, (1, int(req["prompt_tokens"])), generator=generator)
        return row.expand(batch, -1).contiguous()
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(opts["model"])
    except (OSError, ValueError) as err:
        raise HarnessError(
            "config",
            f'the text prompt needs a tokenizer, and "{opts["model"]}" has none ({err}); '
            f'set protocol.prompt_tokens for config "{req["name"]}" instead',
        )
    return tokenizer([req["prompt"]] * batch, return_tensors="pt").input_ids


def make_clock(torch, device: str):
    """A LogitsProcessor that marks the end of each forward pass without stalling generation.

    On CUDA it records an event on the current stream (no host synchronisation, so the host keeps
    queueing work as plain generate() does); the times are read after generate() returns. On the
    CPU it stamps perf_counter().
    """
    from transformers import LogitsProcessor

    cuda = device.startswith("cuda")

    class StepClock(LogitsProcessor):
        def __init__(self):
            self.marks = []
            self.start = None

        def begin(self):
            self.marks = []
            if cuda:
                self.start = torch.cuda.Event(enable_timing=True)
                self.start.record()
            else:
                self.start = time.perf_counter()

        def __call__(self, input_ids, scores):
            if cuda:
                event = torch.cuda.Event(enable_timing=True)
                event.record()
                self.marks.append(event)
            else:
                self.marks.append(time.perf_counter())
            return scores

        def offsets_ms(self):
            """Milliseconds from begin() to each mark; call after the device is synchronised."""
            if cuda:
                return [self.start.elapsed_time(e) for e in self.marks]
            return [(m - self.start) * 1000 for m in self.marks]

    return StepClock()


def load_logits_processor(req: dict):
    """options.logits_processor "file.py:Class" (relative to the config): the repository's own
    decoding-time code, instantiated without arguments and added to every generation."""
    spec_text = req["options"].get("logits_processor")
    if not spec_text:
        return None
    import importlib.util

    file_part, _, class_name = spec_text.rpartition(":")
    if not file_part or not class_name:
        raise HarnessError(
            "config", f'logits_processor must be "file.py:ClassName", got "{spec_text}" (config "{req["name"]}")'
        )
    path = os.path.join(req.get("config_dir") or ".", file_part)
    if not os.path.isfile(path):
        raise HarnessError("config", f'logits_processor file {path} not found (config "{req["name"]}")')
    module_spec = importlib.util.spec_from_file_location("llm_perf_gate_user_logits_processor", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    cls = getattr(module, class_name, None)
    if cls is None:
        raise HarnessError("config", f'{path} has no {class_name} (logits_processor of config "{req["name"]}")')
    return cls()


class Session:
    """A loaded model and everything one measured generation needs (open_session builds it)."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


def open_session(req: dict) -> Session:
    torch, transformers = check_dependencies(req)
    opts, name = req["options"], req["name"]
    device = opts.get("device", "cuda")
    sync = synchronizer(torch, device)
    load_start = time.perf_counter()
    model, config = load_model(torch, transformers, req)
    if device.startswith("cuda"):
        sync()
    load_ms = (time.perf_counter() - load_start) * 1000
    # Fails closed at load: no figures under a quantization label for a model that is not quantized.
    quant_info = quantization_info(torch, model, opts, name)

    if opts.get("compile"):
        # A static KV cache keeps shapes fixed, so the compiled graph is reused at every step.
        model.generation_config.cache_implementation = "static"
        model.forward = torch.compile(model.forward, mode="reduce-overhead")

    n_new = int(req["max_new_tokens"])
    ids = prompt_ids(torch, req, config).to(device)
    prompt_len = ids.shape[1]
    pad = config.pad_token_id if getattr(config, "pad_token_id", None) is not None else 0
    # Exactly max_new_tokens come out: no EOS with random weights, and min_new_tokens otherwise.
    if opts.get("weights", "pretrained") == "random":
        model.generation_config.eos_token_id = None
    model.generation_config.pad_token_id = pad
    from transformers import LogitsProcessorList

    clock = make_clock(torch, device)
    gen_kwargs = dict(
        attention_mask=torch.ones_like(ids),
        max_new_tokens=n_new,
        min_new_tokens=n_new,
        do_sample=False,
        num_beams=1,
        pad_token_id=pad,
    )
    step_timing = bool(opts.get("step_timing"))
    processors = []
    user_processor = load_logits_processor(req)
    if user_processor is not None:
        processors.append(user_processor)
    if step_timing:
        processors.append(clock)
    if processors:
        gen_kwargs["logits_processor"] = LogitsProcessorList(processors)

    if opts.get("attn_implementation") == "sdpa_flash":
        from torch.nn.attention import SDPBackend, sdpa_kernel

        attention_context = lambda: sdpa_kernel(SDPBackend.FLASH_ATTENTION)  # noqa: E731
    else:
        import contextlib

        attention_context = contextlib.nullcontext

    def prefill_ms():
        """Time to the first token: a generate() of one new token, synchronised at both ends."""
        sync()
        start = time.perf_counter()
        with torch.inference_mode(), attention_context():
            model.generate(ids, **{**gen_kwargs, "max_new_tokens": 1, "min_new_tokens": 1})
        sync()
        return (time.perf_counter() - start) * 1000

    def generate_once():
        first_ms = None if step_timing else prefill_ms()
        sync()
        start = time.perf_counter()
        # Recorded on an idle stream right after the synchronise: it completes at `start`.
        clock.begin()
        with torch.inference_mode(), attention_context():
            out = model.generate(ids, **gen_kwargs)
        sync()
        end = time.perf_counter()
        new = out[:, prompt_len:]
        if new.shape[1] != n_new:
            raise HarnessError(
                "internal", f'generate() returned {new.shape[1]} new tokens, not {n_new}, for config "{name}"'
            )
        marks = clock.offsets_ms() if step_timing else []
        e2e_ms = (end - start) * 1000
        ttft_ms = min(marks[0] if marks else first_ms, e2e_ms)
        sample = {
            "e2e_ms": e2e_ms,
            "ttft_ms": ttft_ms,
            "new_tokens": n_new,
            "batch_size": int(ids.shape[0]),
            "prompt_tokens": int(prompt_len),
            "round": int(req["round"]),
        }
        if step_timing:
            sample["step_ms"] = [b - a for a, b in zip(marks, marks[1:])]
        digest = hashlib.sha256(new.to("cpu").contiguous().numpy().tobytes()).hexdigest()[:16]
        return sample, digest

    def once():
        try:
            return generate_once()
        except RuntimeError as err:
            if "No available kernel" in str(err):
                raise HarnessError(
                    "provider-unavailable",
                    f"PyTorch SDPA's flash backend cannot run this workload for config \"{name}\" "
                    f"(dtype {opts.get('dtype')}, device {device}): {str(err).splitlines()[0]}",
                )
            raise

    def reset_peaks():
        if device.startswith("cuda"):
            sync()
            torch.cuda.reset_peak_memory_stats(device)

    def memory(after_reset=True):
        since = "after reset_peak_memory_stats" if after_reset else "since the process started (load and warm-up)"
        peaks = [
            {
                "metric": "host_rss_peak_mib",
                "value_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "source": "getrusage(RUSAGE_SELF).ru_maxrss of the harness process",
            }
        ]
        if device.startswith("cuda"):
            peaks += [
                {
                    "metric": "torch_max_allocated_mib",
                    "value_mib": torch.cuda.max_memory_allocated(device) / 2**20,
                    "source": f"torch.cuda.max_memory_allocated {since} (weights included)",
                },
                {
                    "metric": "torch_max_reserved_mib",
                    "value_mib": torch.cuda.max_memory_reserved(device) / 2**20,
                    "source": f"torch.cuda.max_memory_reserved {since}",
                },
            ]
        return peaks

    def info(digests):
        attn_used = getattr(model.config, "_attn_implementation", None)
        return {
            "pid": os.getpid(),
            "python": platform.python_version(),
            "torch": torch.__version__,
            "torch_cuda": torch.version.cuda,
            "transformers": transformers.__version__,
            "device": device,
            "device_name": torch.cuda.get_device_name(device) if device.startswith("cuda") else platform.processor(),
            "model": opts["model"],
            "model_type": getattr(config, "model_type", None),
            "weights": opts.get("weights", "pretrained"),
            "dtype": str(next(model.parameters()).dtype).replace("torch.", ""),
            "quantization": opts.get("quantization", "none"),
            "compile": bool(opts.get("compile")),
            "attn_implementation_requested": opts.get("attn_implementation"),
            "attn_implementation": (
                f"sdpa_flash (PyTorch SDPA restricted to SDPBackend.FLASH_ATTENTION; model attn {attn_used})"
                if opts.get("attn_implementation") == "sdpa_flash"
                else attn_used
            ),
            "logits_processor": opts.get("logits_processor"),
            "parameters": sum(p.numel() for p in model.parameters()),
            "weights_mib": model.get_memory_footprint() / 2**20,
            "load_ms": load_ms,
            "timing": "e2e: perf_counter around generate(), device synchronised at both ends; "
            + (
                "ttft and step_ms: CUDA events at the start and after each forward pass (LogitsProcessor)"
                if step_timing
                else "ttft: a separate generate() of 1 new token before each iteration, synchronised at both ends"
            ),
            "tokens_identical_across_iterations": len(set(digests)) <= 1,
            **quant_info,
        }

    return Session(once=once, reset_peaks=reset_peaks, memory=memory, info=info, load_ms=load_ms)


def run(req: dict) -> dict:
    session = open_session(req)
    for i in range(int(req["warmup"])):
        session.once()
        emit({"event": "warmup", "index": i, "total": int(req["warmup"])})
    session.reset_peaks()
    samples, digests = [], []
    total = int(req["iterations"])
    budget = req.get("time_budget_s")
    for i in range(total):
        # budget.max_seconds: no new iteration once it ran out (one is always measured).
        if i > 0 and budget is not None and time.perf_counter() - STARTED >= budget:
            break
        sample, digest = session.once()
        samples.append(sample)
        digests.append(digest)
        emit({"event": "iteration", "index": i, "total": total, "sample": sample})
    return {
        "iterations": samples,
        "memory": session.memory(),
        "engine_info": session.info(digests),
        "tokens_digest": digests[0],
    }


WORKER_PROTOCOL = 1


def error_event(err: BaseException, name: str) -> dict:
    """The protocol's error message for a failure, or None for one the harness cannot classify."""
    if isinstance(err, HarnessError):
        return {"event": "error", "kind": err.kind, "message": str(err)}
    if is_out_of_memory(err):
        return {
            "event": "error",
            "kind": "out-of-memory",
            "message": f'CUDA ran out of memory for config "{name}": {str(err).splitlines()[0]}',
        }
    return None


def serve(session, req: dict, lines, started: float) -> int:
    """Worker mode after the model is loaded: warm-up, `ready`, then one iteration per request."""
    warm_start = time.perf_counter()
    digests = []
    for i in range(int(req["warmup"])):
        digests.append(session.once()[1])
        emit({"event": "warmup", "index": i, "total": int(req["warmup"])})
    warmup_ms = (time.perf_counter() - warm_start) * 1000
    # What one more copy of this worker needs: its peaks through load and warm-up.
    before = session.memory(after_reset=False)
    session.reset_peaks()
    emit(
        {
            "event": "ready",
            "protocol": WORKER_PROTOCOL,
            "pid": os.getpid(),
            "warmup": int(req["warmup"]),
            "load_ms": (time.perf_counter() - started) * 1000 - warmup_ms,
            "warmup_ms": warmup_ms,
            "engine_info": {**session.info(digests), "worker": "persistent (llm_perf_gate_harness.py --worker)"},
            "memory": before,
        }
    )
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            request = json.loads(line)
        except ValueError:
            emit({"event": "error", "kind": "internal", "message": f"not a JSON request line: {line[:200]}"})
            return 2
        op = request.get("op")
        if op == "iterate":
            try:
                sample, digest = session.once()
            except Exception as err:  # noqa: BLE001 -- one failed iteration is answered; the worker stays
                event = error_event(err, req["name"])
                if event is None:
                    traceback.print_exc()
                    event = {"event": "error", "kind": "internal", "message": f"{type(err).__name__}: {err}"}
                emit({**event, "id": request.get("id")})
                continue
            digests.append(digest)
            emit({"event": "sample", "id": request.get("id"), "sample": sample, "tokens_digest": digest})
        elif op == "shutdown":
            emit({"event": "done", "memory": session.memory(), "engine_info": session.info(digests)})
            return 0
        else:
            emit({"event": "error", "kind": "internal", "message": f"unknown request: {line[:200]}"})
            return 2
    return 0


def worker(req: dict, lines, started: float) -> int:
    """--worker: load once, then serve (docs/command-engine.md, "Worker mode")."""
    emit({"event": "started", "pid": os.getpid()})
    try:
        session = open_session(req)
        return serve(session, req, lines, started)
    except Exception as err:  # noqa: BLE001 -- classified, then reported with its traceback
        event = error_event(err, req["name"])
        if event is None:
            traceback.print_exc()
            return 1
        emit(event)
        return 3 if event["kind"] == "out-of-memory" else 2


def is_out_of_memory(err: BaseException) -> bool:
    torch = sys.modules.get("torch")
    oom_type = getattr(torch, "OutOfMemoryError", None) if torch else None
    if oom_type is not None and isinstance(err, oom_type):
        return True
    return "CUDA out of memory" in str(err) or "CUDA error: out of memory" in str(err)


def main(argv=None) -> int:
    started = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--request", required=True, help="JSON file with the request (snake_case fields)")
    parser.add_argument("--output", help="where to write the engine output JSON (not with --worker)")
    parser.add_argument(
        "--worker", action="store_true", help="serve one measured iteration per stdin request line (worker protocol)"
    )
    args = parser.parse_args(argv)
    if not args.worker and not args.output:
        parser.error("--output is required without --worker")
    with open(args.request, encoding="utf-8") as fh:
        req = json.load(fh)
    if args.worker:
        return worker(req, sys.stdin, started)
    emit({"event": "started", "pid": os.getpid()})
    try:
        output = run(req)
    except Exception as err:  # noqa: BLE001 -- classified, then reported with its traceback
        event = error_event(err, req["name"])
        if event is None:
            traceback.print_exc()
            return 1
        if event["kind"] == "out-of-memory":
            traceback.print_exc()
        emit(event)
        return 3 if event["kind"] == "out-of-memory" else 2
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(output, fh)
    os.replace(tmp, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
