import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startProviderServer, type ProviderServer } from '../../support/providerServer';
import { cli, ledgerRecords, serverEnv, shoutAnswers, shoutWorkspace } from './helpers';

// Batch price: OpenAI Batch API and Anthropic Message Batches both bill 50% of the synchronous price.
describe('promptmeter eval --batch and promptmeter batch (real SDKs, test provider server)', function () {
  this.timeout(120_000);
  let server: ProviderServer;
  let dir: string;

  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });
  beforeEach(() => { server.reset(); dir = shoutWorkspace(100); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('OpenAI: uploads a JSONL file, creates a 24h batch, polls it to completion and bills exactly half of the same usage', async () => {
    shoutAnswers(server);
    const sync = await cli(['eval', 'shout.prompty', '--models', 'gpt-4o', '--json', '--ledger', 'sync.jsonl'], dir, serverEnv(server, dir, 'c1'));
    assert.equal(sync.code, 0, sync.stderr);
    server.reset();
    shoutAnswers(server);
    const batch = await cli(['eval', 'shout.prompty', '--models', 'gpt-4o', '--batch', '--poll-ms', '5', '--json', '--ledger', 'batch.jsonl'], dir, serverEnv(server, dir, 'c2'));
    assert.equal(batch.code, 0, batch.stderr);
    const upload = server.requestsTo('/v1/files');
    assert.equal(upload.length, 1);
    assert.equal(server.requestsTo('/v1/batches')[0].body.completion_window, '24h');
    assert.equal(server.requestsTo('/chat/completions').length, 0, 'nothing sent synchronously');
    const s = ledgerRecords(path.join(dir, 'sync.jsonl'));
    const b = ledgerRecords(path.join(dir, 'batch.jsonl'));
    assert.equal(b.length, 100);
    const syncByFile = new Map(JSON.parse(sync.stdout).results.map((r: any) => [r.line, r]));
    const batchReport = JSON.parse(batch.stdout);
    for (const r of batchReport.results) {
      const same: any = syncByFile.get(r.line);
      assert.deepEqual(r.usage, same.usage, 'the same usage');
      assert.equal(r.costMicros, Math.round(same.costMicros * 0.5));
      assert.equal(r.batch, true);
    }
    assert.ok(b.every((x) => x.batch === true && x.route === 'batch' && x.savedMicros.batch > 0));
    assert.equal(b.reduce((t, x) => t + x.costMicros, 0), batchReport.costMicros);
    assert.equal(s.reduce((t, x) => t + x.costMicros, 0) - b.reduce((t, x) => t + x.costMicros, 0), b.reduce((t, x) => t + x.savedMicros.batch, 0));
  });

  it('Anthropic: Message Batches with mixed outcomes; errored and expired rows are reported, never priced as answers', async () => {
    shoutAnswers(server);
    const prompt = `---\nname: shout\nmodel: claude-haiku-4-5\nconfig: {maxOutputTokens: 20}\ninput:\n  schema: {word: string}\n---\n{{role "system"}}\nRepeat the word in capitals.\n{{role "user"}}\n{{word}}\n`;
    writeFileSync(path.join(dir, 'shout.prompt'), prompt);
    writeFileSync(path.join(dir, 'shout.dataset.jsonl'), ['a', 'b [[batch:errored]]', 'c [[batch:expired]]', 'd'].map((w) => JSON.stringify({ word: w })).join('\n'));
    const r = await cli(['eval', 'shout.prompt', '--batch', '--poll-ms', '5', '--json', '--ledger', 'spend.jsonl'], dir, serverEnv(server, dir));
    assert.equal(r.code, 1, 'two rows did not answer');
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.results.map((x: any) => x.status), ['ok', 'error', 'error', 'ok']);
    assert.match(report.results[1].error, /^errored/);
    assert.match(report.results[2].error, /^expired/);
    assert.equal(server.requestsTo('/v1/messages/batches').length, 1);
    assert.ok(server.requestsTo('/results').length >= 1);
    const records = ledgerRecords(path.join(dir, 'spend.jsonl'));
    assert.deepEqual(records.map((x) => [x.status, x.costMicros > 0]), [['ok', true], ['error', false], ['error', false], ['ok', true]]);
  });

  it('--no-wait prints the job id; batch status moves it on, batch results shows its rows once it has ended', async () => {
    shoutAnswers(server);
    writeFileSync(path.join(dir, 'shout.dataset.jsonl'), '{"word": "a", "expected": "A"}\n{"word": "b", "expected": "B"}\n');
    const env = serverEnv(server, dir);
    const sub = await cli(['eval', 'shout.prompty', '--models', 'gpt-4o-mini', '--batch', '--no-wait'], dir, env);
    assert.equal(sub.code, 0, sub.stderr);
    const id = sub.stdout.trim();
    assert.match(id, /^batch_/);
    const early = await cli(['batch', 'results', id], dir, env);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /in_progress|validating|finalizing/);
    const list = await cli(['batch', 'list', '--json'], dir, env);
    assert.equal(JSON.parse(list.stdout).jobs[0].id, id);
    let status = '';
    for (let i = 0; i < 5 && status !== 'completed'; i++) status = JSON.parse((await cli(['batch', 'status', id, '--json'], dir, env)).stdout).status;
    assert.equal(status, 'completed');
    const res = await cli(['batch', 'results', id, '--json', '--ledger', 'spend.jsonl'], dir, env);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(JSON.parse(res.stdout).totals[0].passed, 2);
  });

  it('batch cancel: the job ends cancelled and its rows come back cancelled', async () => {
    shoutAnswers(server);
    server.batches.paused = true;
    const env = serverEnv(server, dir);
    const id = (await cli(['eval', 'shout.prompty', '--models', 'gpt-4o-mini', '--batch', '--no-wait'], dir, env)).stdout.trim();
    const c = await cli(['batch', 'cancel', id, '--json'], dir, env);
    assert.equal(JSON.parse(c.stdout).status, 'cancelling');
    const s = await cli(['batch', 'status', id, '--json', '--ledger', 'spend.jsonl'], dir, env);
    assert.equal(JSON.parse(s.stdout).status, 'cancelled');
    const res = await cli(['batch', 'results', id, '--json'], dir, env);
    assert.ok(JSON.parse(res.stdout).results.every((r: any) => r.status === 'error' && /canceled|cancel/.test(r.error)));
  });
});
