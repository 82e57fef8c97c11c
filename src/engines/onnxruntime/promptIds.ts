// The prompt's token ids: a text through tokenizer.json, or a synthetic prompt of N ids drawn from
// the seed (the same seed gives the same ids, so runs stay comparable).

/** Synthetic prompt ids in [0, vocab), from a small deterministic generator. */
export function syntheticPromptIds(count: number, vocab: number, seed: number): number[] {
  let a = (seed ^ 0x9e3779b9) >>> 0;
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    ids.push(((t ^ (t >>> 14)) >>> 0) % vocab);
  }
  return ids;
}
