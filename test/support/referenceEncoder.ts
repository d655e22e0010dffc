import type { Tiktoken } from 'js-tiktoken/lite';
import type { EncodingName } from '../../src/core/tokens';

const loaded = new Map<EncodingName, Tiktoken>();

/** js-tiktoken: an independent implementation of OpenAI's encodings, the reference our counts must equal. */
export function referenceEncoder(name: EncodingName): Tiktoken {
  let enc = loaded.get(name);
  if (!enc) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Tiktoken: Ctor } = require('js-tiktoken/lite') as typeof import('js-tiktoken/lite');
    const ranks = name === 'o200k_base' ? require('js-tiktoken/ranks/o200k_base') : require('js-tiktoken/ranks/cl100k_base');
    enc = new Ctor(ranks.default ?? ranks);
    loaded.set(name, enc);
  }
  return enc;
}

/** Reference token count of plain text (special-token strings are ordinary text). */
export function referenceCount(name: EncodingName, text: string): number {
  return referenceEncoder(name).encode(text, [], []).length;
}
