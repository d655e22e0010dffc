/**
 * The parse + count + lint fuzz run shared by the unit test (a few thousand inputs) and `npm run fuzz` (any count):
 * every mutated input must go through all three without throwing, and none may take more than 50x the median time
 * per KB. Times are CPU time, so other processes on a shared machine do not count against an input.
 */
import { analyzePrompt, resolveModel } from '../../src/core/analysis/analyze';
import { lintPrompt } from '../../src/core/lint';
import { PriceBook } from '../../src/core/pricing/prices';
import { parsePrompt } from '../../src/core/prompt';
import { clearCountMemo } from '../../src/core/tokens';
import { corpusSeeds, mutantAt, type Mutant, type Seed } from './mutate';

export const SLOW_FACTOR = 50;
const STEPS = ['parse', 'count', 'lint'] as const;
export type Step = typeof STEPS[number];

export interface FuzzOptions {
  count: number;
  seed: number;
  seeds?: Seed[];
  onProgress?: (done: number, crashes: number) => void;
  /** Checked between inputs: stop early (Ctrl+C, a time budget) and report the inputs done so far. */
  shouldStop?: () => boolean;
}

export interface Timed { index: number; name: string; ops: string[]; kb: number; ms: number; steps: Record<Step, number> }
export interface Crash { index: number; name: string; ops: string[]; step: Step; error: string }

export interface FuzzReport {
  inputs: number;
  seed: number;
  crashes: Crash[];
  /** Median over all inputs of CPU ms per KB (sizes under 1 KB count as 1 KB). */
  medianMsPerKb: number;
  /** Inputs still over the limit after being re-timed (best of 3), slowest first. */
  slow: Timed[];
  slowest: Timed;
  seconds: number;
  /** CPU seconds spent in each step over the whole run. */
  stepSeconds: Record<Step, number>;
}

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const perKb = (t: Timed) => t.ms / Math.max(t.kb, 1);

const prices = new PriceBook();

/**
 * Runs one input through parse, count and lint as the editor does: the count memo is kept, so text shared with
 * earlier inputs is not re-encoded, while mutated parts (where slow cases live) always are.
 */
