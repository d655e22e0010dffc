import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BytePairCounter, ranksOf } from './bpe';
import type { EncodingName } from './families';
import { decodeVocabulary, type Vocabulary } from './vocabFile';

const loaded = new Map<EncodingName, BytePairCounter>();

/** Where the bundles (dist/extension.js, dist/cli.js, dist/analysisWorker.js) find the built vocabulary files. */
export const vocabularyFile = (name: EncodingName, dir = path.join(__dirname, 'lib')) => path.join(dir, `${name}.bin`);

/** Where to look: beside the bundle; run from source (tsx: tests, bench), the last build's, so they time what users run. */
const vocabularyDirs = path.basename(__dirname) === 'tokens'
  ? [path.join(__dirname, 'lib'), path.join(__dirname, '..', '..', '..', 'dist', 'lib')]
  : [path.join(__dirname, 'lib')];

/** The built binary vocabulary when there is a sound one (the bundles), else gpt-tokenizer's published data. */
export function loadVocabulary(name: EncodingName, dirs = vocabularyDirs): Vocabulary {
  for (const dir of dirs) {
    let buf: Buffer;
    try { buf = readFileSync(vocabularyFile(name, dir)); } catch { continue; }
    try {
      return decodeVocabulary(buf);
    } catch (e) {
      // Never count with a damaged or old file: say so once, and use the published data (slower to load, same counts).
      process.emitWarning(`${vocabularyFile(name, dir)}: ${(e as Error).message}; using gpt-tokenizer's data instead`);
    }
  }
  // Required on first use, never at import time: each vocabulary is megabytes.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const data = name === 'o200k_base' ? require('gpt-tokenizer/cjs/bpeRanks/o200k_base') : require('gpt-tokenizer/cjs/bpeRanks/cl100k_base');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return ranksOf(data.default ?? data);
}

/** gpt-tokenizer's pre-tokeniser for an encoding (the same patterns as OpenAI's tiktoken). */
function splitPattern(name: EncodingName): RegExp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { O200K_TOKEN_SPLIT_REGEX, CL100K_TOKEN_SPLIT_REGEX } = require('gpt-tokenizer/cjs/encodingParams/constants') as typeof import('gpt-tokenizer/cjs/encodingParams/constants');
  return name === 'o200k_base' ? O200K_TOKEN_SPLIT_REGEX : CL100K_TOKEN_SPLIT_REGEX;
}

/** The counter for an encoding, built on first use. */
export function getCounter(name: EncodingName): BytePairCounter {
  let c = loaded.get(name);
  if (!c) {
    c = new BytePairCounter(loadVocabulary(name), splitPattern(name));
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
