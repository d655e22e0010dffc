// `npm run build` step: gpt-tokenizer's vocabularies as binary files in dist/lib/ (src/core/tokens/vocabFile.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ranksOf } from '../src/core/tokens/bpe';
import { vocabularyFile } from '../src/core/tokens/encoder';
import { encodeVocabulary } from '../src/core/tokens/vocabFile';

const dir = path.join(__dirname, '..', 'dist', 'lib');
mkdirSync(dir, { recursive: true });
for (const name of ['o200k_base', 'cl100k_base'] as const) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const data = require(`gpt-tokenizer/cjs/bpeRanks/${name}`);
  writeFileSync(vocabularyFile(name, dir), encodeVocabulary(ranksOf(data.default ?? data)));
}
