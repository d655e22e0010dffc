import { BytePairCounter } from './bpe';
import type { EncodingName } from './families';

const loaded = new Map<EncodingName, BytePairCounter>();

/** gpt-tokenizer's published vocabulary and pre-tokeniser for an encoding (the same data as OpenAI's tiktoken). */
function loadVocabulary(name: EncodingName): { vocabulary: (string | number[])[]; split: RegExp } {
  // Required on first use, never at import time: each vocabulary is megabytes (a lazy bundle in the extension).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { O200K_TOKEN_SPLIT_REGEX, CL100K_TOKEN_SPLIT_REGEX } = require('gpt-tokenizer/cjs/encodingParams/constants') as typeof import('gpt-tokenizer/cjs/encodingParams/constants');
  const data = name === 'o200k_base' ? require('gpt-tokenizer/cjs/bpeRanks/o200k_base') : require('gpt-tokenizer/cjs/bpeRanks/cl100k_base');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { vocabulary: data.default ?? data, split: name === 'o200k_base' ? O200K_TOKEN_SPLIT_REGEX : CL100K_TOKEN_SPLIT_REGEX };
}

/** The counter for an encoding, built on first use. */
export function getCounter(name: EncodingName): BytePairCounter {
  let c = loaded.get(name);
  if (!c) {
    const { vocabulary, split } = loadVocabulary(name);
    c = new BytePairCounter(vocabulary, split);
    loaded.set(name, c);
  }
  return c;
}

/** Plain-text token count: special-token strings in a prompt are ordinary text, not control tokens. */
export function encodeLength(name: EncodingName, text: string): number {
  return text.length === 0 ? 0 : getCounter(name).count(text);
}

/** Forgets remembered piece counts (benchmarks time a cold count). */
export function clearEncoderMemo(): void {
  for (const c of loaded.values()) c.clearMemo();
}
