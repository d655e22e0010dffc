import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startProviderServer, type ProviderServer } from '../../support/providerServer';
import { cli, ledgerRecords, serverEnv, shoutAnswers, shoutWorkspace } from './helpers';

describe('promptmeter eval (real SDKs, test provider server)', function () {
  this.timeout(120_000);
  let server: ProviderServer;
  let dir: string;
  const chat = () => server.requestsTo('/chat/completions');

  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });
  beforeEach(() => { server.reset(); dir = shoutWorkspace(100); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('100 rows against 3 models: ledger totals equal the rows, and the cheapest model that passes is named', async () => {
    shoutAnswers(server);
    const r = await cli(['eval', 'shout.prompty', '--models', 'gpt-4o-mini,gpt-4.1-mini,gpt-4o', '--json', '--ledger', 'spend.jsonl'], dir, serverEnv(server, dir));
    assert.equal(r.code, 1, 'gpt-4o-mini fails some rows, so eval exits 1');
    const report = JSON.parse(r.stdout);
    assert.equal(report.results.length, 300);
    assert.equal(chat().length, 300);
    const byModel = Object.fromEntries(report.totals.map((t: any) => [t.model, t]));
    assert.equal(byModel['gpt-4o-mini'].passed, 90, 'words ending in 3 fail: 10 of 100');
    assert.equal(byModel['gpt-4.1-mini'].passed, 100);
    assert.equal(byModel['gpt-4o'].passed, 100);
    assert.equal(report.cheapestPassing.model, 'gpt-4.1-mini');
    const records = ledgerRecords(path.join(dir, 'spend.jsonl'));
    assert.equal(records.length, 300);
    const ledgerTotal = records.reduce((s, x) => s + x.costMicros, 0);
    const rowTotal = report.results.reduce((s: number, x: any) => s + x.costMicros, 0);
    assert.ok(ledgerTotal > 0);
    assert.equal(rowTotal, ledgerTotal);
    assert.equal(report.costMicros, ledgerTotal);
    assert.equal(byModel['gpt-4o'].per1000Micros, Math.round((byModel['gpt-4o'].costMicros / 100) * 1000));
  });

  it('pack: 10 on 100 rows sends 10 requests and gets the same answers as one call per row', async () => {
    shoutAnswers(server);
    const single = await cli(['eval', 'shout.prompty', '--models', 'gpt-4o', '--json'], dir, serverEnv(server, dir, 'cache-single'));
    assert.equal(single.code, 0, single.stderr);
    server.reset();
    shoutAnswers(server);
    const packed = await cli(['eval', 'shout.prompty', '--models', 'gpt-4o', '--pack', '10', '--json', '--ledger', 'p.jsonl'], dir, serverEnv(server, dir, 'cache-packed'));
    assert.equal(packed.code, 0, packed.stderr);
    assert.equal(chat().length, 10);
    const a = JSON.parse(single.stdout); const b = JSON.parse(packed.stdout);
    assert.deepEqual(b.results.map((x: any) => x.text), a.results.map((x: any) => x.text));
    assert.ok(b.pack.inputTokensSaved > 0, 'the shared system message is sent 10 times, not 100');
    assert.ok(b.pack.savedMicros > 0);
    const ledgerTotal = ledgerRecords(path.join(dir, 'p.jsonl')).reduce((s, x) => s + x.costMicros, 0);
    assert.equal(b.results.reduce((s: number, x: any) => s + x.costMicros, 0), ledgerTotal, 'row shares add up to what was billed');
  });

  it('pack: a packed answer that leaves one item out re-runs only that row, alone', async () => {
    shoutAnswers(server, { drop: 'word-7' });
    const r = await cli(['eval', 'shout.prompty', '--models', 'gpt-4o', '--pack', '10', '--json'], dir, serverEnv(server, dir));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(chat().length, 11);
    const alone = chat().filter((q) => !/numbered items/.test(q.body.messages.at(-1).content));
    assert.deepEqual(alone.map((q) => q.body.messages.at(-1).content), ['word-7']);
    const report = JSON.parse(r.stdout);
    assert.equal(report.results.find((x: any) => x.line === 7).text, 'WORD-7');
    assert.equal(report.results.find((x: any) => x.line === 7).packedWith, undefined);
  });

  it('bad dataset rows are reported with their line numbers and the others still run', async () => {
    shoutAnswers(server);
    writeFileSync(path.join(dir, 'shout.dataset.jsonl'), '{"word": "a", "expected": "A"}\n{"word": \n{"other": 1}\n{"word": "b", "expected": "B"}\n');
    const r = await cli(['eval', 'shout.prompty', '--models', 'gpt-4o'], dir, serverEnv(server, dir));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /shout\.dataset\.jsonl:2: not valid JSON/);
    assert.match(r.stderr, /shout\.dataset\.jsonl:3: missing variable 'word'/);
    assert.equal(chat().length, 2);
    assert.match(r.stdout, /Cheapest model that passes every assertion: gpt-4o/);
  });

  it('a row still rate-limited after the SDK retries waits out retry-after and is sent again', async () => {
    shoutAnswers(server);
    writeFileSync(path.join(dir, 'shout.dataset.jsonl'), '{"word": "a"}\n');
    server.script('429-1', { times: 3, path: '/chat/completions' });
    const r = await cli(['eval', 'shout.prompty', '--models', 'gpt-4o', '--json'], dir, serverEnv(server, dir));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(chat().length, 4, 'three 429s (the SDK retried twice), then the engine retried once');
    assert.match(r.stderr, /rate limited; waiting 1 s/);
  });

  it('usage errors exit 2', async () => {
    assert.equal((await cli(['eval'], dir, {})).code, 2);
    assert.equal((await cli(['eval', 'shout.prompty', '--pack', '0'], dir, {})).code, 2);
    assert.equal((await cli(['eval', 'shout.prompty', '--batch', '--pack', '2'], dir, {})).code, 2);
  });
});
