import type { CallStatus, LedgerRecord, Technique } from '../../src/core/ledger/record';
import { NO_SAVINGS } from '../../src/core/ledger/record';
import type { NormalizedUsage } from '../../src/core/pricing/usage';
import { seededRandom } from './random';

/** Fixed USD-per-million rates so totals do not move when the price catalogue updates. */
const MODELS: { model: string; provider: string; weight: number; rates?: { input: number; cacheRead: number; output: number } }[] = [
  { model: 'gpt-4o', provider: 'openai', weight: 25, rates: { input: 2.5, cacheRead: 1.25, output: 10 } },
  { model: 'gpt-4o-mini', provider: 'openai', weight: 35, rates: { input: 0.15, cacheRead: 0.075, output: 0.6 } },
  { model: 'gpt-4.1', provider: 'openai', weight: 10, rates: { input: 2, cacheRead: 0.5, output: 8 } },
  { model: 'claude-sonnet-4-5', provider: 'anthropic', weight: 15, rates: { input: 3, cacheRead: 0.3, output: 15 } },
  { model: 'claude-haiku-4-5', provider: 'anthropic', weight: 10, rates: { input: 1, cacheRead: 0.1, output: 5 } },
  // A local model: no price, so cost is unknown and the record says priced: false.
  { model: 'llama3.1:8b', provider: 'openai', weight: 5 },
];
const FILES = ['prompts/summarise.prompty', 'prompts/classify.prompt', 'agents/review.agent.md', undefined];
const ROUTES = ['direct', 'direct', 'direct', 'auto:cheap', 'auto:strong', 'cascade:escalated'];

export interface LedgerTotals {
  count: number;
  /** Sum of costMicros over all records. */
  costMicros: number;
  savedMicros: Record<Technique, number>;
  unpricedCalls: number;
  byStatus: Record<CallStatus, number>;
  byModel: Record<string, { calls: number; costMicros: number; inputTokens: number; outputTokens: number }>;
  /** costMicros by UTC day (`YYYY-MM-DD`) and UTC month (`YYYY-MM`). */
  byUtcDay: Record<string, number>;
  byUtcMonth: Record<string, number>;
}

export interface GenerateOptions {
  /** First record's time; records advance in time order from here. Default 2025-01-01T00:00:00Z. */
  start?: Date;
  /** Span the records cover. Default 60 days. */
  spanDays?: number;
  workspace?: string;
}

/** Deterministic PRNG (mulberry32): the same seed gives the same ledger everywhere. */
const rng = seededRandom;

/** `n` realistic ledger records, deterministic from `seed`, with their totals computed alongside. */
export function generateLedger(n: number, seed: number, options: GenerateOptions = {}): { records: LedgerRecord[]; totals: LedgerTotals } {
  const rand = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const totalWeight = MODELS.reduce((s, m) => s + m.weight, 0);
  const pickModel = () => {
    let x = rand() * totalWeight;
    for (const m of MODELS) if ((x -= m.weight) < 0) return m;
    return MODELS[0];
  };
  const start = (options.start ?? new Date('2025-01-01T00:00:00Z')).getTime();
  const step = ((options.spanDays ?? 60) * 86_400_000) / Math.max(n, 1);
  const totals: LedgerTotals = {
    count: 0, costMicros: 0, savedMicros: { ...NO_SAVINGS }, unpricedCalls: 0,
    byStatus: { ok: 0, error: 0, cancelled: 0, truncated: 0, 'budget-blocked': 0 }, byModel: {}, byUtcDay: {}, byUtcMonth: {},
  };
  const records: LedgerRecord[] = [];
  for (let i = 0; i < n; i++) {
    const m = pickModel();
    const roll = rand();
    const status: CallStatus = roll < 0.88 ? 'ok' : roll < 0.93 ? 'truncated' : roll < 0.97 ? 'error' : roll < 0.99 ? 'cancelled' : 'budget-blocked';
    const cacheHit = status === 'ok' && rand() < 0.15;
    const billed = !cacheHit && status !== 'budget-blocked' && status !== 'error';
    const prompt = int(200, 12_000);
    const cacheRead = billed && rand() < 0.3 ? Math.floor(prompt * (0.5 + rand() * 0.4)) : 0;
    const output = status === 'cancelled' ? int(0, 200) : int(20, 1500);
    const usage: NormalizedUsage = billed
      ? { inputUncached: prompt - cacheRead, cacheRead, cacheWrite5m: 0, cacheWrite1h: 0, output, reasoning: 0 }
      : { inputUncached: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0 };
    const r = m.rates;
    const costMicros = r ? Math.round(usage.inputUncached * r.input + usage.cacheRead * r.cacheRead + usage.output * r.output) : 0;
    const savedMicros = { ...NO_SAVINGS };
    if (r && cacheRead) savedMicros.providerCache = Math.round(cacheRead * r.input) - Math.round(cacheRead * r.cacheRead);
    if (r && cacheHit) savedMicros.exactCache = Math.round(prompt * r.input + output * r.output);
    const time = new Date(start + Math.floor(i * step + rand() * step * 0.9)).toISOString();
    const rec: LedgerRecord = {
      v: 1, id: `gen-${seed}-${i}`, time, workspace: options.workspace ?? 'demo-workspace', model: m.model, provider: m.provider,
      route: pick(ROUTES), cache: cacheHit ? pick(['memory', 'disk'] as const) : 'miss', usage, priced: !!r, costMicros,
      savedMicros, latencyMs: cacheHit ? int(1, 20) : int(300, 20_000), status,
    };
    const file = pick(FILES);
    if (file) rec.file = file;
    if (status === 'error') rec.error = pick(['Rate limited (429): retry later', 'Server error (500)', 'Context length exceeded']);
    records.push(rec);

    totals.count++;
    totals.costMicros += costMicros;
    for (const k of Object.keys(savedMicros) as Technique[]) totals.savedMicros[k] += savedMicros[k];
    if (!r) totals.unpricedCalls++;
    totals.byStatus[status]++;
    const bm = (totals.byModel[m.model] ??= { calls: 0, costMicros: 0, inputTokens: 0, outputTokens: 0 });
    bm.calls++;
    bm.costMicros += costMicros;
    bm.inputTokens += usage.inputUncached + usage.cacheRead;
    bm.outputTokens += usage.output;
    totals.byUtcDay[time.slice(0, 10)] = (totals.byUtcDay[time.slice(0, 10)] ?? 0) + costMicros;
    totals.byUtcMonth[time.slice(0, 7)] = (totals.byUtcMonth[time.slice(0, 7)] ?? 0) + costMicros;
  }
  return { records, totals };
}

/** The records as ledger file text. */
export const toJsonl = (records: readonly LedgerRecord[]): string => records.map((r) => JSON.stringify(r) + '\n').join('');
