import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IncrementalCount, countTokens, splitChunks } from '../../../src/core/tokens';
import { referenceCount } from '../../support/referenceEncoder';
import type { EncodingName } from '../../../src/core/tokens';

const CORPUS = join(__dirname, '../../fixtures/corpus');

function corpusFiles(): string[] {
  return ['prompty', 'dotprompt', 'markdown'].flatMap((d) =>
    readdirSync(join(CORPUS, d)).map((f) => join(CORPUS, d, f)));
}

/** Deterministic PRNG so a failure names a seed that reproduces it. */
function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces chosen to hit pre-tokeniser edge cases: line starts, CRLF, spaces before newlines, contractions, digits.
const PIECES = ['\n', '\n\n', ' ', '  ', '\t', '\r\n', 'a', 'Z', 'word ', "'s", '123', '4567', '.', '!\n', '- ', '# ', 'é', '日本', '🙂', '<|endoftext|>', '{{x}}', '\n  indented', '\nNext', '//', ');\n', '\n/'];

describe('incremental exact counting', () => {
  it('chunks rejoin to the original text', () => {
    const text = 'a\n b\nc\r\nd\n\n\ne ';
    assert.equal(splitChunks(text).join(''), text);
    assert.deepEqual(splitChunks(text), ['a\n b\n', 'c\r\n', 'd\n\n\n', 'e ']);
  });

  it('chunked count equals a full encode on every corpus file, for both encodings', () => {
    for (const file of corpusFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const enc of ['o200k_base', 'cl100k_base'] as EncodingName[]) {
        assert.equal(countTokens(enc, text), referenceCount(enc, text), `${file} ${enc}`);
      }
    }
  });

  it('stays equal to a full encode after each of 10,000 random edits over corpus files', function () {
    this.timeout(600_000);
    const files = corpusFiles().filter((f) => readFileSync(f, 'utf8').length < 12_000);
    const rand = mulberry32(20261122);
    const editsPerFile = Math.ceil(10_000 / files.length);
    let edits = 0;
    for (const file of files) {
      const enc: EncodingName = rand() < 0.5 ? 'o200k_base' : 'cl100k_base';
      let text = readFileSync(file, 'utf8');
      const inc = new IncrementalCount(enc, text);
      for (let i = 0; i < editsPerFile; i++) {
        const offset = Math.floor(rand() * (text.length + 1));
        const del = rand() < 0.4 ? Math.min(text.length - offset, Math.floor(rand() * 40)) : 0;
        const ins = rand() < 0.8 ? PIECES[Math.floor(rand() * PIECES.length)] : '';
        text = text.slice(0, offset) + ins + text.slice(offset + del);
        const total = inc.applyEdit(offset, del, ins);
        edits++;
        if (edits % 25 === 0) {
          // A message's count from the live chunk counts equals a full encode of that slice.
          const a = Math.floor(rand() * (text.length + 1));
          const b = a + Math.floor(rand() * (text.length - a + 1));
          const range = inc.countRange(a, b);
          if (range !== referenceCount(enc, text.slice(a, b))) assert.fail(`countRange(${a}, ${b}) after edit ${edits} in ${file}: ${range} != ${referenceCount(enc, text.slice(a, b))}`);
        }
        if (total !== referenceCount(enc, text)) {
          assert.fail(`edit ${edits} in ${file}: incremental ${total} != full ${referenceCount(enc, text)} (offset ${offset}, del ${del}, ins ${JSON.stringify(ins)})`);
        }
      }
      assert.equal(inc.text, text);
    }
    assert.ok(edits >= 10_000, `only ${edits} edits`);
  });
});
