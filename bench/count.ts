import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { get_encoding } from 'tiktoken';
import { countTokens as gptTokenizerCount } from 'gpt-tokenizer/cjs/encoding/o200k_base';
import { clearCountMemo, countTokens, getEncoder, IncrementalCount } from '../src/core/tokens';
import { measure, type BenchResult } from './stats';

/** About 1 MB of real prompt text: the corpus markdown repeated. */
export function megabytePrompt(): string {
  const dir = join(__dirname, '../test/fixtures/corpus/markdown');
  const parts = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  let text = '';
  for (let i = 0; text.length < 1_000_000; i++) text += parts[i % parts.length] + '\n';
  return text.slice(0, 1_000_000);
}

export async function benchCount(): Promise<BenchResult[]> {
  const text = megabytePrompt();
  const js = getEncoder('o200k_base');
  const wasm = get_encoding('o200k_base');
  const expected = js.encode(text, [], []).length;
  const check = (impl: string, n: number) => { if (n !== expected) throw new Error(`${impl} counted ${n}, expected ${expected}`); };
  const out: BenchResult[] = [];
  out.push(await measure('count-1MB-cold', 'promptmeter', () => { clearCountMemo(); check('promptmeter', countTokens('o200k_base', text)); }, 5, 1));
  out.push(await measure('count-1MB-cold', 'js-tiktoken', () => check('js-tiktoken', js.encode(text, [], []).length), 5, 1));
  out.push(await measure('count-1MB-cold', 'tiktoken-wasm', () => wasm.encode(text, [], []).length, 5, 1));
  out.push(await measure('count-1MB-cold', 'gpt-tokenizer', () => gptTokenizerCount(text, { disallowedSpecial: new Set() }), 5, 1));

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
  out.push(await measure('recount-1MB-keystroke', 'gpt-tokenizer', () => gptTokenizerCount(edited, { disallowedSpecial: new Set() }), 5, 1));
  wasm.free();
  return out;
}
