import type { NormalizedUsage } from '../pricing/usage';
import type { CostlyFile, Insights, SmallerModelSuggestion, Tally } from './snapshot';

/** Prices a usage for a model: `PriceBook` fits; `priced: false` means it does not know the model. */
export interface CostOracle {
  cost(usage: NormalizedUsage, model: string, provider?: string): { priced: boolean; totalMicros: number };
}

/** One model's calls on one file. Usage sums cover ok, priced calls only (what "succeeded" means here). */
export interface FileModelAcc {
  calls: number;
  costMicros: number;
  okCalls: number;
  okCostMicros: number;
  ok: NormalizedUsage;
}

export interface FileAcc extends Tally {
  inputTokens: number;
  outputTokens: number;
  models: Map<string, FileModelAcc>;
}

export interface InsightInputs {
  files: Map<string | null, FileAcc>;
  /** Models with at least one ok call anywhere, with their provider. */
  okModels: Map<string, string>;
  prices?: CostOracle;
  cheapModels: readonly string[];
  minCalls: number;
}

const TOP = 5;

export function computeInsights(x: InsightInputs): Insights {
  const named = [...x.files].filter((e): e is [string, FileAcc] => e[0] !== null);
  const costliestFiles: CostlyFile[] = named
    .sort((a, b) => b[1].costMicros - a[1].costMicros || b[1].calls - a[1].calls)
    .slice(0, TOP)
    .map(([file, f]) => ({ file, calls: f.calls, costMicros: f.costMicros, unpricedCalls: f.unpricedCalls, cheapestOk: cheapestOk(f) }));
  const smallerModel = named
    .filter(([, f]) => f.calls >= x.minCalls)
    .map(([file, f]) => suggestSmaller(file, f, x))
    .filter((s): s is SmallerModelSuggestion => s !== undefined)
    .sort((a, b) => b.estimatedSavingMicros - a.estimatedSavingMicros)
    .slice(0, TOP);
  return { costliestFiles, smallerModel, highVolumeMinCalls: x.minCalls };
}

function cheapestOk(f: FileAcc): CostlyFile['cheapestOk'] {
  let best: CostlyFile['cheapestOk'];
  for (const [model, m] of f.models) {
    if (m.okCalls === 0) continue;
    const avgMicros = Math.round(m.okCostMicros / m.okCalls);
    if (!best || avgMicros < best.avgMicros) best = { model, avgMicros, okCalls: m.okCalls };
  }
  return best;
}

/** The file's costliest model against every cheaper known model, at that model's average tokens per call. */
function suggestSmaller(file: string, f: FileAcc, x: InsightInputs): SmallerModelSuggestion | undefined {
  if (!x.prices) return undefined;
  let model = '';
  let top: FileModelAcc | undefined;
  for (const [name, m] of f.models) if (!top || m.costMicros > top.costMicros) { model = name; top = m; }
  if (!top || top.okCalls === 0 || top.costMicros === 0) return undefined;
  const avg = scaleUsage(top.ok, 1 / top.okCalls);
  const listed = x.prices.cost(avg, model, x.okModels.get(model));
  // Compare list prices with list prices; fall back to what the calls really cost when the model is unlisted.
  const current = listed.priced ? listed.totalMicros : top.okCostMicros / top.okCalls;
  let best: { model: string; perCall: number } | undefined;
  for (const candidate of new Set([...x.okModels.keys(), ...x.cheapModels])) {
    if (candidate === model) continue;
    const c = x.prices.cost(avg, candidate, x.okModels.get(candidate));
    if (c.priced && c.totalMicros < current && (!best || c.totalMicros < best.perCall)) best = { model: candidate, perCall: c.totalMicros };
  }
  if (!best) return undefined;
  const tokens = (n: number) => Math.round(n).toLocaleString('en-US');
  return {
    file, calls: top.calls, model, suggestedModel: best.model,
    currentPerCallMicros: Math.round(current), suggestedPerCallMicros: Math.round(best.perCall),
    estimatedSavingMicros: Math.round((current - best.perCall) * top.calls),
    assumptions: `Assumes the same tokens per call (about ${tokens(avg.inputUncached + avg.cacheWrite5m + avg.cacheWrite1h)} in, `
      + `${tokens(avg.cacheRead)} cached, ${tokens(avg.output)} out, from ${top.okCalls} ok calls) at list prices; quality not checked.`,
  };
}

function scaleUsage(u: NormalizedUsage, k: number): NormalizedUsage {
  return {
    inputUncached: u.inputUncached * k, cacheRead: u.cacheRead * k, cacheWrite5m: u.cacheWrite5m * k,
    cacheWrite1h: u.cacheWrite1h * k, output: u.output * k, reasoning: u.reasoning * k,
  };
}
