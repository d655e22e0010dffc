import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { aggregate, aggregateSync, SpendAggregator, type CostOracle } from '../../../src/core/spend/aggregate';
import { Ledger } from '../../../src/core/ledger/ledgerFile';
import type { LedgerRecord } from '../../../src/core/ledger/record';
import type { NormalizedUsage } from '../../../src/core/pricing/usage';
import { TECHNIQUES } from '../../../src/core/spend/snapshot';
import { generateLedger, toJsonl } from '../../support/ledgerGen';

/** Per-million rates for a fake price book: gpt-4o is dear, gpt-4o-mini cheap, 'tiny' cheaper still. */
const RATES: Record<string, { input: number; output: number }> = {
  'gpt-4o': { input: 2.5, output: 10 }, 'gpt-4o-mini': { input: 0.15, output: 0.6 }, 'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 }, 'gpt-4.1': { input: 2, output: 8 }, tiny: { input: 0.01, output: 0.02 },
};
const oracle: CostOracle = {
  cost(u: NormalizedUsage, model: string) {
    const r = RATES[model];
    if (!r) return { priced: false, totalMicros: 0 };
    return { priced: true, totalMicros: Math.round((u.inputUncached + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h) * r.input + u.output * r.output) };
  },
};

describe('spend aggregation', () => {
  // The generator's known totals are by UTC day; the panel uses local days, so pin the zone for these tests.
  let tz: string | undefined;
  before(() => { tz = process.env.TZ; process.env.TZ = 'UTC'; });
  after(() => { if (tz === undefined) delete process.env.TZ; else process.env.TZ = tz; });

  const { records, totals } = generateLedger(5000, 42);
  const now = new Date('2025-03-01T12:00:00Z');
  const snap = () => aggregateSync(records, { now, budgets: { dailyMicros: 2_000_000, monthlyMicros: 50_000_000 }, prices: oracle });

  it('sums every call, unpriced ones counted apart, never as $0', () => {
    const s = snap();
    assert.equal(s.all.calls, totals.count);
    assert.equal(s.all.costMicros, totals.costMicros);
    assert.equal(s.all.unpricedCalls, totals.unpricedCalls);
    assert.deepEqual(s.byStatus, totals.byStatus);
    const llama = s.byModel.find((m) => m.model === 'llama3.1:8b')!;
    assert.equal(llama.unpricedCalls, llama.calls);
    assert.ok(llama.calls > 0);
    assert.ok(s.byDay.every((d) => !('llama3.1:8b' in d.byModel)), 'an unpriced model must not appear as $0 in the chart');
  });

  it('splits cost by day exactly as the generator did', () => {
    const s = snap();
    const byDay = Object.fromEntries(s.byDay.filter((d) => d.calls > 0).map((d) => [d.day, d.costMicros]));
    assert.deepEqual(byDay, totals.byUtcDay);
    for (const d of s.byDay) assert.equal(Object.values(d.byModel).reduce((a, b) => a + b, 0), d.costMicros, d.day);
    // The range is 'all', so the days run from the first record to today without holes.
    assert.equal(s.byDay[0].day, '2025-01-01');
    assert.equal(s.byDay.at(-1)!.day, '2025-03-01');
    assert.equal(s.byDay.length, 60);
  });

  it('splits cost and tokens by model', () => {
    const s = snap();
    for (const [model, t] of Object.entries(totals.byModel)) {
      const m = s.byModel.find((x) => x.model === model)!;
      assert.deepEqual([m.calls, m.costMicros, m.inputTokens, m.outputTokens], [t.calls, t.costMicros, t.inputTokens, t.outputTokens], model);
    }
    assert.deepEqual(s.models, s.byModel.map((m) => m.model));
    assert.ok(s.byModel.every((m, i) => i === 0 || s.byModel[i - 1].costMicros >= m.costMicros), 'costliest model first');
  });

  it('splits cost by prompt file, calls without one gathered under null', () => {
    const s = snap();
    const expected = new Map<string | null, { calls: number; costMicros: number }>();
    for (const r of records) {
      const e = expected.get(r.file ?? null) ?? { calls: 0, costMicros: 0 };
      e.calls++;
      e.costMicros += r.costMicros;
      expected.set(r.file ?? null, e);
    }
    assert.equal(s.byFile.length, expected.size);
    for (const f of s.byFile) assert.deepEqual({ calls: f.calls, costMicros: f.costMicros }, expected.get(f.file));
  });

  it('sums the savings of every technique from the records', () => {
    assert.deepEqual(snap().savedMicros, totals.savedMicros);
    const routed = records.slice(0, 3).map((r, i) => ({ ...r, savedMicros: { ...r.savedMicros, routing: 100 * (i + 1), cascade: 7 } }));
    const s = aggregateSync(routed, { now, budgets: {} });
    assert.equal(s.savedMicros.routing, 600);
    assert.equal(s.savedMicros.cascade, 21);
    assert.deepEqual(Object.keys(s.savedMicros).sort(), [...TECHNIQUES].sort());
  });

  it('counts cache hits by layer and provider cache reads', () => {
    const s = snap();
    const hits = (layer: string) => records.filter((r) => r.cache === layer).length;
    assert.equal(s.cache.hits.memory, hits('memory'));
    assert.equal(s.cache.hits.disk, hits('disk'));
    assert.equal(s.cache.lookups, totals.count - totals.byStatus['budget-blocked']);
    assert.equal(s.cache.hitRate.memory, hits('memory') / s.cache.lookups);
    assert.equal(s.cache.providerCacheReadTokens, records.reduce((a, r) => a + r.usage.cacheRead, 0));
  });

  it('totals today, this week and this month by the calendar, with budgets, whatever the range', () => {
    const since = new Date('2025-02-27T00:00:00Z');
    const s = aggregateSync(records, { now, since, budgets: { dailyMicros: 2_000_000, weeklyMicros: 9_000_000, monthlyMicros: 50_000_000 } });
    // 2025-03-01 is a Saturday: the week started on Monday 2025-02-24, before the range.
    const feb = ['2025-02-24', '2025-02-25', '2025-02-26', '2025-02-27', '2025-02-28'];
    assert.equal(s.totals.today.costMicros, totals.byUtcDay['2025-03-01']);
    assert.equal(s.totals.month.costMicros, totals.byUtcMonth['2025-03']);
    assert.equal(s.totals.week.costMicros, feb.reduce((a, d) => a + totals.byUtcDay[d], totals.byUtcDay['2025-03-01']));
    assert.equal(s.totals.today.budgetMicros, 2_000_000);
    assert.equal(s.totals.month.budgetMicros, 50_000_000);
    assert.equal(s.totals.week.budgetMicros, 9_000_000);
    assert.equal(s.totals.week.start, '2025-02-24T00:00:00.000Z');
    const none = aggregateSync(records, { now, since, budgets: { dailyMicros: 2_000_000 } }).totals;
    assert.deepEqual([none.week.budgetMicros, none.month.budgetMicros], [undefined, undefined], 'no budget set');
    assert.equal(s.all.costMicros, records.filter((r) => r.time >= since.toISOString()).reduce((a, r) => a + r.costMicros, 0));
    assert.deepEqual(s.byDay.map((d) => d.day), ['2025-02-27', '2025-02-28', '2025-03-01']);
  });

  it('honours until and the workspace filter, and lists every workspace', () => {
    const other = generateLedger(300, 9, { workspace: 'other' }).records;
    const mixed = [...records, ...other].sort((a, b) => (a.time < b.time ? -1 : 1));
    const s = aggregateSync(mixed, { now, workspace: 'other', until: new Date('2025-01-31T00:00:00Z'), budgets: {} });
    const expected = other.filter((r) => r.time < '2025-01-31');
    assert.equal(s.all.calls, expected.length);
    assert.equal(s.all.costMicros, expected.reduce((a, r) => a + r.costMicros, 0));
    assert.deepEqual(s.workspaces, ['demo-workspace', 'other']);
    assert.equal(s.byDay.at(-1)!.day, '2025-01-30');
  });

  it('keeps the 200 latest calls, newest first', () => {
    const s = snap();
    assert.equal(s.recent.length, 200);
    assert.deepEqual(s.recent.map((c) => c.id), records.slice(-200).reverse().map((r) => r.id));
    const r = records.at(-1)!;
    const c = s.recent[0];
    assert.equal(c.inputTokens, r.usage.inputUncached + r.usage.cacheRead);
    assert.equal(c.cachedTokens, r.usage.cacheRead);
    assert.equal(c.costMicros, r.costMicros);
  });

  it('gives each recent call that failed its error message, and no other call one', () => {
    const s = snap();
    const byId = new Map(records.map((r) => [r.id, r]));
    const failed = s.recent.filter((c) => byId.get(c.id)!.error);
    assert.ok(failed.length > 0, 'the generated ledger has failed calls among the latest 200');
    for (const c of s.recent) assert.equal(c.error, byId.get(c.id)!.error, c.id);
    assert.ok(failed.every((c) => c.status === 'error'));
  });

  it('names the costliest files with the cheapest model that succeeded on each', () => {
    const s = snap();
    const files = s.insights.costliestFiles;
    assert.equal(files.length, 3);
    assert.deepEqual(files.map((f) => f.file), s.byFile.filter((f) => f.file !== null).map((f) => f.file));
    for (const f of files) {
      const avg = new Map<string, number[]>();
      for (const r of records) {
        if (r.file !== f.file || r.status !== 'ok' || !r.priced || r.cache !== 'miss') continue;
        avg.set(r.model, [...(avg.get(r.model) ?? []), r.costMicros]);
      }
      const best = [...avg].map(([m, cs]) => ({ m, a: Math.round(cs.reduce((x, y) => x + y, 0) / cs.length) })).sort((x, y) => x.a - y.a)[0];
      assert.deepEqual(f.cheapestOk && [f.cheapestOk.model, f.cheapestOk.avgMicros], [best.m, best.a], f.file);
    }
  });

  it('suggests a smaller model for high-volume files, with the assumptions written out', () => {
    const s = aggregateSync(records, { now, budgets: {}, prices: oracle, cheapModels: ['tiny'], highVolumeMinCalls: 100 });
    const tips = s.insights.smallerModel;
    assert.ok(tips.length > 0);
    for (const t of tips) {
      assert.equal(t.suggestedModel, 'tiny');
      assert.ok(t.suggestedPerCallMicros < t.currentPerCallMicros);
      assert.equal(t.estimatedSavingMicros, Math.round((t.currentPerCallMicros - t.suggestedPerCallMicros) * t.calls) || t.estimatedSavingMicros);
      assert.match(t.assumptions, /same tokens per call.*quality not checked/);
    }
    // Without a configured cheap model, only models that succeeded somewhere are candidates.
    const own = aggregateSync(records, { now, budgets: {}, prices: oracle, highVolumeMinCalls: 100 }).insights.smallerModel;
    assert.ok(own.every((t) => t.suggestedModel === 'gpt-4o-mini'));
    // Below the volume threshold, nothing.
    assert.deepEqual(aggregateSync(records, { now, budgets: {}, prices: oracle, highVolumeMinCalls: 1e9 }).insights.smallerModel, []);
  });

  it('reads the same snapshot from a ledger file stream as from memory, and grows live with add()', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-spend-'));
    try {
      const file = path.join(dir, 'spend.jsonl');
      writeFileSync(file, toJsonl(records.slice(0, 4000)));
      const ledger = new Ledger({ path: file, maxSizeBytes: 1 << 30 });
      const streamed = await aggregate(ledger.read(), { now, budgets: {} });
      const agg = new SpendAggregator({ budgets: {} });
      for (const r of records.slice(0, 4000)) agg.add(r);
      assert.deepEqual(streamed, agg.snapshot(now));
      for (const r of records.slice(4000)) agg.add(r as LedgerRecord);
      assert.deepEqual(agg.snapshot(now), aggregateSync(records, { now, budgets: {} }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
