import type { ChatRequest } from '../client/types';
import type { PriceBook } from '../pricing/prices';
import { totalInput } from '../pricing/usage';
import { countChat } from '../tokens';
import { packRequests } from './pack';
import type { EvalRowResult, ModelTotals, PackSavings } from './types';

export function modelTotals(models: readonly string[], rows: number, results: readonly EvalRowResult[]): ModelTotals[] {
  return models.map((model) => {
    const mine = results.filter((r) => r.model === model);
    const answered = mine.filter((r) => r.status === 'ok');
    const unpricedRows = mine.filter((r) => r.costMicros === null).length;
    const costMicros = mine.reduce((s, r) => s + (r.costMicros ?? 0), 0);
    const passed = mine.filter((r) => r.pass).length;
    return {
      model, rows, answered: answered.length, errors: mine.length - answered.length, passed,
      passRate: rows ? passed / rows : 0, costMicros, unpricedRows,
      per1000Micros: unpricedRows || mine.length === 0 ? null : Math.round((costMicros / mine.length) * 1000),
      avgLatencyMs: answered.length ? Math.round(answered.reduce((s, r) => s + r.latencyMs, 0) / answered.length) : 0,
      inputTokens: mine.reduce((s, r) => s + (r.usage ? totalInput(r.usage) : 0), 0),
      outputTokens: mine.reduce((s, r) => s + (r.usage?.output ?? 0), 0),
    };
  });
}

/** The cheapest model that answered every row and passed every assertion, by cost per 1,000 rows. */
export function cheapestPassing(totals: readonly ModelTotals[]): { model: string; per1000Micros: number } | undefined {
  const passing = totals.filter((t) => t.rows > 0 && t.passed === t.rows && t.per1000Micros !== null);
  passing.sort((a, b) => a.per1000Micros! - b.per1000Micros! || a.model.localeCompare(b.model));
  return passing[0] ? { model: passing[0].model, per1000Micros: passing[0].per1000Micros! } : undefined;
}

/**
 * What packing saves against one call per row: input tokens of the per-row requests minus the packed ones
 * (both counted the same way), priced at the model's input rate.
 */
export function packSavings(reqs: readonly ChatRequest[], size: number, prices: PriceBook): PackSavings | undefined {
  if (size < 2 || reqs.length < 2) return undefined;
  const model = reqs[0].model;
  const count = (r: ChatRequest) => countChat(r.model, r.messages).inputTokens;
  let single = 0; let packed = 0; let requests = 0;
  for (let i = 0; i < reqs.length; i += size) {
    const part = reqs.slice(i, i + size);
    const p = part.length > 1 ? packRequests(part) : part[0];
    if (!p) return undefined;
    requests += 1;
    packed += count(p);
    single += part.reduce((s, r) => s + count(r), 0);
  }
  const saved = single - packed;
  const cost = prices.cost({ inputUncached: Math.abs(saved), cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0 }, model, reqs[0].provider);
  return { requests, rowsPerRequest: size, inputTokensSaved: saved, savedMicros: cost.priced ? Math.sign(saved) * cost.totalMicros : null };
}
