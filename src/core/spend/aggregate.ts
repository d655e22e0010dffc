import { DayKeys, daysBetween, startOfLocalDay, startOfLocalWeek } from './aggregateDays';
import { B, USAGE_ORDER } from './buckets';
import { computeInsights, type CostOracle, type FileAcc, type FileModelAcc } from './aggregateInsights';
import { localDayKey, startOfLocalMonth } from '../ledger/periods';
import type { LedgerRecord } from '../ledger/record';
import {
  HIT_LAYERS, TECHNIQUES, type DaySpend, type FileSpend, type HitLayer, type ModelSpend, type PeriodTotal,
  type RecentCall, type SpendSnapshot, type Tally,
} from './snapshot';

export type { CostOracle } from './aggregateInsights';

export interface Budgets {
  dailyMicros?: number;
  weeklyMicros?: number;
  monthlyMicros?: number;
}

export interface AggregateOptions {
  /** Range for everything except the today/week/month totals, which always follow the calendar. */
  since?: Date;
  until?: Date;
  workspace?: string;
  now: Date;
  budgets: Budgets;
  /** Prices candidate models for the smaller-model insight; without it that insight stays empty. */
  prices?: CostOracle;
  /** Configured cheap models (e.g. the router's) considered even when the ledger has no calls to them. */
  cheapModels?: readonly string[];
  highVolumeMinCalls?: number;
  recentLimit?: number;
}

interface ModelAcc extends ModelSpend { provider: string }
interface DayAcc extends Tally { byModel: Record<string, number> }

const tally = (): Tally => ({ calls: 0, costMicros: 0, unpricedCalls: 0 });
const count = (t: Tally, r: LedgerRecord) => {
  t.calls++;
  if (r.priced) t.costMicros += r.costMicros; else t.unpricedCalls++;
};

/** Folds ledger records into a spend snapshot in one pass; `add` more records later for live updates. */
export class SpendAggregator {
  private readonly since: number;
  private readonly until: number;
  /** The same bounds as ISO text: canonical ledger times compare as strings without Date.parse. */
  private readonly sinceIso: string;
  private readonly untilIso: string;
  private readonly dayKeys = new DayKeys();
  private readonly workspaces = new Set<string>();
  /** Per local day over all records (not only the range), for the calendar totals. */
  private readonly periodDays = new Map<string, Tally>();
  private readonly days = new Map<string, DayAcc>();
  private readonly models = new Map<string, ModelAcc>();
  private readonly files = new Map<string | null, FileAcc>();
  private readonly all = tally();
  private readonly byStatus = { ok: 0, error: 0, cancelled: 0, truncated: 0, 'budget-blocked': 0 };
  private readonly hits: Record<HitLayer, number> = { memory: 0, disk: 0, redis: 0, semantic: 0 };
  private lookups = 0;
  private cacheReadTokens = 0;
  private inputTokens = 0;
  private readonly saved = { exactCache: 0, semanticCache: 0, providerCache: 0, routing: 0, cascade: 0, batch: 0 };
  /** Ring buffer of the latest records in read order (the ledger is appended in time order). */
  private readonly recent: LedgerRecord[] = [];
  private recentNext = 0;
  private readonly recentLimit: number;
  /** Local day keys of the range, for buckets (see `acceptsBuckets`). */
  private readonly sinceDay: string;
  private readonly untilDay: string;

  constructor(private readonly options: Omit<AggregateOptions, 'now'>) {
    this.since = options.since?.getTime() ?? -Infinity;
    this.until = options.until?.getTime() ?? Infinity;
    this.sinceIso = options.since?.toISOString() ?? '';
    this.untilIso = options.until?.toISOString() ?? '\uffff';
    this.recentLimit = options.recentLimit ?? 200;
    this.sinceDay = options.since ? localDayKey(options.since) : '';
    this.untilDay = options.until ? localDayKey(options.until) : '\uffff';
  }