function runOne(m: Mutant): { steps: Record<Step, number>; crash?: { step: Step; error: string } } {
  const steps: Record<Step, number> = { parse: 0, count: 0, lint: 0 };
  let step: Step = 'parse';
  try {
    let t = cpuMs();
    const doc = parsePrompt(m.text, m.fileName);
    steps.parse = cpuMs() - t;
    const model = resolveModel(doc, undefined, 'gpt-4o');
    step = 'count';
    t = cpuMs();
    analyzePrompt(doc, { model, prices, expectedOutputTokens: 500 });
    steps.count = cpuMs() - t;
    step = 'lint';
    t = cpuMs();
    lintPrompt(doc, { model, prices });
    steps.lint = cpuMs() - t;
    return { steps };
  } catch (err) {
    const e = err as Error;
    return { steps, crash: { step, error: `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`.slice(0, 300) } };
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
}

export function runFuzz(options: FuzzOptions): FuzzReport {
  const seeds = options.seeds ?? corpusSeeds();
  const started = Date.now();
  // Load the encoders before timing anything (js-tiktoken builds its tables on first use).
  for (const seed of seeds.slice(0, 3)) runOne({ index: -1, seedName: seed.name, fileName: seed.name, text: seed.text, ops: [] });
  const timed: Timed[] = [];
  const crashes: Crash[] = [];
  let done = 0;
  for (let index = 0; index < options.count && !options.shouldStop?.(); index++, done++) {
    const m = mutantAt(seeds, options.seed, index);
    const { steps, crash } = runOne(m);
    const name = m.seedName;
    if (crash) crashes.push({ index, name, ops: m.ops, ...crash });
    else timed.push({ index, name, ops: m.ops, kb: Buffer.byteLength(m.text) / 1024, ms: steps.parse + steps.count + steps.lint, steps });
    if (options.onProgress && (index + 1) % 1000 === 0) options.onProgress(index + 1, crashes.length);
  }
  const medianMsPerKb = median(timed.map(perKb));
  const limit = SLOW_FACTOR * medianMsPerKb;
  // A candidate is re-timed (best of 3) so one GC pause is not reported as a slow parser. Each re-time starts from a
  // memo holding only its unmutated seed, as in the first run, so it never looks fast because it memoised itself.
  const slow: Timed[] = [];
  for (const t of timed.filter(x => perKb(x) > limit)) {
    const m = mutantAt(seeds, options.seed, t.index);
    clearCountMemo();
    const base = seeds.find(s => s.name === t.name);
    let best = t;
    for (let k = 0; k < 3 && perKb(best) > limit; k++) {
      clearCountMemo();
      if (base) runOne({ index: -1, seedName: base.name, fileName: m.fileName, text: base.text, ops: [] });
      const { steps } = runOne(m);
      const ms = steps.parse + steps.count + steps.lint;
      if (ms < best.ms) best = { ...t, ms, steps };
    }
    Object.assign(t, best);
    if (perKb(best) > limit) slow.push(best);
  }
  slow.sort((a, b) => perKb(b) - perKb(a));
  const slowest = timed.reduce((a, b) => (perKb(b) > perKb(a) ? b : a), timed[0]);
  const stepSeconds = { parse: 0, count: 0, lint: 0 };
  for (const t of timed) for (const s of STEPS) stepSeconds[s] += t.steps[s] / 1000;
  return { inputs: done, seed: options.seed, crashes, medianMsPerKb, slow, slowest, seconds: (Date.now() - started) / 1000, stepSeconds };
}

/** The step that took most of an input's time: says whether a slow case is the parser, the counter or lint. */
export function mainStep(t: Timed): Step {
  return STEPS.reduce((a, b) => (t.steps[b] > t.steps[a] ? b : a));
}

const describe = (t: Timed) => `#${t.index} ${t.name} [${t.ops.join(', ')}] ${(t.kb).toFixed(1)} KB, ${t.ms.toFixed(1)} ms (${(perKb(t) / 1).toFixed(2)} ms/KB; parse ${t.steps.parse.toFixed(1)}, count ${t.steps.count.toFixed(1)}, lint ${t.steps.lint.toFixed(1)})`;

/** A short plain-text summary: inputs, crashes, slowest per KB against the median, time. */
export function summarize(r: FuzzReport): string {
  const ratio = r.slowest ? perKb(r.slowest) / r.medianMsPerKb : 0;
  const lines = [
    `fuzz: ${r.inputs} mutated inputs (seed ${r.seed}) through parse + count + lint`,
    `crashes: ${r.crashes.length}`,
    `median: ${r.medianMsPerKb.toFixed(3)} ms CPU per KB; limit ${SLOW_FACTOR}x = ${(SLOW_FACTOR * r.medianMsPerKb).toFixed(2)} ms/KB`,
    `slowest per KB: ${ratio.toFixed(1)}x the median${r.slowest ? ` (${describe(r.slowest)})` : ''}`,
    `over the limit (re-timed, best of 3): ${r.slow.length}` + (r.slow.length ? ` (by step: ${STEPS.map(s => `${s} ${r.slow.filter(t => mainStep(t) === s).length}`).join(', ')})` : ''),
    `time: ${r.seconds.toFixed(0)} s (CPU in parse ${r.stepSeconds.parse.toFixed(1)} s, count ${r.stepSeconds.count.toFixed(1)} s, lint ${r.stepSeconds.lint.toFixed(1)} s)`,
  ];
  for (const c of r.crashes.slice(0, 20)) lines.push(`  crash #${c.index} ${c.name} [${c.ops.join(', ')}] in ${c.step}: ${c.error}`);
  for (const t of r.slow.slice(0, 20)) lines.push(`  slow (${mainStep(t)}) ${describe(t)}`);
  return lines.join('\n');
}
