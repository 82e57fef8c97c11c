// Loads an HF tokenizers tokenizer.json (with tokenizer_config.json beside it, when there is one)
// through the pure-JS @huggingface/tokenizers, for encoding text prompts.
import { readTextInput, TextInputError } from '../../util/readTextInput.js';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

export interface TextTokenizer {
  /** Token ids of a text, without special tokens added. */
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  /** Size of the tokenizer's vocabulary (largest id + 1). */
  readonly vocabSize: number;
}

/** tokenizer.json of the largest vocabularies is around 20 MB. */
const MAX_TOKENIZER_BYTES = 256 * 2 ** 20;

export class TokenizerLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerLoadError';
  }
}

export async function loadTokenizer(file: string): Promise<TextTokenizer> {
  let json: unknown;
  try {
    json = JSON.parse(await readTextInput(file, MAX_TOKENIZER_BYTES));
  } catch (err) {
    if (err instanceof TextInputError && err.reason === 'file not found')
      throw new TokenizerLoadError(`tokenizer not found: ${file}`);
    const why = err instanceof TextInputError ? err.reason : (err as Error).message;
    throw new TokenizerLoadError(`cannot read tokenizer ${file}: ${why}`);
  }
  let config: unknown = {};
  try {
    const configFile = path.join(path.dirname(file), 'tokenizer_config.json');
    config = JSON.parse(await readTextInput(configFile, MAX_TOKENIZER_BYTES));
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
