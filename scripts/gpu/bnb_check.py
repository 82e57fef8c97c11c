#!/usr/bin/env python3
"""Checks an installed bitsandbytes on the GPU before the seed table uses it.

    python3 scripts/gpu/bnb_check.py --out bnb-check.json [--setup-seconds N]

1. It imports: the version, what importlib.metadata reports (what transformers' availability check
   reads), whether transformers sees it, and which native library was loaded.
2. LLM.int8: a Linear8bitLt (bnb.matmul inside, threshold 6.0, one activation column above the
   threshold so the mixed int8/fp16 decomposition runs) against the same layer in fp16.
3. NF4: a Linear4bit with compute dtype fp16, at 1 token (the inference kernel) and 16 tokens,
   against fp16 with the dequantized weights (the kernel's own error) and with the original weights
   (the quantization's error).
4. The harness's quantized loading of random weights (python/llm_perf_gate_harness.py: linear layers
   swapped for bitsandbytes layers on the GPU) against transformers' own path
   (from_pretrained(quantization_config=BitsAndBytesConfig(...)) of the same weights saved to disk),
   on small GPT-2 (int8) and Mistral (nf4) models: the same layers, bit-identical quantized weights,
   the same logits and footprint.

Writes every figure and bound to --out; exit code 0 only when every check passed.
"""

import argparse
import importlib
import importlib.metadata
import json
import os
import sys
import tempfile
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Relative Frobenius error bounds. LLM.int8 rounds weights per row and activations per token to
# 127 levels (~1% error on Gaussian data); NF4 has 16 levels per 64-weight block (~10%); the 4-bit
# kernels against fp16 with the same dequantized weights differ only by accumulation order.
INT8_BOUND = 0.03
NF4_QUANT_BOUND = 0.2
NF4_KERNEL_BOUND = 0.01


def rel_err(y, ref):
    return float((y.float() - ref.float()).norm() / ref.float().norm())


def check(name, value, bound):
    ok = value < bound
    print(f"bnb-check: {name}: {value:.5f} (bound {bound}) {'ok' if ok else 'FAILED'}")
    return {"value": value, "bound": bound, "ok": ok}


def environment():
    import bitsandbytes as bnb
    import transformers

    try:
        from transformers.utils import is_bitsandbytes_available
    except ImportError:
        from transformers.utils.import_utils import is_bitsandbytes_available
    lib = getattr(importlib.import_module("bitsandbytes.cextension"), "lib", None)
    native = getattr(getattr(lib, "_lib", None), "_name", None)
    info = {
        "bitsandbytes": bnb.__version__,
        "bitsandbytes_file": bnb.__file__,
        "metadata_version": importlib.metadata.version("bitsandbytes"),
        "transformers": transformers.__version__,
        "transformers_sees_bitsandbytes": bool(is_bitsandbytes_available()),
        "native_library": native,
        "native_library_class": type(lib).__name__,
        "torch": torch.__version__,
        "torch_cuda": torch.version.cuda,
        "device": torch.cuda.get_device_name(),
        "compute_capability": ".".join(map(str, torch.cuda.get_device_capability())),
    }
    for k, v in info.items():
        print(f"bnb-check: {k}: {v}")
    info["ok"] = info["transformers_sees_bitsandbytes"] and info["native_library_class"] == "CudaBNBNativeLibrary"
    return info


def layer_checks():
    import bitsandbytes as bnb

    torch.manual_seed(0)
    k, n = 4096, 4096
    weight = (torch.randn(n, k) * 0.02).half().cuda()
    out = {}
    # LLM.int8: quantized when moved from the CPU to the GPU.
    lin8 = bnb.nn.Linear8bitLt(k, n, bias=False, has_fp16_weights=False, threshold=6.0)
    lin8.weight = bnb.nn.Int8Params(weight.cpu(), requires_grad=False, has_fp16_weights=False)
    lin8 = lin8.cuda()
    x = torch.randn(16, k, device="cuda", dtype=torch.float16)
    x[:, 7] *= 20  # an outlier feature: |x| > 6 goes through the fp16 part of the decomposition
    with torch.inference_mode():
        y = lin8(x)
        out["int8_16_tokens_vs_fp16"] = check("LLM.int8 16 tokens vs fp16", rel_err(y, x @ weight.t()), INT8_BOUND)
        x1 = torch.randn(1, k, device="cuda", dtype=torch.float16)
        y1 = lin8(x1)
        out["int8_1_token_vs_fp16"] = check("LLM.int8 1 token vs fp16", rel_err(y1, x1 @ weight.t()), INT8_BOUND)
    # NF4, compute dtype fp16, no double quantization (transformers' defaults for load_in_4bit).
    lin4 = bnb.nn.Linear4bit(
        k, n, bias=False, compute_dtype=torch.float16, compress_statistics=False, quant_type="nf4"
    )
    lin4.weight = bnb.nn.Params4bit(
        weight, requires_grad=False, compress_statistics=False, quant_type="nf4", module=lin4
    )
    lin4 = lin4.cuda()
    deq = bnb.functional.dequantize_4bit(lin4.weight.data, lin4.weight.quant_state).half()
    with torch.inference_mode():
        for tokens in (1, 16):
            xs = torch.randn(1, tokens, k, device="cuda", dtype=torch.float16)
            y = lin4(xs)
            out[f"nf4_{tokens}_tokens_kernel"] = check(
                f"NF4 {tokens} token(s) vs fp16 with the dequantized weights", rel_err(y, xs @ deq.t()), NF4_KERNEL_BOUND
            )
            out[f"nf4_{tokens}_tokens_vs_fp16"] = check(
                f"NF4 {tokens} token(s) vs fp16 with the original weights", rel_err(y, xs @ weight.t()), NF4_QUANT_BOUND
            )
    out["ok"] = all(v["ok"] for v in out.values())
    return out


