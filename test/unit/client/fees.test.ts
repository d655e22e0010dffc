// Issue 9: server-side tool fees. The real Anthropic SDK over HTTP to the test server, through the pipeline and ledger.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ledgerStage } from '../../../src/core/client/ledgerStage';
import { createPipeline } from '../../../src/core/client/pipeline';
import { createProviderCall } from '../../../src/core/client/providers';
import type { ChatRequest } from '../../../src/core/client/types';
import { Ledger } from '../../../src/core/ledger/ledgerFile';
import { PriceBook } from '../../../src/core/pricing/prices';
import { ZERO_USAGE } from '../../../src/core/pricing/usage';
import { startProviderServer, type ProviderServer } from '../../support/providerServer';

const WEB_SEARCH_TOOL = { type: 'web_search_20250305', name: 'web_search', max_uses: 1 };

describe('per-request fees against the test server', () => {
  let server: ProviderServer;
  let dir: string;
  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });
  beforeEach(() => { server.reset(); dir = mkdtempSync(path.join(tmpdir(), 'pm-fees-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const stream of [false, true]) {
    it(`a web-search call costs its tokens plus the catalogue's per-search price (${stream ? 'streamed' : 'not streamed'})`, async () => {
      const prices = new PriceBook();
      const ledger = new Ledger({ path: path.join(dir, 'spend.jsonl'), maxSizeBytes: 1 << 20 });
      const pipeline = createPipeline({
        terminal: createProviderCall({ apiKey: async () => 'sk-fees-test-key', timeoutMs: 5000, maxRetries: 0, streamIdleMs: 2000, prices }),
        prices, ledgerStage: ledgerStage({ ledger, prices, workspace: 'w' }), cache: { enabled: false },
      });
      const req: ChatRequest = {
        provider: 'anthropic', baseUrl: server.anthropicBaseUrl, model: 'claude-sonnet-4-5', maxTokens: 100, stream,
        messages: [{ role: 'user', content: 'What happened in the news today?' }], tools: [WEB_SEARCH_TOOL], meta: { workspace: 'w' },
      };
      try {
        const res = await pipeline.run(req, { signal: new AbortController().signal });
        assert.equal(res.usage.webSearches, 1);
        assert.deepEqual(server.requests[0]!.body.tools, [WEB_SEARCH_TOOL]);
        const [rec] = (await ledger.readAll()).records;
        const tokensOnly = prices.cost({ ...res.usage, webSearches: 0 }, 'claude-sonnet-4-5', 'anthropic').totalMicros;
        const perSearch = prices.lookup('claude-sonnet-4-5', 'anthropic')!.fees!.webSearchPer1k! * 1_000;
        assert.equal(perSearch, 10_000, 'Anthropic: $10 per 1,000 searches');
        assert.equal(rec!.usage.webSearches, 1);
        assert.equal(rec!.priced, true);
        assert.equal(rec!.costMicros, tokensOnly + 10_000);
      } finally {
        await pipeline.dispose();
      }
    });
  }

  it('SDK deprecation warnings go to the log, not the console (the CLI summary)', async () => {
    const prices = new PriceBook();
    const call = createProviderCall({ apiKey: async () => 'sk-fees-test-key', timeoutMs: 5000, maxRetries: 0, streamIdleMs: 2000, prices });
    const consoleLines: string[] = [];
    const logs: string[] = [];
    const original = console.warn;
    console.warn = (...a: unknown[]) => { consoleLines.push(a.map(String).join(' ')); };
    try {
      // @anthropic-ai/sdk warns on every create() for a model in its DEPRECATED_MODELS list.
      await call({
        provider: 'anthropic', baseUrl: server.anthropicBaseUrl, model: 'claude-sonnet-4-5', maxTokens: 10, stream: false,
        messages: [{ role: 'user', content: 'hi' }], meta: { workspace: 'w' },
      }, { signal: new AbortController().signal, log: (l) => logs.push(l) });
    } finally {
      console.warn = original;
    }
    assert.deepEqual(consoleLines, []);
    assert.ok(logs.some((l) => /^SDK warning: .*deprecated/.test(l)), logs.join('\n'));
  });

  it('a model without a per-search price records the call as unpriced, never $0 for the search', () => {
    const prices = new PriceBook({ 'house-model': { input: 1, output: 1 } });
    const cost = prices.cost({ ...ZERO_USAGE, inputUncached: 100, webSearches: 1 }, 'house-model');
    assert.equal(cost.priced, false);
  });
});
