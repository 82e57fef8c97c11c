# Decoding-time constraint of this repository.
# A LogitsProcessor run after every forward pass of generate() (the transformers engine loads it
# through options.logits_processor; bench/serve.py uses it too). Heads of the A/B proof change
# EXTRA_HOST_MS: host-side work per decode step, as a heavier Python-side check would add.
import time

EXTRA_HOST_MS = 0.0


class RepoConstraint:
    def __call__(self, input_ids, scores):
        if EXTRA_HOST_MS > 0:
            end = time.perf_counter() + EXTRA_HOST_MS / 1000
            while time.perf_counter() < end:
                pass
        return scores
