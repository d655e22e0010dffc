import type { Tiktoken } from 'js-tiktoken/lite';
import type { EncodingName } from './families';

const loaded = new Map<EncodingName, Tiktoken>();

/** Loads an encoding on first use (several MB of ranks), never at import time. */
export function getEncoder(name: EncodingName): Tiktoken {
  let enc = loaded.get(name);
  if (!enc) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Tiktoken: Ctor } = require('js-tiktoken/lite') as typeof import('js-tiktoken/lite');
    const ranks = name === 'o200k_base'
      ? require('js-tiktoken/ranks/o200k_base')
      : require('js-tiktoken/ranks/cl100k_base');
    enc = new Ctor(ranks.default ?? ranks);
    loaded.set(name, enc);
  }
  return enc;
}

/** Plain-text token count: special-token strings in a prompt are ordinary text, not control tokens. */
export function encodeLength(name: EncodingName, text: string): number {
  return text.length === 0 ? 0 : getEncoder(name).encode(text, [], []).length;
}
