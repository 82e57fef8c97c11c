// Learns a byte-level BPE deterministically from a text and writes it as an HF tokenizers
// tokenizer.json (the format @huggingface/tokenizers and transformers.js load).
import { GPT2_SPLIT, bytesToUnicode } from './byteLevel.js';

export const END_OF_TEXT = '<|endoftext|>';

export interface LearnedBpe {
  /** Token string → id. Ids 0-255 are the byte alphabet, then merges, then fillers, then end-of-text. */
  readonly vocab: Map<string, number>;
  readonly merges: [string, string][];
}

/**
 * Learns merges until the vocabulary has `vocabSize` entries (the last one is <|endoftext|>). When
 * the text runs out of pairs, the rest is filled with unreachable placeholder tokens so the
 * vocabulary still matches the model's embedding size.
 */
export function learnBpe(text: string, vocabSize: number): LearnedBpe {
  const alphabet = bytesToUnicode();
  const enc = new TextEncoder();
  const counts = new Map<string, number>();
  for (const m of text.matchAll(GPT2_SPLIT)) {
    const w = Array.from(enc.encode(m[0]), (b) => alphabet[b]!).join('\u0000');
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  let words = [...counts.entries()].map(([w, c]) => ({ syms: w.split('\u0000'), count: c }));
  const vocab = new Map<string, number>();
  alphabet.forEach((ch, i) => vocab.set(ch, i));
  const merges: [string, string][] = [];
  const target = vocabSize - 1;
  while (vocab.size < target) {
    const pairs = new Map<string, number>();
    for (const { syms, count } of words)
      for (let i = 0; i + 1 < syms.length; i++) {
        const k = `${syms[i]}\u0000${syms[i + 1]}`;
        pairs.set(k, (pairs.get(k) ?? 0) + count);
      }
    let best: string | undefined;
    let bestCount = 1; // a pair seen once teaches nothing
    for (const [k, c] of pairs)
      if (c > bestCount || (c === bestCount && best !== undefined && k < best)) {
        best = k;
        bestCount = c;
      }
    if (best === undefined) break;
    const [a, b] = best.split('\u0000') as [string, string];
    const merged = a + b;
    if (vocab.has(merged)) break;
    merges.push([a, b]);
    vocab.set(merged, vocab.size);
    words = words.map(({ syms, count }) => {
      const out: string[] = [];
      for (let i = 0; i < syms.length; i++) {
        if (i + 1 < syms.length && syms[i] === a && syms[i + 1] === b) {
          out.push(merged);
          i++;
        } else out.push(syms[i]!);
      }
      return { syms: out, count };
    });
  }
  for (let n = 0; vocab.size < target; n++) vocab.set(`<|unused_${n}|>`, vocab.size);
  vocab.set(END_OF_TEXT, vocab.size);
  return { vocab, merges };
}

/** The tokenizer.json document (HF tokenizers format, GPT-2 style byte-level BPE). */
export function tokenizerJson(bpe: LearnedBpe): Record<string, unknown> {
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      {
        id: bpe.vocab.get(END_OF_TEXT),
        content: END_OF_TEXT,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: true,
        special: true,
      },
    ],
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: { ...byteLevel, trim_offsets: false },
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(bpe.vocab),
      merges: bpe.merges.map(([a, b]) => `${a} ${b}`),
    },
  };
}
