import { strict as assert } from 'node:assert';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ledger, type LedgerProblem } from '../../../src/core/ledger/ledgerFile';
import type { LedgerRecord } from '../../../src/core/ledger/record';
import { generateLedger, toJsonl } from '../../support/ledgerGen';
import { useTempDir } from './helpers/tmp';

describe('Ledger file', () => {
  const tmp = useTempDir();
  const file = () => path.join(tmp.dir, 'spend.jsonl');
  const ids = (rs: LedgerRecord[]) => rs.map((r) => r.id);

  it('round-trips appended records through read() and readAll()', async () => {
    const { records } = generateLedger(8, 1);
    const ledger = new Ledger({ path: file(), maxSizeBytes: 1 << 20 });
    await ledger.append(records[0]);
    await ledger.appendMany(records.slice(1));
    const streamed: LedgerRecord[] = [];
    for await (const r of ledger.read()) streamed.push(r);
    assert.deepEqual(streamed, records);
    const all = await ledger.readAll();
    assert.deepEqual(all.records, records);
    assert.deepEqual(all.problems, []);
    assert.ok(readFileSync(file(), 'utf8').endsWith('\n'));
  });

  it('refuses to append something that is not a ledger record', async () => {
    const ledger = new Ledger({ path: file(), maxSizeBytes: 1 << 20 });
    await assert.rejects(ledger.append({ id: 'x' } as unknown as LedgerRecord), /Not appending ledger record x/);
  });

  it('skips and reports a torn last line, then appends on a fresh line', async () => {
    const { records } = generateLedger(4, 2);
    const torn = JSON.stringify(records[3]).slice(0, 40);
    writeFileSync(file(), toJsonl(records.slice(0, 3)) + torn);
    const seen: LedgerProblem[] = [];
    const ledger = new Ledger({ path: file(), maxSizeBytes: 1 << 20, onProblem: (p) => seen.push(p) });
    const first = await ledger.readAll();
    assert.deepEqual(ids(first.records), ids(records.slice(0, 3)));
    assert.deepEqual(first.problems.map((p) => p.message), ['spend.jsonl line 4 is incomplete and was skipped']);
    assert.deepEqual(seen.map((p) => p.message), ['spend.jsonl line 4 is incomplete and was skipped']);

    await ledger.append(records[3]);
    const second = await ledger.readAll();
    assert.deepEqual(ids(second.records), ids(records));
    assert.deepEqual(second.problems.map((p) => p.message), ['spend.jsonl line 4 is not valid JSON and was skipped']);
  });

  it('skips and reports corrupt middle lines without failing the load', async () => {
    const { records } = generateLedger(3, 3);
    const { costMicros: _drop, ...noCost } = records[1];
    writeFileSync(file(), [JSON.stringify(records[0]), '{"v":1,"id":', JSON.stringify(noCost), '[1,2]', '', JSON.stringify(records[2])].join('\n') + '\n');
    const all = await new Ledger({ path: file(), maxSizeBytes: 1 << 20 }).readAll();
    assert.deepEqual(ids(all.records), [records[0].id, records[2].id]);
    assert.deepEqual(all.problems.map((p) => p.message), [
      'spend.jsonl line 2 is not valid JSON and was skipped',
      'spend.jsonl line 3 has no integer costMicros and was skipped',
      'spend.jsonl line 4 is not a JSON object and was skipped',
    ]);
  });

  it('rejects negative or fractional money and reports the line (issue 9: a -$49.99 spend total)', async () => {
    const { records } = generateLedger(4, 6);
    const negative = { ...records[1], costMicros: -49_990_000 };
    const fractional = { ...records[2], costMicros: 12.5 };
    const negSaved = { ...records[3], savedMicros: { ...records[3].savedMicros, exactCache: -1 } };
    writeFileSync(file(), [records[0], negative, fractional, negSaved].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const all = await new Ledger({ path: file(), maxSizeBytes: 1 << 20 }).readAll();
    assert.deepEqual(ids(all.records), [records[0].id]);
    assert.deepEqual(all.problems.map((p) => p.message), [
      'spend.jsonl line 2 has costMicros -49990000, which is not a non-negative integer and was skipped',
      'spend.jsonl line 3 has costMicros 12.5, which is not a non-negative integer and was skipped',
      'spend.jsonl line 4 has invalid savedMicros (each must be a non-negative integer) and was skipped',
    ]);
  });

  it('reads record 1 of a file that starts with a byte-order mark', async () => {
    const { records } = generateLedger(3, 7);
    writeFileSync(file(), '\ufeff' + toJsonl(records));
    const all = await new Ledger({ path: file(), maxSizeBytes: 1 << 20 }).readAll();
    assert.deepEqual(ids(all.records), ids(records));
    assert.deepEqual(all.problems, []);
    const streamed: LedgerRecord[] = [];
    for await (const r of new Ledger({ path: file(), maxSizeBytes: 1 << 20 }).read()) streamed.push(r);
    assert.deepEqual(ids(streamed), ids(records));
  });

  it('rotates by size and still reads every record, oldest first', async () => {
    const { records, totals } = generateLedger(300, 4);
    let tick = Date.parse('2025-03-01T00:00:00Z');
    const ledger = new Ledger({ path: file(), maxSizeBytes: 8_000, now: () => new Date((tick += 1000)) });
    for (const r of records) await ledger.append(r);
    const rotated = readdirSync(tmp.dir).filter((n) => /^spend\.\d{8}T\d{9}Z\.jsonl$/.test(n));
    assert.ok(rotated.length >= 10, `expected many rotated files, got ${rotated.length}`);
    const all = await ledger.readAll();
    assert.deepEqual(ids(all.records), ids(records));
    assert.equal(all.records.reduce((s, r) => s + r.costMicros, 0), totals.costMicros);
    let streamed = 0;
    for await (const r of ledger.read()) assert.equal(r.id, records[streamed++].id);
    assert.equal(streamed, records.length);
  });

  it('read({since}) skips older records and rotated files', async () => {
    const { records } = generateLedger(50, 5, { start: new Date('2025-01-01T00:00:00Z'), spanDays: 50 });
    const ledger = new Ledger({ path: file(), maxSizeBytes: 1 << 20 });
    await ledger.appendMany(records);
    const since = new Date('2025-02-01T00:00:00Z');
    const got: LedgerRecord[] = [];
    for await (const r of ledger.read({ since })) got.push(r);
    assert.deepEqual(ids(got), ids(records.filter((r) => Date.parse(r.time) >= since.getTime())));
  });

  it('watch() reports records appended by another writer, across a rotation, without repeats', async () => {
    const { records } = generateLedger(40, 6);
    const reader = new Ledger({ path: file(), maxSizeBytes: 1 << 20 });
    const writer = new Ledger({ path: file(), maxSizeBytes: 3_000 });
    await writer.appendMany(records.slice(0, 5));
    const { position } = await reader.readAll();
    const got: string[] = [];
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => { resolveDone = r; });
    const watch = reader.watch((r) => { got.push(r.id); if (got.length === 35) resolveDone(); }, { from: position });
    try {
      await watch.ready;
      for (const r of records.slice(5)) await writer.append(r);
      await done;
      assert.deepEqual(got, ids(records.slice(5)));
    } finally {
      watch.dispose();
    }
  });

  it('watch() without a position starts at the current end', async () => {
    const { records } = generateLedger(4, 7);
    const ledger = new Ledger({ path: file(), maxSizeBytes: 1 << 20 });
    await ledger.appendMany(records.slice(0, 2));
    const got: string[] = [];
    const done = new Promise<void>((resolve) => {
      const watch = ledger.watch((r) => { got.push(r.id); if (got.length === 2) { watch.dispose(); resolve(); } });
      void watch.ready.then(() => ledger.appendMany(records.slice(2)));
    });
    await done;
    assert.deepEqual(got, ids(records.slice(2)));
  });

  it('a line appended by hand without a newline is not reported by watch until complete', async () => {
    const { records } = generateLedger(2, 8);
    const ledger = new Ledger({ path: file(), maxSizeBytes: 1 << 20 });
    await ledger.append(records[0]);
    const got: string[] = [];
    const done = new Promise<void>((resolve) => {
      const watch = ledger.watch((r) => { got.push(r.id); watch.dispose(); resolve(); });
      void watch.ready.then(() => {
        const line = JSON.stringify(records[1]);
        appendFileSync(file(), line.slice(0, 30));
        appendFileSync(file(), line.slice(30) + '\n');
      });
    });
    await done;
    assert.deepEqual(got, [records[1].id]);
  });
});