TINY = {
    "gpt2": dict(model_type="gpt2", n_layer=2, n_embd=256, n_head=4, vocab_size=1024, n_positions=128),
    "mistral": dict(
        model_type="mistral", hidden_size=256, intermediate_size=512, num_hidden_layers=2, num_attention_heads=4,
        num_key_value_heads=2, vocab_size=1024, max_position_embeddings=128,
    ),
}


def quantized_state(model):
    """name -> (class, tensors that define the quantized layer) for every bitsandbytes layer."""
    import bitsandbytes as bnb

    layers = {}
    for name, mod in model.named_modules():
        if isinstance(mod, bnb.nn.Linear4bit):
            qs = mod.weight.quant_state
            settings = (qs.blocksize, qs.quant_type, str(qs.dtype), str(mod.compute_dtype))
            layers[name] = ("Linear4bit", [mod.weight.data, qs.absmax], settings)
        elif isinstance(mod, bnb.nn.Linear8bitLt):
            scb = mod.weight.SCB if mod.weight.SCB is not None else mod.state.SCB
            layers[name] = ("Linear8bitLt", [mod.weight.data, scb], (mod.state.threshold, mod.state.has_fp16_weights))
    return layers


def compare_with_from_pretrained(kind, quant):
    """The harness's random-weight quantized model against from_pretrained of the same weights."""
    sys.path.insert(0, os.path.join(ROOT, "python"))
    import llm_perf_gate_harness as harness
    from transformers import AutoConfig, AutoModelForCausalLM

    with tempfile.TemporaryDirectory() as tmp:
        cfg_dir, ckpt = os.path.join(tmp, "config"), os.path.join(tmp, "checkpoint")
        config = AutoConfig.for_model(**TINY[kind])
        config.save_pretrained(cfg_dir)
        req = {
            "name": f"tiny-{kind}-{quant}", "seed": 0,
            "options": {"model": cfg_dir, "weights": "random", "dtype": "fp16", "quantization": quant,
                        "attn_implementation": "eager", "device": "cuda"},
        }
        tr = harness.check_dependencies(req)[1]
        ours, _ = harness.load_model(torch, tr, req)
        # The same random weights, built as the harness builds them, through the integration.
        torch.manual_seed(0)
        with torch.device("cuda"):
            full = AutoModelForCausalLM.from_config(
                AutoConfig.from_pretrained(cfg_dir), dtype=torch.float16, attn_implementation="eager"
            )
        full.save_pretrained(ckpt)
        del full
        theirs = AutoModelForCausalLM.from_pretrained(
            ckpt, quantization_config=harness.bnb_config(torch, quant, torch.float16), device_map="cuda",
            dtype=torch.float16, attn_implementation="eager",
        )
    a, b = quantized_state(ours), quantized_state(theirs)
    same_layers = {k: v[0] for k, v in a.items()} == {k: v[0] for k, v in b.items()}
    same_settings = same_layers and all(a[k][2] == b[k][2] for k in a)
    same_weights = same_layers and all(torch.equal(x, y) for k in a for x, y in zip(a[k][1], b[k][1]))
    ids = torch.randint(100, 1000, (1, 12), generator=torch.Generator().manual_seed(1)).cuda()
    with torch.inference_mode():
        diff = float((ours(ids).logits.float() - theirs(ids).logits.float()).abs().max())
    result = {
        "quantized_layers_harness": len(a),
        "quantized_layers_from_pretrained": len(b),
        "only_in_harness": sorted(set(a) - set(b)),
        "only_in_from_pretrained": sorted(set(b) - set(a)),
        "same_layer_types": same_layers,
        "same_layer_settings": same_settings,
        "bit_identical_quantized_weights": same_weights,
        "max_abs_logit_difference": diff,
        "footprint_bytes": [ours.get_memory_footprint(), theirs.get_memory_footprint()],
    }
    result["ok"] = same_layers and same_settings and same_weights and diff < 1e-2
    print(f"bnb-check: harness vs from_pretrained, tiny {kind} {quant}: {json.dumps(result)}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--setup-seconds", type=float, help="how long the build or unpacking took, recorded")
    args = parser.parse_args()
    start = time.perf_counter()
    report = {"setup_seconds": args.setup_seconds}
    steps = [
        ("environment", environment),
        ("layers", layer_checks),
        ("harness_vs_from_pretrained_gpt2_int8", lambda: compare_with_from_pretrained("gpt2", "int8")),
        ("harness_vs_from_pretrained_mistral_nf4", lambda: compare_with_from_pretrained("mistral", "nf4")),
    ]
    for key, step in steps:
        try:
            report[key] = step()
        except Exception as err:  # noqa: BLE001 -- every step is reported, the next one still runs
            import traceback

            traceback.print_exc()
            report[key] = {"ok": False, "error": f"{type(err).__name__}: {err}"}
    report["ok"] = all(report[k].get("ok") is True for k, _ in steps)
    report["check_seconds"] = round(time.perf_counter() - start, 1)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(report, fh, indent=2)
    print(f"bnb-check: {'all checks passed' if report['ok'] else 'SOME CHECKS FAILED'} in {report['check_seconds']} s")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
