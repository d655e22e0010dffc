import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lintPrompt } from '../src/core/lint';
import { PriceBook } from '../src/core/pricing/prices';
import { parsePrompt } from '../src/core/prompt';

const CORPUS = resolve(__dirname, '../test/fixtures/corpus/markdown');
const TARGET_BYTES = 100 * 1024;

/** A ~100 KB `.prompt.md` made of real instructions from the corpus (frontmatter dropped). */
export function buildLargePrompt(): string {
  const parts: string[] = [];
  let size = 0;
  for (const f of readdirSync(CORPUS).sort()) {
    const body = readFileSync(join(CORPUS, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
    parts.push(body);
    size += body.length;
    if (size >= TARGET_BYTES) break;
  }
  return parts.join('\n\n').slice(0, TARGET_BYTES);
}

/** Median time of lintPrompt with every rule on a ~100 KB prompt; counts stay memoised between runs as in the editor. */
export function benchLint(runs = 30): { name: 'lint-100KB'; impl: 'promptmeter'; runs: number; medianMs: number } {
  const text = buildLargePrompt();
  const prices = new PriceBook();
  const opts = { model: 'gpt-4o', prices };
  // Warm the encoder, the price catalogue and the JIT, as a long-running editor session is.
  for (let i = 0; i < 10; i++) lintPrompt(parsePrompt(text, 'bench.prompt.md'), opts);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const doc = parsePrompt(text, 'bench.prompt.md');
    const t0 = performance.now();
    lintPrompt(doc, opts);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { name: 'lint-100KB', impl: 'promptmeter', runs, medianMs: Math.round(times[runs >> 1] * 100) / 100 };
}

if (require.main === module) console.log(JSON.stringify(benchLint()));
