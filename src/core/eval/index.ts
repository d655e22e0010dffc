import type { ChatRequest } from '../client/types';
import type { Dataset } from '../dataset/types';
import { type EvalRunOptions, runRows } from './engine';
import { cheapestPassing, modelTotals, packSavings } from './summary';
import type { EvalReport, EvalRowResult } from './types';

export * from './types';
export { checkAssertion, checkAll } from './assertions';
export { estimateRows, type ModelEstimate } from './estimate';
export { reportCsv, reportJson } from './export';
export { fileResultStore, type ResultStore } from './store';
export { packRequests, unpackAnswer } from './pack';
export type { EvalRunOptions } from './engine';
export { prepareEval, type PreparedEval } from './prepare';

/** Builds the report (totals per model, the cheapest model that passes, packing savings) from row results. */
export function buildReport(
  o: { prompt: string; dataset?: Dataset; models: readonly string[]; rows: number; pack?: number; cancelled?: boolean },
  results: readonly EvalRowResult[], packReqs?: (model: string) => ChatRequest[], prices?: EvalRunOptions['prices'],
): EvalReport {
  const totals = modelTotals(o.models, o.rows, results);
  const report: EvalReport = {
    prompt: o.prompt, models: [...o.models], rows: o.rows, results: [...results], totals,
    costMicros: results.reduce((s, r) => s + (r.costMicros ?? 0), 0), cancelled: !!o.cancelled,
  };
  if (o.dataset?.path) report.dataset = o.dataset.path;
  const cheapest = cheapestPassing(totals);
  if (cheapest) report.cheapestPassing = cheapest;
  if (o.pack && o.pack > 1 && packReqs && prices && o.models.length) {
    const s = packSavings(packReqs(o.models[0]), o.pack, prices);
    if (s) report.pack = s;
  }
  return report;
}

/** Runs a dataset against models through the pipeline and reports, as `promptmeter eval` and Run Dataset do. */
export async function evaluate(o: EvalRunOptions & { prompt: string; dataset?: Dataset }): Promise<EvalReport> {
  const { results, cancelled } = await runRows(o);
  return buildReport(
    { prompt: o.prompt, dataset: o.dataset, models: o.models, rows: o.rows.length, pack: o.pack, cancelled }, results,
    (model) => o.rows.map((r) => o.requestFor(r, model)), o.prices,
  );
}
