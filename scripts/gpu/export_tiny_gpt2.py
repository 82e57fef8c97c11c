"""Exports a tiny random-weight GPT-2 from PyTorch/transformers to ONNX with the optimum /
transformers.js names (input_ids, attention_mask, position_ids, past_key_values.N.key|value ->
logits, present.N.key|value), so the engine is tested on a model it did not generate itself.

Usage, from the project root on the GPU machine (no network needed; takes well under a minute):
    OUT=/some/dir python3 scripts/gpu/export_tiny_gpt2.py
Writes $OUT/torch-gpt2-tiny/{model.onnx, config.json, tokenizer.json, expected_tokens.json, export_log.txt}
(commit as fixtures/models/torch-gpt2-tiny/). expected_tokens.json holds PyTorch's own greedy tokens
(full recompute, no cache) for the prompt, which the engine's tests compare against.
"""

import json
import os
import shutil
import sys
import traceback

import torch
import transformers
from transformers import GPT2Config, GPT2LMHeadModel

OUT = os.path.join(os.environ.get("OUT", "."), "torch-gpt2-tiny")
PROMPT = "Explain quantum computing:"
NEW_TOKENS = 24
TOKENIZER = "fixtures/models/gpt2-tiny/tokenizer.json"  # 512 ids: the same vocabulary size as below
os.makedirs(OUT, exist_ok=True)
log_lines = []


def log(msg):
    print(msg, flush=True)
    log_lines.append(str(msg))


def prompt_ids():
    try:
        from tokenizers import Tokenizer  # HF's Rust tokenizer: also checks our tokenizer.json loads there

        ids = Tokenizer.from_file(TOKENIZER).encode(PROMPT, add_special_tokens=False).ids
        log(f"prompt ids via tokenizers (Rust): {ids}")
        return ids
    except Exception as e:  # noqa: BLE001 - fall back to fixed ids, and say so
        log(f"tokenizers unavailable ({e}); using fixed prompt ids")
        return [69, 120, 112, 108, 448, 436, 352, 290, 58]


def make_cache(flat, n_layer):
    from transformers import DynamicCache

    pairs = tuple((flat[2 * i], flat[2 * i + 1]) for i in range(n_layer))
    if hasattr(DynamicCache, "from_legacy_cache"):
        return DynamicCache.from_legacy_cache(pairs)
    cache = DynamicCache()
    for i, (k, v) in enumerate(pairs):
        cache.update(k, v, i)
    return cache


def cache_pairs(cache):
    if hasattr(cache, "layers"):
        return [(layer.keys, layer.values) for layer in cache.layers]
    if hasattr(cache, "to_legacy_cache"):
        return list(cache.to_legacy_cache())
    return list(cache)


