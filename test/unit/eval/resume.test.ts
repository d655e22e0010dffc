import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { createPipeline } from '../../../src/core/client/pipeline';
import { createProviderCall } from '../../../src/core/client/providers';
import { evaluate, fileResultStore, prepareEval } from '../../../src/core/eval';
import { PriceBook } from '../../../src/core/pricing/prices';
import { startProviderServer, type ProviderServer } from '../../support/providerServer';
import { shoutAnswers, shoutWorkspace } from './helpers';

describe('a cancelled dataset run resumes without sending a row twice (real SDK, test provider server)', function () {
  this.timeout(120_000);
  let server: ProviderServer;
  let dir: string;
  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });
  beforeEach(() => { server.reset(); dir = shoutWorkspace(100); shoutAnswers(server); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('cancel after 30 requests, run again: every row is sent exactly once and all 100 are answered', async () => {
    const file = path.join(dir, 'shout.prompty');
    const prep = await prepareEval({ path: file, text: readFileSync(file, 'utf8'), baseUrls: { openai: server.openaiBaseUrl }, workspace: dir, models: ['gpt-4o'] });
    const prices = new PriceBook();
    // No exact cache: only the resume store may prevent a second send.
    const pipeline = createPipeline({
      terminal: createProviderCall({ apiKey: async () => 'sk-resume-test-key', timeoutMs: 30_000, maxRetries: 0, streamIdleMs: 30_000, prices }),
      prices, cache: { enabled: false },
    });
    const store = fileResultStore(path.join(dir, 'eval-store.jsonl'));
    const common = { prompt: 'shout.prompty', rows: prep.dataset.rows, models: prep.models, requestFor: prep.requestFor, run: pipeline.run, prices, concurrency: 4, store };
    const controller = new AbortController();
    server.on('request', () => { if (server.requestsTo('/chat/completions').length >= 30) controller.abort(); });
    const first = await evaluate({ ...common, signal: controller.signal });
    assert.equal(first.cancelled, true);
    const sentFirst = server.requestsTo('/chat/completions').length;
    assert.ok(sentFirst >= 30 && sentFirst < 100, `cancelled part-way (${sentFirst} sent)`);
    assert.equal(first.results.length, sentFirst, 'requests in flight at the cancel finished and were kept');

    const second = await evaluate({ ...common });
    await pipeline.dispose();
    assert.equal(second.cancelled, false);
    assert.equal(second.results.length, 100);
    assert.equal(second.results.filter((r) => r.resumed).length, sentFirst);
    const words = server.requestsTo('/chat/completions').map((r) => r.body.messages.at(-1).content);
    assert.equal(words.length, 100, 'no row sent twice');
    assert.equal(new Set(words).size, 100);
    assert.equal(second.totals[0].passed, 100);
  });
});
