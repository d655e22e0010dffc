import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BudgetExceededError } from '../../../src/core/client/budget/budget';
import { ledgerStage, type LedgerCallContext } from '../../../src/core/client/ledgerStage';
import { compose, ProviderError, type ChatRequest, type Next } from '../../../src/core/client/types';
import type { Ledger } from '../../../src/core/ledger/ledgerFile';
import { NO_SAVINGS, type LedgerRecord } from '../../../src/core/ledger/record';
import { ctx, ledgerAt, NOON, prices, request, response, usage } from './helpers/pipeline';
import { useTempDir } from './helpers/tmp';

const FAKE_KEY = 'sk-test-FAKEKEY0123456789abcdefXYZ';

describe('Ledger stage', () => {
  const tmp = useTempDir();
  let ledger: Ledger;
  beforeEach(() => { ledger = ledgerAt(path.join(tmp.dir, 'spend.jsonl')); });

  /** Runs one call; the fake clock advances 250 ms between the stage's two readings. */
  async function record(next: Next, req: ChatRequest = request(), signal?: AbortSignal): Promise<LedgerRecord> {
    let tick = NOON.getTime();
    let n = 0;
    const run = compose([ledgerStage({ ledger, prices: prices(), workspace: 'fallback-ws', now: () => new Date((tick += n++ ? 250 : 0)), idFactory: () => 'id-1' })], next);
    await run(req, ctx(signal)).catch(() => undefined);
    const { records, problems } = await ledger.readAll();
    assert.deepEqual(problems, []);
    assert.equal(records.length, 1, 'exactly one record per call');
    return records[0];
  }

  it('records a billed call with its cost and provider-cache saving', async () => {
    const res = response({ usage: usage({ inputUncached: 100, cacheRead: 1_000, output: 50 }) });
    const r = await record(async () => res, request({ meta: { workspace: 'ws', file: 'prompts/a.prompty' } }));
    assert.deepEqual(r, {
      v: 1, id: 'id-1', time: NOON.toISOString(), workspace: 'ws', file: 'prompts/a.prompty', model: 'test-model', provider: 'openai',
      route: 'direct', cache: 'miss', usage: res.usage, priced: true, costMicros: 100 + 100 + 50,
      savedMicros: { ...NO_SAVINGS, providerCache: 900 }, latencyMs: 250, status: 'ok',
    });
  });

  it('records a cascade\'s rejected cheap attempt as its own billed record', async () => {
    let id = 0;
    const run = compose([ledgerStage({ ledger, prices: prices(), workspace: 'ws', idFactory: () => `id-${++id}` })],
      async () => ({ ...response({ route: 'cascade:escalated' }), priorAttempts: [response({ route: 'auto:cheap', latencyMs: 40 })] }));
    await run(request(), ctx());
    const { records } = await ledger.readAll();
    assert.deepEqual(records.map((r) => [r.id, r.route]), [['id-2', 'cascade:rejected'], ['id-1', 'cascade:escalated']]);
    assert.ok(records.every((r) => r.costMicros > 0 && r.status === 'ok'));
    assert.equal(records[0].latencyMs, 40);
  });

  it('gives inner stages the record id', async () => {
    let seen: string | undefined;
    await record(async (_req, c) => { seen = (c as LedgerCallContext).ledgerRecordId; return response(); });
    assert.equal(seen, 'id-1');
  });

  it('records a truncated answer', async () => {
    const r = await record(async () => response({ finishReason: 'length' }));
    assert.equal(r.status, 'truncated');
    assert.equal(r.costMicros, 340);
  });

  it('records a cache hit as free, with the saving the cache reported', async () => {
    const r = await record(async () => response({ cache: 'disk', savedMicros: { exactCache: 1_234 } }));
    assert.equal(r.status, 'ok');
    assert.equal(r.cache, 'disk');
    assert.equal(r.costMicros, 0);
    assert.equal(r.priced, true);
    assert.deepEqual(r.usage, usage({}));
    assert.deepEqual(r.savedMicros, { ...NO_SAVINGS, exactCache: 1_234 });
  });

  it('records an unpriced model as unpriced, never as free', async () => {
    const r = await record(async () => response({ model: 'mystery-model-xyz' }));
    assert.equal(r.priced, false);
    assert.equal(r.status, 'ok');
  });

  it('records an error with the cost of the usage it reports, and never an API key', async () => {
    const err = Object.assign(new ProviderError(`Incorrect API key provided: ${FAKE_KEY}. Header was Authorization: Bearer ${FAKE_KEY}`, 401),
      { usage: usage({ inputUncached: 30 }) });
    const req = request({ baseUrl: `https://proxy.invalid/v1?api_key=${FAKE_KEY}`, meta: { workspace: 'ws', apiKey: FAKE_KEY } as ChatRequest['meta'] });
    const r = await record(async () => { throw err; }, req);
    assert.equal(r.status, 'error');
    assert.equal(r.costMicros, 30);
    assert.match(r.error!, /^Incorrect API key provided: \[redacted\]\. Header was Authorization: \[redacted\]/);
    // An ok call through the same request too, then search the whole file.
    await compose([ledgerStage({ ledger, prices: prices(), workspace: 'ws' })], async () => response())(req, ctx());
    assert.ok(!readFileSync(ledger.path, 'utf8').includes('FAKEKEY'), 'the ledger file contains the key');
  });

  it('removes configured secrets that look like nothing in particular', async () => {
    const secret = 'plain-looking-secret-value';
    const run = compose([ledgerStage({ ledger, prices: prices(), workspace: 'ws', secrets: () => [secret] })],
      async () => { throw new Error(`upstream said ${secret}`); });
    await assert.rejects(run(request(), ctx()));
    const [r] = (await ledger.readAll()).records;
    assert.equal(r.error, 'upstream said [redacted]');
  });

  it('records a cancelled call', async () => {
    const controller = new AbortController();
    const r = await record(async () => { controller.abort(); throw new DOMException('This operation was aborted', 'AbortError'); }, request(), controller.signal);
    assert.equal(r.status, 'cancelled');
    assert.equal(r.costMicros, 0);
  });

  it('records a budget stop', async () => {
    const r = await record(async () => { throw new BudgetExceededError('Daily budget $5.00 would be exceeded', 'daily', 10); });
    assert.equal(r.status, 'budget-blocked');
    assert.equal(r.error, 'Daily budget $5.00 would be exceeded');
    assert.equal(r.costMicros, 0);
  });

  it('returns the answer even when the record cannot be written', async () => {
    writeFileSync(path.join(tmp.dir, 'a-file'), '');
    const broken = ledgerAt(path.join(tmp.dir, 'a-file', 'spend.jsonl'));
    const failures: string[] = [];
    const res = await compose([ledgerStage({ ledger: broken, prices: prices(), workspace: 'ws', onAppendError: (e) => failures.push(e.message) })],
      async () => response())(request(), ctx());
    assert.equal(res.text, 'hello');
    assert.equal(failures.length, 1);
  });
});
