import { strict as assert } from 'node:assert';
import { createWriteStream } from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { Ledger } from '../../../src/core/ledger/ledgerFile';
import { generateLedger } from '../../support/ledgerGen';
import { useTempDir } from './helpers/tmp';

describe('Ledger at scale', () => {
  const tmp = useTempDir();

  it('generateLedger is deterministic from its seed', () => {
    assert.deepEqual(generateLedger(500, 42), generateLedger(500, 42));
    assert.notDeepEqual(generateLedger(50, 42).records, generateLedger(50, 43).records);
  });

  it('streams 100,000 records (across rotated files) into totals that match the generator', async function () {
    this.timeout(120_000);
    const { records, totals } = generateLedger(100_000, 7);
    const file = path.join(tmp.dir, 'spend.jsonl');
    // Two rotated parts and a live file, written directly: this test is about reading.
    const parts = [path.join(tmp.dir, 'spend.20250110T000000000Z.jsonl'), path.join(tmp.dir, 'spend.20250201T000000000Z.jsonl'), file];
    const per = Math.ceil(records.length / parts.length);
    for (let p = 0; p < parts.length; p++) {
      const out = createWriteStream(parts[p]);
      for (const r of records.slice(p * per, (p + 1) * per)) if (!out.write(JSON.stringify(r) + '\n')) await once(out, 'drain');
      out.end();
      await once(out, 'finish');
    }
    let count = 0;
    let cost = 0;
    let unpriced = 0;
    const byModel: Record<string, number> = {};
    for await (const r of new Ledger({ path: file, maxSizeBytes: 1 << 30 }).read()) {
      count++;
      cost += r.costMicros;
      if (!r.priced) unpriced++;
      byModel[r.model] = (byModel[r.model] ?? 0) + r.costMicros;
    }
    assert.equal(count, totals.count);
    assert.equal(cost, totals.costMicros);
    assert.equal(unpriced, totals.unpricedCalls);
    assert.deepEqual(byModel, Object.fromEntries(Object.entries(totals.byModel).map(([m, t]) => [m, t.costMicros])));
  });
});
