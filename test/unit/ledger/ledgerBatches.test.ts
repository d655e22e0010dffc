import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ledger } from '../../../src/core/ledger/ledgerFile';
import type { LedgerRecord } from '../../../src/core/ledger/record';
import { parseLedgerLine } from '../../../src/core/ledger/validate';
import { generateLedger } from '../../support/ledgerGen';
import { useTempDir } from './helpers/tmp';

/** What reading line by line reports: the reference the chunked reader must match. */
function lineByLine(lines: string[], name: string): { ids: string[]; problems: string[] } {
  const ids: string[] = [];
  const problems: string[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const parsed = parseLedgerLine(text);
    if ('record' in parsed) ids.push(parsed.record.id);
    else problems.push(`${name} line ${i + 1} ${parsed.problem} and was skipped`);
  });
  return { ids, problems };
}

describe('Ledger reading in chunks', () => {
  const tmp = useTempDir();
  const file = () => path.join(tmp.dir, 'spend.jsonl');
  const ids = (rs: LedgerRecord[]) => rs.map((r) => r.id);

  it('reports damaged lines with their numbers across 4 MB chunk boundaries, as line-by-line parsing does', async function () {
    this.timeout(60_000);
    const { records } = generateLedger(30_000, 21);
    const lines = records.map((r) => JSON.stringify(r));
    // Lines that would merge or split if lines were ever parsed joined, and near-records.
    const damage = ['1,2', '[3', '4]', '{"v":1,"id":"a"},{"v":1,"id":"b"}', '{"v":1,"id":', '  ', '{}', 'null', '{"v":2}',
      `${lines[5].slice(0, -1)},"costMicros":1.5}`, `${lines[6]}\r`, lines[7].replace('"status":"', '"status":"x')];
    for (let k = 0; k < damage.length; k++) lines.splice(1000 + k * 2600, 0, damage[k]);
    writeFileSync(file(), lines.join('\n') + '\n');
    const expected = lineByLine(lines, 'spend.jsonl');
    const all = await new Ledger({ path: file(), maxSizeBytes: 1 << 30 }).readAll();
    assert.deepEqual(ids(all.records), expected.ids);
    assert.deepEqual(all.problems.map((p) => p.message), expected.problems);
    assert.ok(expected.problems.length >= 9, expected.problems.join('\n'));
    const line = lines.length + 1;
    assert.deepEqual(all.position.line, line);
  });

  it('reads a line longer than a chunk, and a torn one after it', async () => {
    const { records } = generateLedger(3, 22);
    const long = { ...records[1], error: 'x'.repeat(5 * 1024 * 1024) };
    writeFileSync(file(), [records[0], long].map((r) => JSON.stringify(r) + '\n').join('') + JSON.stringify(records[2]).slice(0, 50));
    const all = await new Ledger({ path: file(), maxSizeBytes: 1 << 30 }).readAll();
    assert.deepEqual(ids(all.records), [records[0].id, records[1].id]);
    assert.equal(all.records[1].error?.length, 5 * 1024 * 1024);
    assert.deepEqual(all.problems.map((p) => p.message), ['spend.jsonl line 3 is incomplete and was skipped']);
  });
});
