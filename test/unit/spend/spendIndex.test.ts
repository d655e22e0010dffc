import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { aggregateSync, type AggregateOptions } from '../../../src/core/spend/aggregate';
import { Ledger } from '../../../src/core/ledger/ledgerFile';
import type { LedgerRecord } from '../../../src/core/ledger/record';
import { openSpendIndex, saveSpendIndex, SPEND_INDEX_VERSION, SpendIndex, spendIndexPath } from '../../../src/core/spend/spendIndex';
import { rangeStart, SPEND_RANGES } from '../../../src/core/spend/protocol';
import { generateLedger, toJsonl } from '../../support/ledgerGen';

const now = new Date('2025-03-02T10:00:00Z');
const oracle = { cost: (u: { inputUncached: number; output: number }, model: string) => ({ priced: model !== 'llama3.1:8b', totalMicros: u.inputUncached * (model === 'gpt-4o-mini' ? 0.15 : 2.5) + u.output }) };

function mixed(): LedgerRecord[] {
  const a = generateLedger(3000, 11, { start: new Date('2025-01-01T00:00:00Z'), spanDays: 60 }).records;
  const b = generateLedger(600, 12, { start: new Date('2025-01-01T00:00:00Z'), spanDays: 60, workspace: 'other' }).records;
  // Interleaved by time, the way two windows append to one ledger.
  return [...a, ...b].sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0));
}

const filters = (): Omit<AggregateOptions, 'now'>[] => SPEND_RANGES.flatMap((range) => [undefined, 'other', 'demo-workspace', 'nowhere'].map((workspace) => ({
  since: rangeStart(range, now), workspace, budgets: { dailyMicros: 1_000_000, monthlyMicros: 90_000_000 }, prices: oracle,
  cheapModels: ['gpt-4o-mini'], highVolumeMinCalls: 20,
})));

