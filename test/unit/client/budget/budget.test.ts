import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BudgetExceededError, BudgetManager, budgetStage, type BudgetLimits } from '../../../../src/core/client/budget/budget';
import { ledgerStage } from '../../../../src/core/client/ledgerStage';
import { compose, ProviderError, type ChatRequest, type Next } from '../../../../src/core/client/types';
import type { Ledger } from '../../../../src/core/ledger/ledgerFile';
import { ctx, interleave, ledgerAt, NOON, prices, request, response, spendRecord, usage } from '../../ledger/helpers/pipeline';
import { useTempDir } from '../../ledger/helpers/tmp';

const NO_LIMITS: BudgetLimits = { dailyUSD: 0, weeklyUSD: 0, monthlyUSD: 0, perCallUSD: 0 };

describe('Budget', () => {
  const tmp = useTempDir();
  let ledger: Ledger;
  beforeEach(() => { ledger = ledgerAt(path.join(tmp.dir, 'spend.jsonl')); });

  // 60 input tokens (fixed) + 300 max output at 1 micro each: every call may cost up to 360 micros.
  const manager = (limits: Partial<BudgetLimits>, l: Ledger = ledger) =>
    new BudgetManager({ ledger: l, prices: prices(), limits: { ...NO_LIMITS, ...limits }, now: () => NOON, estimateInputTokens: () => 60 });
  const pipeline = (m: BudgetManager, next: Next, onWarning?: (m: string) => void, l: Ledger = ledger) =>
    compose([ledgerStage({ ledger: l, prices: prices(), workspace: 'ws', now: () => NOON }), budgetStage(m, { onWarning })], next);
  const totalSpent = async () => (await ledger.readAll()).records.reduce((s, r) => s + r.costMicros, 0);

  it('50 concurrent calls reserving 3x the remaining budget never overspend', async () => {
    await ledger.append(spendRecord('seed', 4_000, NOON));
    const m = manager({ dailyUSD: 0.01 });
    assert.equal(m.maxCost(request()).micros, 360);
    const next: Next = async () => { await interleave(); return response(); }; // costs 340
    const run = pipeline(m, next);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => run(request(), ctx())));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const blocked = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const b of blocked) assert.ok(b.reason instanceof BudgetExceededError, String(b.reason));
    assert.ok(ok >= Math.floor(6_000 / 360), `only ${ok} calls ran`);
    assert.ok(blocked.length > 0);
    assert.ok((await totalSpent()) <= 10_000, `spent ${await totalSpent()}`);
    const snap = await m.snapshot();
    assert.equal(snap.reservedMicros, 0);
    assert.equal(snap.spentTodayMicros, 4_000 + ok * 340);
    const records = (await ledger.readAll()).records;
    assert.equal(records.filter((r) => r.status === 'budget-blocked').length, blocked.length);
  });

  it('two managers (as two processes) see each other\'s reservations', async () => {
    await ledger.append(spendRecord('seed', 4_000, NOON));
    const other = ledgerAt(ledger.path);
    const m1 = manager({ dailyUSD: 0.01 });
    const m2 = manager({ dailyUSD: 0.01 }, other);
    const next: Next = async () => { await interleave(); return response(); };
    const runs = [pipeline(m1, next), pipeline(m2, next, undefined, other)];
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => runs[i % 2](request(), ctx())));
    assert.ok(results.some((r) => r.status === 'rejected'));
    assert.ok((await totalSpent()) <= 10_000, `spent ${await totalSpent()}`);
    assert.equal((await m2.snapshot()).reservedMicros, 0);
  });

  it('releases the reservation when the call fails, keeping the cost of usage the error reports', async () => {
    const m = manager({ dailyUSD: 1 });
    const run = pipeline(m, async () => { throw new ProviderError('Server error (500)', 500); });
    await assert.rejects(run(request(), ctx()), ProviderError);
    assert.deepEqual(await m.snapshot(), { spentTodayMicros: 0, spentWeekMicros: 0, spentMonthMicros: 0, reservedMicros: 0, limits: { ...NO_LIMITS, dailyUSD: 1 } });

    const partial = Object.assign(new ProviderError('stream broke', 502), { usage: usage({ inputUncached: 60, output: 40 }) });
    await assert.rejects(pipeline(m, async () => { throw partial; })(request(), ctx()), ProviderError);
    const snap = await m.snapshot();
    assert.equal(snap.reservedMicros, 0);
    assert.equal(snap.spentTodayMicros, 100);
  });

  it('releases the reservation when the call is cancelled', async () => {
    const m = manager({ dailyUSD: 1 });
    const controller = new AbortController();
    let started!: () => void;
    const isRunning = new Promise<void>((r) => { started = r; });
    const next: Next = (_req, c) => new Promise((_resolve, reject) => {
      started();
      c.signal.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
    });
    const call = pipeline(m, next)(request(), ctx(controller.signal));
    await isRunning;
    assert.equal((await m.snapshot()).reservedMicros, 360);
    controller.abort();
    await assert.rejects(call, { name: 'AbortError' });
    assert.equal((await m.snapshot()).reservedMicros, 0);
    assert.equal((await ledger.readAll()).records[0].status, 'cancelled');
  });

  it('warns once when a call takes daily spend to 80%', async () => {
    await ledger.append(spendRecord('seed', 7_800, NOON));
    const warnings: string[] = [];
    const run = pipeline(manager({ dailyUSD: 0.01 }), async () => response(), (w) => warnings.push(w));
    await run(request(), ctx());
    await run(request(), ctx());
    assert.deepEqual(warnings, ['Daily spend is at 81% of the $0.01 budget ($0.0078 spent or reserved, and up to $0.0004 for this call).']);
  });

  it('does not warn below 80%', async () => {
    await ledger.append(spendRecord('seed', 1_000, NOON));
    const warnings: string[] = [];
    await pipeline(manager({ dailyUSD: 0.01 }), async () => response(), (w) => warnings.push(w))(request(), ctx());
    assert.deepEqual(warnings, []);
  });

  it('explains a daily stop and lets "allow once" through', async () => {
    await ledger.append(spendRecord('seed', 4_900_000, NOON));
    const m = new BudgetManager({ ledger, prices: prices(), limits: { ...NO_LIMITS, dailyUSD: 5 }, now: () => NOON, estimateInputTokens: () => 0 });
    const big = request({ maxTokens: 300_000 });
    await assert.rejects(m.reserve(big), (e: BudgetExceededError) => {
      assert.equal(e.limit, 'daily');
      assert.equal(e.message, 'Daily budget $5.00 would be exceeded: $4.90 spent, this call may cost up to $0.30. Raise promptmeter.budget.dailyUSD or choose Allow once.');
      return true;
    });
    const r = await m.reserve({ ...big, meta: { ...big.meta, allowOverBudget: true } });
    assert.equal((await m.snapshot()).reservedMicros, 300_000);
    await m.settle(r, 0);
  });

  it('counts the whole month against the monthly limit, and the per-call limit alone', async () => {
    await ledger.append(spendRecord('earlier', 9_800, new Date(2025, 5, 1, 9)));
    await ledger.append(spendRecord('last-month', 50_000, new Date(2025, 4, 30, 9)));
    await assert.rejects(manager({ monthlyUSD: 0.01 }).reserve(request()), { limit: 'monthly' });
    await manager({ monthlyUSD: 0.02 }).reserve(request());
    await assert.rejects(manager({ perCallUSD: 0.0003 }).reserve(request()),
      { limit: 'perCall', message: 'This call may cost up to $0.0004, above the per-call limit of $0.0003. Raise promptmeter.budget.perCallUSD or choose Allow once.' });
  });

  // NOON is Sunday 15 June 2025, so its week started on Monday the 9th.
  it('counts the week since Monday against the weekly limit', async () => {
    await ledger.append(spendRecord('monday', 9_800, new Date(2025, 5, 9, 0, 0, 1)));
    await ledger.append(spendRecord('last-sunday', 50_000, new Date(2025, 5, 8, 23, 59, 59)));
    await assert.rejects(manager({ weeklyUSD: 0.01 }).reserve(request()), (e: BudgetExceededError) => {
      assert.equal(e.limit, 'weekly');
      assert.equal(e.message, 'Weekly budget $0.01 would be exceeded: $0.0098 spent, this call may cost up to $0.0004. ' +
        'Raise promptmeter.budget.weeklyUSD or choose Allow once.');
      return true;
    });
    const m = manager({ weeklyUSD: 0.02 });
    assert.equal(m.enabled, true);
    await m.reserve(request());
    assert.equal((await m.snapshot()).spentWeekMicros, 9_800);
  });

  it('warns once when a call takes weekly spend to 80%', async () => {
    await ledger.append(spendRecord('wednesday', 7_800, new Date(2025, 5, 11, 12)));
    const warnings: string[] = [];
    const run = pipeline(manager({ weeklyUSD: 0.01, dailyUSD: 1 }), async () => response(), (w) => warnings.push(w));
    await run(request(), ctx());
    await run(request(), ctx());
    assert.deepEqual(warnings, ['Weekly spend is at 81% of the $0.01 budget ($0.0078 spent or reserved, and up to $0.0004 for this call).']);
  });

  it('starts a new week at local midnight on Monday', async () => {
    await ledger.append(spendRecord('sunday-night', 9_800, new Date(2025, 5, 15, 23, 59, 59)));
    const at = (now: Date) => new BudgetManager({
      ledger, prices: prices(), limits: { ...NO_LIMITS, weeklyUSD: 0.01 }, now: () => now, estimateInputTokens: () => 60,
    });
    await assert.rejects(at(new Date(2025, 5, 15, 23, 59, 59, 999)).reserve(request()), { limit: 'weekly' });
    const monday = at(new Date(2025, 5, 16, 0, 0, 0));
    assert.equal((await monday.snapshot()).spentWeekMicros, 0);
    await monday.reserve(request());
  });

  it('reads a week that began last month, even from a part rotated before the month started', async () => {
    // Wednesday 2 July 2025: the week began on Monday 30 June; that day's spend was rotated out on the evening of the 30th.
    writeFileSync(ledger.paths.rotatedName(new Date(2025, 5, 30, 22)), JSON.stringify(spendRecord('june-30', 9_800, new Date(2025, 5, 30, 12))) + '\n');
    await ledger.append(spendRecord('july-1', 100, new Date(2025, 6, 1, 12)));
    const m = new BudgetManager({
      ledger, prices: prices(), limits: { ...NO_LIMITS, weeklyUSD: 0.01 }, now: () => new Date(2025, 6, 2, 12), estimateInputTokens: () => 60,
    });
    const snap = await m.snapshot();
    assert.equal(snap.spentWeekMicros, 9_900);
    assert.equal(snap.spentMonthMicros, 100);
    await assert.rejects(m.reserve(request()), { limit: 'weekly' });
  });

  it('refuses an unpriced model when a limit is set, unless allowed once; ignores it with no limits', async () => {
    const mystery = request({ model: 'mystery-model-xyz' });
    await assert.rejects(manager({ dailyUSD: 1 }).reserve(mystery), (e: BudgetExceededError) =>
      e.limit === 'unpriced' && /No price is known for mystery-model-xyz \(openai\).*promptmeter\.prices or choose Allow once/.test(e.message));
    await manager({ dailyUSD: 1 }).reserve({ ...mystery, meta: { ...mystery.meta, allowOverBudget: true } });
    const none = manager({});
    assert.equal(none.enabled, false);
    const res = await pipeline(none, async () => response({ model: 'mystery-model-xyz' }))(mystery, ctx());
    assert.equal(res.text, 'hello');
  });

  it('reserves for the dearest path of model auto (cascade pays cheap then strong)', () => {
    const m = manager({ dailyUSD: 1 });
    const auto = (cascade: boolean): ChatRequest => request({ model: 'auto', meta: { workspace: 'ws', route: { cheap: 'test-model', strong: 'test-model-2x', cascade, fallback: [] } } });
    assert.deepEqual(m.maxCost(auto(false)), { priced: true, micros: 720 });
    assert.deepEqual(m.maxCost(auto(true)), { priced: true, micros: 1_080 });
    assert.equal(m.maxCost(request({ model: 'auto' })).priced, false);
  });

  it('drops reservations left by a process that died', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(`${ledger.path}.reservations.json`, JSON.stringify({ v: 1, reservations: [
      { id: 'x', pid: dead, host: os.hostname(), micros: 5_000, committed: false, created: NOON.toISOString() },
    ] }));
    assert.equal((await manager({ dailyUSD: 1 }).snapshot()).reservedMicros, 0);
  });

  it('releases a reservation past its deadline even when its owner looks alive (another host, a reused pid)', async () => {
    const past = new Date(NOON.getTime() - 1_000).toISOString();
    const future = new Date(NOON.getTime() + 60_000).toISOString();
    // process.ppid is alive and not this process: only the deadline can release its reservation.
    writeFileSync(`${ledger.path}.reservations.json`, JSON.stringify({ v: 1, reservations: [
      { id: 'a', pid: process.ppid, host: os.hostname(), micros: 5_000, committed: false, created: NOON.toISOString(), deadline: past },
      { id: 'b', pid: 1, host: 'another-host', micros: 7_000, committed: false, created: NOON.toISOString(), deadline: past },
      { id: 'c', pid: process.ppid, host: os.hostname(), micros: 300, committed: false, created: NOON.toISOString(), deadline: future },
    ] }));
    assert.equal((await manager({ dailyUSD: 1 }).snapshot()).reservedMicros, 300);
  });

  it('gives each reservation a deadline of the run deadline plus a margin', async () => {
    const m = new BudgetManager({ ledger, prices: prices(), limits: { ...NO_LIMITS, dailyUSD: 1 }, now: () => NOON, estimateInputTokens: () => 60, reservationTtlMs: 90_000 });
    const r = await m.reserve(request());
    assert.equal(r.deadline, new Date(NOON.getTime() + 90_000).toISOString());
    assert.equal(r.pid, process.pid);
  });

  it('estimates input tokens from the messages by default', () => {
    const m = new BudgetManager({ ledger, prices: prices(), limits: { ...NO_LIMITS, dailyUSD: 1 } });
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(100);
    const max = m.maxCost(request({ messages: [{ role: 'user', content: text }], maxTokens: 0 }));
    assert.ok(max.micros >= 1_000 && max.micros <= 1_400, `estimate ${max.micros}`);
  });
});
