import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { BytePairCounter, ranksOf, utf8Bytes } from '../../../src/core/tokens/bpe';
import { decodeVocabulary, encodeVocabulary, jsCrc32 } from '../../../src/core/tokens/vocabFile';
import type { EncodingName } from '../../../src/core/tokens';
import { countCommand } from '../../../src/cli/count';
import { runCli } from '../../support/cliIo';

const ENCODINGS: EncodingName[] = ['o200k_base', 'cl100k_base'];
const ROOT = join(__dirname, '../../..');
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');

describe('binary vocabulary files (what the bundles read instead of gpt-tokenizer\'s JavaScript)', () => {
  for (const enc of ENCODINGS) {
    it(`${enc}: every rank gpt-tokenizer's data has is found in the file's table, and nothing else is`, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const data = require(`gpt-tokenizer/cjs/bpeRanks/${enc}`);
      const ranks = ranksOf(data.default ?? data);
      const file = decodeVocabulary(encodeVocabulary(ranks));
      assert.equal(file.size, ranks.size);
      for (const [bytes, rank] of ranks) assert.equal(file.get(bytes), rank, JSON.stringify(bytes));
      assert.deepEqual([...file.entries()], [...ranks].sort((a, b) => a[1] - b[1]));
      // Non-tokens: each token with a byte added or removed (when that is not a token too), and chars above a byte.
      let checked = 0;
      for (const bytes of ranks.keys()) {
        for (const other of [bytes + '\x00', bytes.slice(1), bytes + 'q', '\u0100' + bytes, bytes.length === 1 ? '\u0100' : bytes.slice(0, 1) + '\u0100']) {
          if (ranks.has(other)) continue;
          assert.equal(file.get(other), undefined, JSON.stringify(other));
          checked++;
        }
      }
      assert.ok(checked > ranks.size);
    });

    it(`${enc}: the file dist/lib holds (npm run build) is sound and equals the data`, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const data = require(`gpt-tokenizer/cjs/bpeRanks/${enc}`);
      const ranks = ranksOf(data.default ?? data);
      const file = decodeVocabulary(readFileSync(join(ROOT, 'dist', 'lib', `${enc}.bin`)));
      assert.equal(file.size, ranks.size);
      for (const [bytes, rank] of ranks) assert.equal(file.get(bytes), rank);
    });
  }

  it('counts the corpus the same from the file and from a Map of the same data, and the JavaScript CRC equals zlib\'s', () => {
    const data = require('gpt-tokenizer/cjs/bpeRanks/o200k_base'); // eslint-disable-line @typescript-eslint/no-require-imports
    const map = ranksOf(data.default ?? data);
    const built = encodeVocabulary(map);
    const split = /'s|\s+|\p{L}+|\p{N}{1,3}|[^\s\p{L}\p{N}]+/u;
    const fromFile = new BytePairCounter(decodeVocabulary(built), split);
    const fromMap = new BytePairCounter(map, split);
    for (const f of readdirSync(join(CORPUS, 'markdown'))) {
      const text = readFileSync(join(CORPUS, 'markdown', f), 'utf8');
      assert.equal(fromFile.count(text), fromMap.count(text), f);
    }
    assert.ok(fromMap.count('hello world') > 0);
    assert.equal(jsCrc32(built, 0), zlib.crc32(built));
    assert.equal(jsCrc32(built.subarray(9), jsCrc32(built.subarray(0, 9), 0)), zlib.crc32(built));
  });

  it('refuses a truncated, damaged or old-format file with a message instead of counting wrong', () => {
    const file = encodeVocabulary(new Map([['a', 0], ['bc', 1], ['def', 3]]));
    const v = decodeVocabulary(file);
    assert.deepEqual([...v.entries()], [['a', 0], ['bc', 1], ['def', 3]]);
    assert.deepEqual(['a', 'bc', 'def', 'de', 'x', ''].map((b) => v.get(b)), [0, 1, 3, undefined, undefined, undefined]);
    for (const cut of [1, 4, file.length - 20, file.length - 21]) {
      assert.throws(() => decodeVocabulary(file.subarray(0, file.length - cut)), /truncated or damaged/, `cut ${cut}`);
    }
    // One flipped bit anywhere after the magic: the length, table, offsets or bytes no longer add up.
    for (let at = 4; at < file.length; at++) {
      const bad = Buffer.from(file);
      bad[at] ^= 0x10;
      assert.throws(() => decodeVocabulary(bad), /truncated or damaged/, `byte ${at}`);
    }
    assert.throws(() => decodeVocabulary(Buffer.from('nope')), /not a Promptmeter vocabulary file/);
    // The previous format (PMV1: count, u16 lengths, bytes) is refused by its magic.
    const v1 = Buffer.concat([Buffer.from('PMV1'), Buffer.from([2, 0, 0, 0, 1, 0, 2, 0]), Buffer.from('abc', 'latin1')]);
    assert.throws(() => decodeVocabulary(v1), /not a Promptmeter vocabulary file.*PMV2/);
  });

  it('the encoder counts right with a damaged file beside it: it warns and uses gpt-tokenizer\'s data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-vocab-'));
    try {
      const good = readFileSync(join(ROOT, 'dist', 'lib', 'o200k_base.bin'));
      writeFileSync(join(dir, 'o200k_base.bin'), good.subarray(0, good.length >> 1));
      const words = ['Count', ' me', ':', ' caf', utf8Bytes('é'), utf8Bytes(' 日本'), utf8Bytes('🙂'), ' twice', 'not-a-token-at-all'];
      const r = spawnSync(process.execPath, ['--import', 'tsx', '-e',
        `const { loadVocabulary } = require(${JSON.stringify(join(ROOT, 'src/core/tokens/encoder.ts'))});
         const v = loadVocabulary('o200k_base', [${JSON.stringify(dir)}]);
         console.log(JSON.stringify([v instanceof Map, ${JSON.stringify(words)}.map((w) => v.get(w) ?? null)]));`], { encoding: 'utf8', cwd: ROOT });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /o200k_base\.bin: vocabulary file is truncated or damaged.*using gpt-tokenizer's data/);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const data = require('gpt-tokenizer/cjs/bpeRanks/o200k_base');
      const ranks = ranksOf(data.default ?? data);
      assert.deepEqual(JSON.parse(r.stdout), [true, words.map((w) => ranks.get(w) ?? null)]);
      assert.ok(words.slice(0, -1).every((w) => ranks.has(w)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