class Decoder(torch.nn.Module):
    """Tensors in, tensors out: what torch.onnx.export can trace."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.n_layer = model.config.n_layer

    def forward(self, input_ids, attention_mask, position_ids, *past):
        out = self.model(
            input_ids=input_ids,
            attention_mask=attention_mask,
            position_ids=position_ids,
            past_key_values=make_cache(list(past), self.n_layer),
            use_cache=True,
            return_dict=True,
        )
        flat = [out.logits]
        for k, v in cache_pairs(out.past_key_values):
            flat += [k, v]
        return tuple(flat)


def main():
    log(f"torch {torch.__version__}, transformers {transformers.__version__}")
    torch.manual_seed(0)
    config = GPT2Config(
        n_layer=2, n_head=4, n_embd=64, n_positions=128, vocab_size=512, bos_token_id=511, eos_token_id=511
    )
    config._attn_implementation = "eager"
    model = GPT2LMHeadModel(config).eval()
    # Random init is ~N(0, 0.02): near-uniform logits. Widen the weights so greedy output varies.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 2:
                p.normal_(0, 1.0 / p.shape[0] ** 0.5 if "wte" not in name and "wpe" not in name else 0.5)

    n_layer, n_head, head_dim = config.n_layer, config.n_head, config.n_embd // config.n_head
    ids = prompt_ids()

    # PyTorch's own greedy tokens, full recompute (no cache): the reference the engine must match.
    seq = list(ids)
    with torch.no_grad():
        for _ in range(NEW_TOKENS):
            logits = model(input_ids=torch.tensor([seq])).logits
            seq.append(int(logits[0, -1].argmax()))
    expected = seq[len(ids):]
    log(f"torch greedy tokens: {expected}")

    # Trace with a non-empty past so the concat with the cache is in the graph.
    B, S, P = 1, 3, 4
    past = [torch.randn(B, n_head, P, head_dim) for _ in range(2 * n_layer)]
    args = (
        torch.randint(0, 512, (B, S)),
        torch.ones(B, P + S, dtype=torch.int64),
        torch.arange(P, P + S).unsqueeze(0),
        *past,
    )
    input_names = ["input_ids", "attention_mask", "position_ids"] + [
        f"past_key_values.{i}.{kv}" for i in range(n_layer) for kv in ("key", "value")
    ]
    output_names = ["logits"] + [f"present.{i}.{kv}" for i in range(n_layer) for kv in ("key", "value")]
    dyn = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for n in input_names[3:]:
        dyn[n] = {0: "batch_size", 2: "past_sequence_length"}
    for n in output_names[1:]:
        dyn[n] = {0: "batch_size", 2: "total_sequence_length"}
    path = os.path.join(OUT, "model.onnx")
    wrapper = Decoder(model)
    try:
        torch.onnx.export(
            wrapper, args, path, input_names=input_names, output_names=output_names,
            dynamic_axes=dyn, opset_version=17, dynamo=False,
        )
        log("exported with the TorchScript exporter (dynamo=False)")
    except Exception:  # noqa: BLE001 - try the dynamo exporter next
        log("TorchScript export failed:\n" + traceback.format_exc(limit=3))
        torch.onnx.export(
            wrapper, args, path, input_names=input_names, output_names=output_names,
            dynamic_axes=dyn, opset_version=18, dynamo=True, external_data=False,
        )
        log("exported with the dynamo exporter")

    config.to_json_file(os.path.join(OUT, "config.json"))
    shutil.copy(TOKENIZER, os.path.join(OUT, "tokenizer.json"))
    with open(os.path.join(OUT, "expected_tokens.json"), "w") as f:
        json.dump({"prompt": PROMPT, "prompt_ids": ids, "new_tokens": NEW_TOKENS, "greedy_tokens": expected}, f)
        f.write("\n")
    log(f"model.onnx: {os.path.getsize(path)} bytes")

    # Check with Python onnxruntime: greedy with the cache through the exported graph.
    try:
        import numpy as np
        import onnxruntime as ort

        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        log("onnx inputs: " + ", ".join(f"{i.name}{i.shape}" for i in sess.get_inputs()))
        feeds = {
            "input_ids": np.array([ids], dtype=np.int64),
            "attention_mask": np.ones((1, len(ids)), dtype=np.int64),
            "position_ids": np.arange(len(ids), dtype=np.int64)[None],
        }
        for n in input_names[3:]:
            feeds[n] = np.zeros((1, n_head, 0, head_dim), dtype=np.float32)
        got = []
        for step in range(NEW_TOKENS):
            outs = sess.run(None, feeds)
            nxt = int(outs[0][0, -1].argmax())
            got.append(nxt)
            T = len(ids) + step + 1
            feeds["input_ids"] = np.array([[nxt]], dtype=np.int64)
            feeds["attention_mask"] = np.ones((1, T), dtype=np.int64)
            feeds["position_ids"] = np.array([[T - 1]], dtype=np.int64)
            for j, n in enumerate(input_names[3:]):
                feeds[n] = outs[1 + j]
        log(f"onnxruntime greedy with cache: {got}")
        log("MATCH: onnxruntime (cache) == torch (recompute)" if got == expected else "MISMATCH with torch")
    except Exception:  # noqa: BLE001
        log("onnxruntime check failed:\n" + traceback.format_exc(limit=3))


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001
        log(traceback.format_exc())
        sys.exit(1)
    finally:
        with open(os.path.join(OUT, "export_log.txt"), "w") as f:
            f.write("\n".join(log_lines) + "\n")
