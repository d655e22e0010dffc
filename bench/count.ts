import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { get_encoding } from 'tiktoken';
import { clearMergeCache, countTokens as gptTokenizerCount } from 'gpt-tokenizer/cjs/encoding/o200k_base';
import { clearCountMemo, countTokens, IncrementalCount } from '../src/core/tokens';
import { vocabularyFile } from '../src/core/tokens/encoder';
import { decodeVocabulary } from '../src/core/tokens/vocabFile';
import { referenceEncoder } from '../test/support/referenceEncoder';
import { measure, measureInTurns, type BenchResult } from './stats';

/** About 1 MB of real prompt text: the corpus markdown repeated. */
export function megabytePrompt(): string {
  const dir = join(__dirname, '../test/fixtures/corpus/markdown');
  const parts = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  let text = '';
  for (let i = 0; text.length < 1_000_000; i++) text += parts[i % parts.length] + '\n';
  return text.slice(0, 1_000_000);
}

/**
 * Exact o200k counts of 1 MB. "Cold" means nothing remembered from an earlier count: promptmeter's chunk, piece
 * and pair memos and gpt-tokenizer's merge cache are cleared before each run (js-tiktoken and the WASM tiktoken
 * keep none). Loading each vocabulary happens in the untimed warm-up; the four take turns run by run.
 */
export async function benchCount(): Promise<BenchResult[]> {
  // Run from source, the encoder reads the last build's dist/lib/*.bin as the bundles do; without a sound one it would
  // time gpt-tokenizer's data in a Map instead, which is not what users run.
  decodeVocabulary(readFileSync(vocabularyFile('o200k_base', join(__dirname, '../dist/lib'))));
  const text = megabytePrompt();
  const js = referenceEncoder('o200k_base');
  const wasm = get_encoding('o200k_base');
  const expected = js.encode(text, [], []).length;
  const check = (impl: string, n: number) => { if (n !== expected) throw new Error(`${impl} counted ${n}, expected ${expected}`); };
  const gpt = (t: string) => gptTokenizerCount(t, { disallowedSpecial: new Set() });
  const out: BenchResult[] = [];
  out.push(...await measureInTurns('count-1MB-cold', {
    promptmeter: () => { clearCountMemo(); check('promptmeter', countTokens('o200k_base', text)); },
    'js-tiktoken': () => check('js-tiktoken', js.encode(text, [], []).length),
    'tiktoken-wasm': () => check('tiktoken-wasm', wasm.encode(text, [], []).length),
    'gpt-tokenizer': () => { clearMergeCache(); check('gpt-tokenizer', gpt(text)); },
  }, 7, 2));

  // One keystroke in the middle of a 1 MB message, as the editor handles it: apply the edit to the live chunk counts,
  // then count the message (a 1-character trim off each end, so the partial-chunk path runs too).
  const mid = text.length >> 1;
  const inc = new IncrementalCount('o200k_base', text);
  let typed = false;
  out.push(await measure('recount-1MB-keystroke', 'promptmeter', () => {
    typed ? inc.applyEdit(mid, 1, '') : inc.applyEdit(mid, 0, 'x');
    typed = !typed;
    return inc.countRange(1, inc.length - 1);
  }, 201, 5));
  const edited = text.slice(0, mid) + 'x' + text.slice(mid);
  out.push(await measure('recount-1MB-keystroke', 'js-tiktoken', () => js.encode(edited, [], []).length, 5, 1));
  out.push(await measure('recount-1MB-keystroke', 'tiktoken-wasm', () => wasm.encode(edited, [], []).length, 5, 1));
  // gpt-tokenizer's merge cache is warm here, as it would be while typing.
  out.push(await measure('recount-1MB-keystroke', 'gpt-tokenizer', () => gpt(edited), 5, 1));
  wasm.free();
  return out;
}