describe('spend index', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'pm-spend-index-')); file = path.join(dir, 'spend.jsonl'); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const expectSame = (index: SpendIndex, records: LedgerRecord[]) => {
    for (const o of filters()) {
      assert.deepEqual(index.aggregator(o).snapshot(now), aggregateSync(records, { ...o, now }), JSON.stringify({ since: o.since, ws: o.workspace }));
    }
  };

  it('folds into the same snapshot as the records, for every range and workspace', () => {
    const records = mixed();
    const index = new SpendIndex();
    for (const r of records) index.add(r);
    expectSame(index, records);
  });

  it('live records added to an index-seeded aggregator give the full snapshot', () => {
    const records = mixed();
    const index = new SpendIndex();
    for (const r of records.slice(0, 3000)) index.add(r);
    const o = filters()[1];
    const agg = index.aggregator(o);
    for (const r of records.slice(3000)) agg.add(r);
    assert.deepEqual(agg.snapshot(now), aggregateSync(records, { ...o, now }));
  });

  it('refuses ranges that do not start at local midnight', () => {
    assert.equal(SpendIndex.serves({ budgets: {}, since: new Date(2025, 0, 1, 12) }), false);
    assert.equal(SpendIndex.serves({ budgets: {}, since: new Date(2025, 0, 1) }), true);
    assert.equal(SpendIndex.serves({ budgets: {}, recentLimit: 500 }), false);
  });

  it('is rebuilt when missing, then read with only the tail, across appends and rotations', async () => {
    const records = mixed();
    writeFileSync(file, toJsonl(records.slice(0, 2000)));
    const ledger = new Ledger({ path: file, maxSizeBytes: 200_000 });
    let opened = await openSpendIndex(ledger);
    assert.equal(opened.source, 'rebuilt');
    assert.equal(opened.reason, 'there is no index yet');
    assert.equal(opened.readRecords, 2000);
    expectSame(opened.index, records.slice(0, 2000));
    await saveSpendIndex(ledger, opened.index, opened.position);

    opened = await openSpendIndex(ledger);
    assert.equal(opened.source, 'index');
    assert.equal(opened.readRecords, 0);
    assert.deepEqual(opened.position, (await ledger.readAll()).position);

    // The first append rotates the oversized file; later ones rotate again.
    for (let i = 2000; i < 3000; i += 100) await ledger.appendMany(records.slice(i, i + 100));
    assert.ok(readdirSync(dir).filter((n) => ledger.paths.isRotated(n)).length >= 2);
    opened = await openSpendIndex(ledger);
    assert.equal(opened.source, 'index', opened.reason);
    assert.equal(opened.readRecords, 1000);
    expectSame(opened.index, records.slice(0, 3000));
    await saveSpendIndex(ledger, opened.index, opened.position);

    await ledger.appendMany(records.slice(3000));
    opened = await openSpendIndex(ledger);
    assert.equal(opened.source, 'index', opened.reason);
    assert.equal(opened.readRecords, records.length - 3000);
    expectSame(opened.index, records);
  });

  it('save catches up on what was appended after open', async () => {
    const { records } = generateLedger(300, 3);
    const ledger = new Ledger({ path: file, maxSizeBytes: 1 << 30 });
    await ledger.appendMany(records.slice(0, 100));
    const opened = await openSpendIndex(ledger);
    await ledger.appendMany(records.slice(100));
    await saveSpendIndex(ledger, opened.index, opened.position);
    const again = await openSpendIndex(ledger);
    assert.equal(again.source, 'index');
    assert.equal(again.readRecords, 0);
    expectSame(again.index, records);
  });

  for (const [name, damage, reason] of [
    ['a rotated part it covered is deleted', (l: Ledger) => unlinkSync(path.join(l.paths.dir, readdirSync(l.paths.dir).filter((n) => l.paths.isRotated(n))[0])), /rotated part .* is gone/],
    ['the live ledger file is replaced by another', (l: Ledger) => { unlinkSync(l.path); writeFileSync(l.path, toJsonl(generateLedger(5, 77).records)); }, /file it was reading/],
    ['the index file is damaged', (l: Ledger) => writeFileSync(spendIndexPath(l.paths), `{"kind":"promptmeter-spend-index","v":${SPEND_INDEX_VERSION}`), /not valid JSON/],
    ['the index has another version', (l: Ledger) => writeFileSync(spendIndexPath(l.paths), readFileSync(spendIndexPath(l.paths), 'utf8').replace(`"v":${SPEND_INDEX_VERSION}`, '"v":99')), /version 99/],
  ] as const) {
    it(`is rebuilt from the ledger when ${name}`, async () => {
      const { records } = generateLedger(400, 5);
      const ledger = new Ledger({ path: file, maxSizeBytes: 40_000 });
      for (let i = 0; i < 400; i += 50) await ledger.appendMany(records.slice(i, i + 50));
      const first = await openSpendIndex(ledger);
      await saveSpendIndex(ledger, first.index, first.position);
      damage(ledger);
      const opened = await openSpendIndex(ledger);
      assert.equal(opened.source, 'rebuilt');
      assert.match(opened.reason ?? '', reason);
      const all = await ledger.readAll();
      expectSame(opened.index, all.records);
    });
  }

  it('skips torn and corrupt tail lines as readAll does, and reads the torn line once it is complete', async () => {
    const { records } = generateLedger(50, 9);
    const ledger = new Ledger({ path: file, maxSizeBytes: 1 << 30 });
    await ledger.appendMany(records.slice(0, 20));
    const first = await openSpendIndex(ledger);
    await saveSpendIndex(ledger, first.index, first.position);
    const line = JSON.stringify(records[21]);
    appendFileSync(file, `${JSON.stringify(records[20])}\n{"v":1,"id":\n${line.slice(0, 30)}`);
    let opened = await openSpendIndex(ledger);
    assert.equal(opened.source, 'index');
    assert.deepEqual(opened.problems.map((p) => p.message), ['spend.jsonl line 22 is not valid JSON and was skipped']);
    expectSame(opened.index, records.slice(0, 21));
    appendFileSync(file, `${line.slice(30)}\n`);
    opened = await openSpendIndex(ledger);
    expectSame(opened.index, records.slice(0, 22));
  });
});
