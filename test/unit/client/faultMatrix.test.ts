import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ledgerStage } from '../../../src/core/client/ledgerStage';
import { createPipeline } from '../../../src/core/client/pipeline';
import { createProviderCall } from '../../../src/core/client/providers';
import type { ProviderId } from '../../../src/core/client/types';
import { Ledger } from '../../../src/core/ledger/ledgerFile';
import { startProviderServer, type Fault, type ProviderServer } from '../../support/providerServer';
import { ctx, makeReq, prices } from './pipeline-fakes';

const KEY = 'sk-fault-matrix-SECRET-0987654321';

interface Case { fault: Fault; provider: ProviderId; stream: boolean; times: number; ok: boolean; requests?: number; message?: RegExp }

// Each scripted fault through the whole chain: the SDK's retry where one is due, else a clear message; always one ledger record.
const CASES: Case[] = [
  { fault: '429-0', provider: 'openai', stream: true, times: 1, ok: true, requests: 2 },
  { fault: '429-1', provider: 'anthropic', stream: false, times: 1, ok: true, requests: 2 },
  { fault: '429-3600', provider: 'openai', stream: false, times: 1, ok: false, requests: 1, message: /3600/ },
  { fault: '500', provider: 'openai', stream: false, times: 1, ok: true, requests: 2 },
  { fault: '503', provider: 'anthropic', stream: true, times: 99, ok: false, requests: 2, message: /503|overloaded|unavailable/i },
  { fault: '529', provider: 'anthropic', stream: false, times: 1, ok: true, requests: 2 },
  { fault: 'reset', provider: 'openai', stream: true, times: 1, ok: true, requests: 2 },
  { fault: 'hang', provider: 'openai', stream: false, times: 99, ok: false, message: /time|respond/i },
  { fault: 'stall', provider: 'anthropic', stream: true, times: 99, ok: false, message: /stopped sending|idle/i },
  { fault: 'sse-error', provider: 'openai', stream: true, times: 99, ok: false },
  { fault: 'malformed', provider: 'openai', stream: false, times: 99, ok: false, message: /malformed|invalid|parse|JSON/i },
  { fault: 'no-usage', provider: 'anthropic', stream: false, times: 1, ok: true, requests: 1 },
  { fault: '401', provider: 'openai', stream: false, times: 1, ok: false, requests: 1, message: /API key/i },
  { fault: '400', provider: 'anthropic', stream: false, times: 1, ok: false, requests: 1 },
];

describe('fault matrix through the whole pipeline (real SDKs, real ledger)', function () {
  this.timeout(60_000);
  let server: ProviderServer;
  let dir: string;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => { unhandled.push(reason); };

  before(async () => { server = await startProviderServer(); process.on('unhandledRejection', onUnhandled); });
  after(async () => { process.off('unhandledRejection', onUnhandled); await server.close(); });
  beforeEach(() => { server.reset(); dir = mkdtempSync(path.join(tmpdir(), 'pm-faults-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const c of CASES) {
    it(`${c.fault} (${c.provider}, ${c.stream ? 'streamed' : 'not streamed'}) ${c.ok ? (c.requests === 2 ? 'succeeds after one SDK retry' : 'succeeds') : 'fails with a clear message'}`, async () => {
      const ledger = new Ledger({ path: path.join(dir, 'spend.jsonl'), maxSizeBytes: 1 << 20 });
      const logs: string[] = [];
      const pipeline = createPipeline({
        terminal: createProviderCall({ apiKey: async () => KEY, timeoutMs: 1500, maxRetries: 1, streamIdleMs: 500, prices }),
        prices, cache: { dir: path.join(dir, 'cache'), secret: 'test-cache-secret-0123456789abcdef' }, log: (l) => logs.push(l),
        ledgerStage: ledgerStage({ ledger, prices, workspace: 'w', secrets: () => [KEY] }),
      });
      try {
        server.script(c.fault, { times: c.times });
        const req = makeReq({ provider: c.provider, baseUrl: c.provider === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl, stream: c.stream });
        const outcome = await pipeline.run(req, ctx({ log: (l) => logs.push(l) })).then((r) => ({ r }), (e: Error) => ({ e }));
        if (c.ok) {
          assert.ok('r' in outcome, `expected success, got ${'e' in outcome ? outcome.e.message : ''}`);
          assert.ok(outcome.r.text.length > 0);
        } else {
          assert.ok('e' in outcome, 'expected a failure');
          const msg = outcome.e.message;
          assert.ok(msg.length > 10 && !/\n\s+at /.test(msg), `unclear message: ${msg}`);
          if (c.message) assert.match(msg, c.message);
          if (process.env.PM_SHOW_MESSAGES) console.log(`      ${c.fault}: ${msg}`);
          assert.ok(!msg.includes(KEY), 'the key leaked into the error');
        }
        if (c.requests !== undefined) assert.equal(server.requests.length, c.requests, 'requests the server received');
        const { records, problems } = await ledger.readAll();
        assert.deepEqual(problems, []);
        assert.equal(records.length, 1, 'one ledger record per call');
        const rec = records[0];
        assert.equal(rec.status, c.ok ? 'ok' : 'error');
        assert.ok(Number.isInteger(rec.costMicros) && rec.costMicros >= 0);
        // Issue 9: a call without usage is charged at its worst case, marked estimated, never $0.
        if (c.fault === 'no-usage') { assert.ok(rec.costMicros > 0); assert.equal(rec.usageEstimated, true); assert.equal(rec.priced, true); }
        // A stream cut short after it began still billed something.
        if (c.stream && (c.fault === 'stall' || c.fault === 'sse-error')) {
          assert.ok(rec.costMicros > 0, `${c.fault}: cost recorded`);
          assert.equal(rec.usageEstimated, true);
        }
        const ledgerText = readFileSync(ledger.path, 'utf8');
        const cacheDir = path.join(dir, 'cache');
        const cacheText = !existsSync(cacheDir) ? '' : readdirSync(cacheDir, { recursive: true, withFileTypes: true })
          .filter((d) => d.isFile()).map((d) => readFileSync(path.join(d.parentPath ?? d.path, d.name), 'utf8')).join('\n');
        for (const [where, text] of [['ledger', ledgerText], ['disk cache', cacheText], ['logs', logs.join('\n')]]) {
          assert.ok(!text.includes(KEY), `the key leaked into the ${where}`);
        }
      } finally {
        await pipeline.dispose();
      }
      assert.deepEqual(unhandled, [], 'no unhandled rejection');
    });
  }
});