  /** Whole local days can be folded from day buckets: a range that starts and ends at local midnight. */
  static acceptsBuckets(options: Pick<AggregateOptions, 'since' | 'until'>): boolean {
    const midnight = (d: Date | undefined) => d === undefined || startOfLocalDay(d).getTime() === d.getTime();
    return midnight(options.since) && midnight(options.until);
  }

  /**
   * Adds the sums of many records at once: one bucket of the spend index (layout in buckets.ts), all from local
   * day `day`. Gives the same snapshot as adding the records, provided buckets come in the order of their first
   * record and the range is whole days (`acceptsBuckets`).
   */
  addBucket(day: string, workspace: string, model: string, provider: string, file: string | null, n: readonly number[], at: number): void {
    this.workspaces.add(workspace);
    if (this.options.workspace !== undefined && workspace !== this.options.workspace) return;
    const calls = n[at + B.calls];
    const pricedCalls = n[at + B.pricedCalls];
    const cost = n[at + B.pricedCost];
    const unpriced = calls - pricedCalls;
    const sum = (t: Tally) => { t.calls += calls; t.costMicros += cost; t.unpricedCalls += unpriced; };
    let p = this.periodDays.get(day);
    if (!p) this.periodDays.set(day, (p = tally()));
    sum(p);
    if (day < this.sinceDay || day >= this.untilDay) return;

    sum(this.all);
    this.byStatus.ok += n[at + B.ok];
    this.byStatus.error += n[at + B.error];
    this.byStatus.cancelled += n[at + B.cancelled];
    this.byStatus.truncated += n[at + B.truncated];
    this.byStatus['budget-blocked'] += n[at + B.budgetBlocked];
    let d = this.days.get(day);
    if (!d) this.days.set(day, (d = { ...tally(), byModel: {} }));
    sum(d);
    if (pricedCalls > 0) d.byModel[model] = (d.byModel[model] ?? 0) + cost;

    const input = n[at + B.inputTokens];
    const cacheRead = n[at + B.cacheRead];
    const output = n[at + B.output];
    let m = this.models.get(model);
    if (!m) this.models.set(model, (m = { model, provider, ...tally(), okCalls: 0, inputTokens: 0, cachedTokens: 0, outputTokens: 0 }));
    sum(m);
    m.okCalls += n[at + B.ok];
    m.inputTokens += input;
    m.cachedTokens += cacheRead;
    m.outputTokens += output;

    let f = this.files.get(file);
    if (!f) this.files.set(file, (f = { ...tally(), inputTokens: 0, outputTokens: 0, models: new Map() }));
    sum(f);
    f.inputTokens += input;
    f.outputTokens += output;
    let fm = f.models.get(model);
    if (!fm) f.models.set(model, (fm = newFileModel()));
    fm.calls += calls;
    fm.costMicros += n[at + B.allCost];
    fm.okCalls += n[at + B.okMiss];
    fm.okCostMicros += n[at + B.okMissCost];
    for (let i = 0; i < USAGE_ORDER.length; i++) fm.ok[USAGE_ORDER[i]] += n[at + B.okUsage + i];

    this.lookups += calls - n[at + B.budgetBlocked];
    this.hits.memory += n[at + B.memory];
    this.hits.disk += n[at + B.disk];
    this.hits.redis += n[at + B.redis];
    this.hits.semantic += n[at + B.semantic];
    this.cacheReadTokens += cacheRead;
    this.inputTokens += input;
    for (let i = 0; i < TECHNIQUES.length; i++) this.saved[TECHNIQUES[i]] += n[at + B.saved + i];
  }

  /** A record for the recent-calls list only (its sums came in a bucket); records must come in ledger order. */
  addRecent(r: LedgerRecord): void {
    if (this.options.workspace !== undefined && r.workspace !== this.options.workspace) return;
    if (!this.inRange(r.time)) return;
    this.pushRecent(r);
  }

  private pushRecent(r: LedgerRecord): void {
    if (this.recent.length < this.recentLimit) this.recent.push(r);
    else this.recent[this.recentNext] = r;
    this.recentNext = (this.recentNext + 1) % this.recentLimit;
  }

