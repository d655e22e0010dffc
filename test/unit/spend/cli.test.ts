import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spendCommand } from '../../../src/cli/spend';
import { UsageError, type CliIO } from '../../../src/cli/io';
import { TECHNIQUES } from '../../../src/core/spend/snapshot';
import { generateLedger, toJsonl } from '../../support/ledgerGen';

describe('promptmeter spend', () => {
  let dir: string;
  let tz: string | undefined;
  const { records, totals } = generateLedger(2000, 5);
  before(() => {
    tz = process.env.TZ;
    process.env.TZ = 'UTC';
    dir = mkdtempSync(path.join(tmpdir(), 'pm-spend-cli-'));
    // A corrupt line in the middle and a torn last line: reported, never fatal.
    writeFileSync(path.join(dir, 'spend.jsonl'), toJsonl(records.slice(0, 1000)) + '{oops\n' + toJsonl(records.slice(1000)) + '{"v":1,"id":"torn"');
  });
  after(() => {
    if (tz === undefined) delete process.env.TZ; else process.env.TZ = tz;
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    let stdout = '';
    let stderr = '';
    const io: CliIO = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd: dir, env };
    const code = await spendCommand(args, io);
    return { code, stdout, stderr };
  };

  it('prints one JSON object with the totals of the ledger, and reports skipped lines on stderr', async () => {
    const { code, stdout, stderr } = await run(['--json', '--ledger', 'spend.jsonl']);
    assert.equal(code, 0);
    const out = JSON.parse(stdout);
    assert.deepEqual(Object.keys(out), ['totalUSD', 'byDay', 'byModel', 'byFile', 'savedUSD', 'calls', 'unpricedCalls']);
    assert.equal(out.totalUSD, totals.costMicros / 1e6);
    assert.equal(out.calls, totals.count);
    assert.equal(out.unpricedCalls, totals.unpricedCalls);
    assert.deepEqual(Object.fromEntries(out.byDay.map((d: { day: string; costUSD: number }) => [d.day, Math.round(d.costUSD * 1e6)])), totals.byUtcDay);
    for (const t of TECHNIQUES) assert.equal(out.savedUSD[t], totals.savedMicros[t] / 1e6);
    assert.equal(out.byModel.find((m: { model: string }) => m.model === 'gpt-4o').calls, totals.byModel['gpt-4o'].calls);
    assert.match(stderr, /line 1001 is not valid JSON and was skipped/);
    assert.match(stderr, /line 2002 is incomplete and was skipped/);
  });

  it('reads PROMPTMETER_LEDGER and prints a readable table', async () => {
    const { code, stdout } = await run([], { PROMPTMETER_LEDGER: path.join(dir, 'spend.jsonl') });
    assert.equal(code, 0);
    assert.match(stdout, /^Spend all time: \$\d/);
    assert.match(stdout, /llama3\.1:8b\s+\d+\s+unpriced/);
    assert.match(stdout, /\(no file\)/);
  });

  it('filters with --since and rejects bad flags as usage errors', async () => {
    const { stdout } = await run(['--json', '--since', '2025-02-20', '--ledger', 'spend.jsonl']);
    const out = JSON.parse(stdout);
    assert.equal(out.calls, records.filter((r) => r.time >= '2025-02-20').length);
    await assert.rejects(run(['--since', 'soon', '--ledger', 'spend.jsonl']), UsageError);
    await assert.rejects(run([]), /PROMPTMETER_LEDGER/);
  });
});
