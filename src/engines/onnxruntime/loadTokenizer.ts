// Loads an HF tokenizers tokenizer.json (with tokenizer_config.json beside it, when there is one)
// through the pure-JS @huggingface/tokenizers, for encoding text prompts.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

export interface TextTokenizer {
  /** Token ids of a text, without special tokens added. */
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  /** Size of the tokenizer's vocabulary (largest id + 1). */
  readonly vocabSize: number;
}

export class TokenizerLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerLoadError';
  }
}

export async function loadTokenizer(file: string): Promise<TextTokenizer> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TokenizerLoadError(
      code === 'ENOENT' ? `tokenizer not found: ${file}` : `cannot read tokenizer ${file}: ${(err as Error).message}`,
    );
  }
  let config: unknown = {};
  try {
    config = JSON.parse(await readFile(path.join(path.dirname(file), 'tokenizer_config.json'), 'utf8'));
  } catch {
    // tokenizer_config.json is optional: tokenizer.json alone fully describes encoding.
  }
  let tok: Tokenizer;
  try {
    tok = new Tokenizer(json as object, config as object);
  } catch (err) {
    throw new TokenizerLoadError(`invalid tokenizer ${file}: ${(err as Error).message}`);
  }
  const vocab = (json as { model?: { vocab?: Record<string, number> } }).model?.vocab ?? {};
  let maxId = -1;
  for (const id of Object.values(vocab)) maxId = Math.max(maxId, id);
  for (const id of tok.get_added_tokens_decoder().keys()) maxId = Math.max(maxId, id);
  return {
    encode: (text) => tok.encode(text, { add_special_tokens: false }).ids,
    decode: (ids) => tok.decode([...ids]),
    vocabSize: maxId + 1,
  };
}
