import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ranksOf } from '../../../src/core/tokens/bpe';
import { decodeVocabulary, encodeVocabulary } from '../../../src/core/tokens/vocabFile';
import type { EncodingName } from '../../../src/core/tokens';
import { countCommand } from '../../../src/cli/count';
import { runCli } from '../../support/cliIo';

const ENCODINGS: EncodingName[] = ['o200k_base', 'cl100k_base'];
const ROOT = join(__dirname, '../../..');
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');

describe('binary vocabulary files (what the bundles read instead of gpt-tokenizer\'s JavaScript)', () => {
  for (const enc of ENCODINGS) {
    it(`${enc}: decoding the file gives back every rank gpt-tokenizer's data has`, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const data = require(`gpt-tokenizer/cjs/bpeRanks/${enc}`);
      const ranks = ranksOf(data.default ?? data);
      const back = decodeVocabulary(encodeVocabulary(ranks));
      assert.equal(back.size, ranks.size);
      for (const [bytes, rank] of ranks) assert.equal(back.get(bytes), rank);
    });
  }

  it('refuses a damaged file with a message instead of counting wrong', () => {
    const file = encodeVocabulary(new Map([['a', 0], ['bc', 1]]));
    assert.deepEqual([...decodeVocabulary(file)], [['a', 0], ['bc', 1]]);
    assert.throws(() => decodeVocabulary(file.subarray(0, file.length - 1)), /truncated or damaged/);
    assert.throws(() => decodeVocabulary(Buffer.from('nope')), /not a Promptmeter vocabulary file/);
  });

  it('the built CLI (binary files) counts every corpus file as the source does (gpt-tokenizer\'s data)', async function () {
    this.timeout(300_000);
    readFileSync(join(ROOT, 'dist', 'lib', 'o200k_base.bin')); // npm run build wrote it (npm test builds first)
    const files = ['prompty', 'dotprompt', 'markdown'].flatMap((d) => readdirSync(join(CORPUS, d)).map((f) => join(CORPUS, d, f)));
    for (const model of ['gpt-4o', 'gpt-4']) {
      // Exit 1 is expected: the corpus has files with errors, reported beside the others.
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'count', '--json', '--model', model, ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const built = JSON.parse(r.stdout);
      const source = JSON.parse((await runCli(countCommand, ['--json', '--model', model, ...files], ROOT, {})).stdout);
      assert.ok(built.files.length > 100);
      assert.deepEqual(built.errors, source.errors);
      assert.deepEqual(built.files.map((f: { inputTokens: number }) => f.inputTokens), source.files.map((f: { inputTokens: number }) => f.inputTokens), model);
    }
  });
});
