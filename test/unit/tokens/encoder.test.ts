import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { get_encoding, type Tiktoken as WasmTiktoken } from 'tiktoken';
import { clearCountMemo, encodeLength, getCounter, type EncodingName } from '../../../src/core/tokens';
import { mergeCountHeap, mergeCountSimple } from '../../../src/core/tokens/bpe';
import { referenceCount } from '../../support/referenceEncoder';

const ENCODINGS: EncodingName[] = ['o200k_base', 'cl100k_base'];
const CORPUS = join(__dirname, '../../fixtures/corpus');

// Pieces that stress the pre-tokeniser and the merge: contractions, digits, CRLF, slashes after punctuation,
// combining marks, astral characters, lone surrogates, special-token text, long runs.
const PIECES = ['\n', '\r\n', ' ', '  ', '\t', 'a', 'Z', 'The', "'s", "'LL", '123', '4567', '.', '!\n', '- ', '//', ');\n',
  'é', 'e\u0301', '日本', 'ß', 'İ', '🙂', '👩‍💻', '\ud800', '\udfff', '<|endoftext|>', '<|im_start|>', '{{x}}', '\u00a0', '\u2028',
  ' '.repeat(70), '-'.repeat(90), '='.repeat(65), '🙂'.repeat(20), 'abc'.repeat(30), '\u0000', '\x7f'];

describe('exact encoder', () => {
  it('equals js-tiktoken on every corpus file, for both encodings', () => {
    for (const d of ['prompty', 'dotprompt', 'markdown']) {
      for (const f of readdirSync(join(CORPUS, d))) {
        const text = readFileSync(join(CORPUS, d, f), 'utf8');
        for (const enc of ENCODINGS) assert.equal(encodeLength(enc, text), referenceCount(enc, text), `${d}/${f} ${enc}`);
      }
    }
  });

  it('equals js-tiktoken on 3,000 random texts built from edge-case pieces', function () {
    this.timeout(300_000);
    const text = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 40 })
      .map((parts) => parts.join(''));
    fc.assert(fc.property(text, fc.constantFrom(...ENCODINGS), (t, enc) => encodeLength(enc, t) === referenceCount(enc, t)),
      { seed: 20261128, numRuns: 3000 });
  });

  it('the heap merge and tiktoken\'s merge loop agree on random byte strings', () => {
    // Both vocabularies, bytes drawn from a small alphabet so that many merges happen and ranks tie.
    for (const enc of ENCODINGS) {
      const { rankOf } = getCounter(enc);
      const bytes = fc.array(fc.constantFrom(' ', 'a', 'e', 't', '-', '=', '\n', '\xf0', '\x9f', '\x99', '\x82', 'in', 'th'), { minLength: 1, maxLength: 200 })
        .map((p) => p.join(''));
      fc.assert(fc.property(bytes, (b) => mergeCountHeap(b, rankOf) === mergeCountSimple(b, rankOf)), { seed: 7, numRuns: 2000 });
      const anyBytes = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1'));
      fc.assert(fc.property(anyBytes, (b) => mergeCountHeap(b, rankOf) === mergeCountSimple(b, rankOf)), { seed: 8, numRuns: 500 });
    }
  });

  describe('long unbroken runs (issue 9: js-tiktoken takes seconds on these)', () => {
    // Best of three cold counts (memos cleared each time): a shared 2-core machine can stall any one run, while a
    // quadratic merge is slow on every run.
    const timed = (enc: EncodingName, text: string): { n: number; ms: number } => {
      encodeLength(enc, 'warm'); // the vocabulary loads once; the limit is for counting
      let n = 0;
      let ms = Infinity;
      for (let i = 0; i < 3; i++) {
        clearCountMemo();
        const t0 = performance.now();
        n = encodeLength(enc, text);
        ms = Math.min(ms, performance.now() - t0);
      }
      return { n, ms };
    };

    for (const [name, text] of [['8,000 spaces', ' '.repeat(8000)], ['8,000 dashes', '-'.repeat(8000)], ['2,000 emoji', '😀'.repeat(2000)]] as const) {
      it(`${name}: under 50 ms and equal to js-tiktoken`, function () {
        this.timeout(120_000);
        const { n, ms } = timed('o200k_base', text);
        assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
        assert.equal(n, referenceCount('o200k_base', text));
      });
    }

    it('other long runs, both encodings: fast and equal to OpenAI\'s tiktoken (WASM build of its Rust core)', () => {
      const runs = [' '.repeat(8000), '-'.repeat(8000), '😀'.repeat(2000), 'A'.repeat(8000), 'ab'.repeat(4000),
        '日本語'.repeat(2000), '\t'.repeat(8000), '\n'.repeat(8000), ' \t'.repeat(4000), '.'.repeat(8000) + 'x',
        '\u0301'.repeat(4000), 'x' + ' '.repeat(8000) + 'y', '🙂-'.repeat(3000), '0'.repeat(8000), '=-'.repeat(4000)];
      for (const enc of ENCODINGS) {
        const wasm: WasmTiktoken = get_encoding(enc);
        try {
          for (const text of runs) {
            const { n, ms } = timed(enc, text);
            assert.ok(ms < 100, `${enc} ${JSON.stringify(text.slice(0, 4))}… took ${ms.toFixed(1)} ms`);
            assert.equal(n, wasm.encode(text, [], []).length, `${enc} ${JSON.stringify(text.slice(0, 4))}…`);
          }
        } finally {
          wasm.free();
        }
      }
    });

  });
});