  add(r: LedgerRecord): void {
    this.workspaces.add(r.workspace);
    if (this.options.workspace !== undefined && r.workspace !== this.options.workspace) return;
    const day = this.dayKeys.keyOfIso(r.time);
    let p = this.periodDays.get(day);
    if (!p) this.periodDays.set(day, (p = tally()));
    count(p, r);
    if (!this.inRange(r.time)) return;

    count(this.all, r);
    this.byStatus[r.status]++;
    let d = this.days.get(day);
    if (!d) this.days.set(day, (d = { ...tally(), byModel: {} }));
    count(d, r);
    if (r.priced) d.byModel[r.model] = (d.byModel[r.model] ?? 0) + r.costMicros;

    const u = r.usage;
    const input = u.inputUncached + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h;
    const ok = r.status === 'ok';
    let m = this.models.get(r.model);
    if (!m) this.models.set(r.model, (m = { model: r.model, provider: r.provider, ...tally(), okCalls: 0, inputTokens: 0, cachedTokens: 0, outputTokens: 0 }));
    count(m, r);
    if (ok) m.okCalls++;
    m.inputTokens += input;
    m.cachedTokens += u.cacheRead;
    m.outputTokens += u.output;

    this.addToFile(r, input, ok);
    if (r.status !== 'budget-blocked') this.lookups++;
    if (r.cache !== 'miss') this.hits[r.cache]++;
    this.cacheReadTokens += u.cacheRead;
    this.inputTokens += input;
    const s = r.savedMicros;
    for (const k of TECHNIQUES) this.saved[k] += s[k] ?? 0;
    this.pushRecent(r);
  }

  private inRange(time: string): boolean {
    if (time.length === 24 && time.charCodeAt(23) === 90 && time.charCodeAt(4) === 45) return time >= this.sinceIso && time < this.untilIso;
    const t = Date.parse(time);
    return t >= this.since && t < this.until;
  }

  private addToFile(r: LedgerRecord, input: number, ok: boolean): void {
    const key = r.file ?? null;
    let f = this.files.get(key);
    if (!f) this.files.set(key, (f = { ...tally(), inputTokens: 0, outputTokens: 0, models: new Map() }));
    count(f, r);
    f.inputTokens += input;
    f.outputTokens += r.usage.output;
    let fm = f.models.get(r.model);
    if (!fm) f.models.set(r.model, (fm = newFileModel()));
    fm.calls++;
    fm.costMicros += r.costMicros;
    // A successful priced call that really reached the model: a cache hit says nothing about the model's cost.
    if (!ok || !r.priced || r.cache !== 'miss') return;
    fm.okCalls++;
    fm.okCostMicros += r.costMicros;
    const u = r.usage;
    fm.ok.inputUncached += u.inputUncached;
    fm.ok.cacheRead += u.cacheRead;
    fm.ok.cacheWrite5m += u.cacheWrite5m;
    fm.ok.cacheWrite1h += u.cacheWrite1h;
    fm.ok.output += u.output;
    fm.ok.reasoning += u.reasoning;
  }

  /** `budgets` replaces the constructor's, so a live view follows settings changes without re-reading. */
  snapshot(now: Date, budgets: Budgets = this.options.budgets): SpendSnapshot {
    const models = [...this.models.values()].sort((a, b) => b.costMicros - a.costMicros || b.calls - a.calls);
    const okModels = new Map(models.filter((m) => m.okCalls > 0).map((m) => [m.model, m.provider]));
    return {
      generatedAt: now.toISOString(),
      range: { since: this.options.since?.toISOString(), until: this.options.until?.toISOString() },
      workspaces: [...this.workspaces].sort(),
      totals: this.periodTotals(now, budgets),
      all: { ...this.all },
      byStatus: { ...this.byStatus },
      models: models.map((m) => m.model),
      byDay: this.byDay(now),
      byModel: models.map(({ provider: _provider, ...m }) => m),
      byFile: this.byFile(),
      cache: {
        lookups: this.lookups, hits: { ...this.hits },
        hitRate: Object.fromEntries(HIT_LAYERS.map((l) => [l, this.lookups ? this.hits[l] / this.lookups : 0])) as Record<HitLayer, number>,
        providerCacheReadTokens: this.cacheReadTokens, inputTokens: this.inputTokens,
      },
      savedMicros: { ...this.saved },
      recent: this.recentCalls(),
      insights: computeInsights({
        files: this.files, okModels, prices: this.options.prices,
        cheapModels: this.options.cheapModels ?? [], minCalls: this.options.highVolumeMinCalls ?? 50,
      }),
    };
  }

  private periodTotals(now: Date, b: Budgets): SpendSnapshot['totals'] {
    const today = localDayKey(now);
    const period = (start: Date, budgetMicros: number | undefined): PeriodTotal => {
      const from = localDayKey(start);
      const t = tally();
      for (const [day, d] of this.periodDays) {
        if (day < from || day > today) continue;
        t.calls += d.calls;
        t.costMicros += d.costMicros;
        t.unpricedCalls += d.unpricedCalls;
      }
      return { ...t, start: start.toISOString(), ...(budgetMicros ? { budgetMicros } : {}) };
    };
    return {
      today: period(startOfLocalDay(now), b.dailyMicros),
      week: period(startOfLocalWeek(now), b.weeklyMicros),
      month: period(startOfLocalMonth(now), b.monthlyMicros),
    };
  }

  /** Every day of the range, empty days included, so the chart's time axis has no holes. */
  private byDay(now: Date): DaySpend[] {
    if (this.days.size === 0) return [];
    const keys = [...this.days.keys()].sort();
    const first = this.options.since ? localDayKey(this.options.since) : keys[0];
    const endAt = this.options.until ? new Date(this.options.until.getTime() - 1) : now;
    const last = [localDayKey(endAt), keys[keys.length - 1]].sort()[1];
    return daysBetween(first < keys[0] ? first : keys[0], last).map((day) => {
      const d = this.days.get(day);
      return d ? { day, ...d, byModel: { ...d.byModel } } : { day, ...tally(), byModel: {} };
    });
  }

  private byFile(): FileSpend[] {
    return [...this.files].map(([file, f]) => ({
      file, calls: f.calls, costMicros: f.costMicros, unpricedCalls: f.unpricedCalls, inputTokens: f.inputTokens, outputTokens: f.outputTokens,
    })).sort((a, b) => b.costMicros - a.costMicros || b.calls - a.calls);
  }

  private recentCalls(): RecentCall[] {
    return [...this.recent].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0)).map((r) => {
      const u = r.usage;
      return {
        id: r.id, time: r.time, workspace: r.workspace, ...(r.file !== undefined ? { file: r.file } : {}), model: r.model, route: r.route,
        inputTokens: u.inputUncached + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h, cachedTokens: u.cacheRead, outputTokens: u.output,
        costMicros: r.costMicros, priced: r.priced, cache: r.cache, latencyMs: r.latencyMs, status: r.status,
        ...(r.error ? { error: r.error } : {}),
      };
    });
  }
}

function newFileModel(): FileModelAcc {
  return { calls: 0, costMicros: 0, okCalls: 0, okCostMicros: 0, ok: { inputUncached: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0 } };
}

/** Aggregates a whole ledger (an array or `Ledger.read()`) into the panel's snapshot. */
export async function aggregate(records: AsyncIterable<LedgerRecord> | Iterable<LedgerRecord>, options: AggregateOptions): Promise<SpendSnapshot> {
  const agg = new SpendAggregator(options);
  if (Symbol.asyncIterator in records) for await (const r of records) agg.add(r);
  else for (const r of records) agg.add(r);
  return agg.snapshot(options.now);
}

/** Synchronous form for in-memory records. */
export function aggregateSync(records: Iterable<LedgerRecord>, options: AggregateOptions): SpendSnapshot {
  const agg = new SpendAggregator(options);
  for (const r of records) agg.add(r);
  return agg.snapshot(options.now);
}
