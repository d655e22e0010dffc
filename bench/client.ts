import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { ledgerStage } from '../src/core/client/ledgerStage';
import { createPipeline, type Pipeline } from '../src/core/client/pipeline';
import { createProviderCall } from '../src/core/client/providers';
import type { ChatRequest } from '../src/core/client/types';
import { Ledger } from '../src/core/ledger/ledgerFile';
import { PriceBook } from '../src/core/pricing/prices';
import { ProviderServer } from '../test/support/providerServer';
import { measure, type BenchResult } from './stats';

const KEY = 'sk-bench-000000000000';
// The disk layer keys its entries' integrity tags with a per-user secret; without one it is off.
const SECRET = 'bench-cache-secret';
const SYSTEM = 'You are a concise assistant. Answer in one friendly sentence.';

/**
 * The request pipeline against the local provider server (real SDKs, real HTTP on 127.0.0.1): cache hits from
 * memory and disk, and a miss through every stage (ledger included) beside the bare openai SDK on the same server.
 * 'pm-no-ledger' rows drop only the ledger stage, to show what its fsynced append costs per call.
 */
export async function benchClient(): Promise<BenchResult[]> {
  const server = await ProviderServer.start();
  const dir = mkdtempSync(join(tmpdir(), 'promptmeter-bench-client-'));
  const prices = new PriceBook();
  const pipelines: Pipeline[] = [];
  const ledger = new Ledger({ path: join(dir, 'ledger.jsonl'), maxSizeBytes: 64 * 1024 * 1024 });
  const pipeline = (cache: Parameters<typeof createPipeline>[0]['cache'], withLedger = true): Pipeline => {
    const p = createPipeline({
      terminal: createProviderCall({ apiKey: async () => KEY, timeoutMs: 30_000, maxRetries: 0, streamIdleMs: 30_000, prices }),
      prices,
      ledgerStage: withLedger ? ledgerStage({ ledger, prices, workspace: 'bench', secrets: () => [KEY] }) : undefined,
      cache,
    });
    pipelines.push(p);
    return p;
  };
  const request = (user: string): ChatRequest => ({
    provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'gpt-4o-mini', temperature: 0, maxTokens: 100, stream: true,
    messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: user }], meta: { workspace: 'bench', file: 'hello.prompty' },
  });
  const ctx = () => ({ signal: new AbortController().signal });
  const expectCache = async (p: Pipeline, req: ChatRequest, layer: string) => {
    const r = await p.run(req, ctx());
    if (r.cache !== layer) throw new Error(`expected a ${layer} hit, got ${r.cache}`);
  };

  const out: BenchResult[] = [];
  try {
    const memory = pipeline({ dir: join(dir, 'cache-memory'), secret: SECRET });
    const hot = request('Say hello to Paris.');
    await memory.run(hot, ctx());
    out.push(await measure('cache-hit-memory', 'promptmeter', () => expectCache(memory, hot, 'memory'), 201, 5));
    // The same hit without the ledger stage: what the fsynced ledger append costs on every call.
    const memoryBare = pipeline({ dir: join(dir, 'cache-memory-bare'), secret: SECRET }, false);
    await memoryBare.run(hot, ctx());
    out.push(await measure('cache-hit-memory', 'pm-no-ledger', () => expectCache(memoryBare, hot, 'memory'), 201, 5));

    const disk = pipeline({ memoryEntries: 0, dir: join(dir, 'cache-disk'), secret: SECRET });
    await disk.run(hot, ctx());
    out.push(await measure('cache-hit-disk', 'promptmeter', () => expectCache(disk, hot, 'disk'), 101, 5));

    // A fresh prompt each time, so nothing is served from a cache or shared in flight.
    let n = 0;
    const miss = pipeline({ enabled: false });
    out.push(await measure('pipeline-miss', 'promptmeter', async () => {
      const r = await miss.run(request(`Say hello to city number ${n++}.`), ctx());
      if (r.cache !== 'miss' || !r.text) throw new Error('expected a fresh answer');
    }, 51, 5));
    const noLedger = pipeline({ enabled: false }, false);
    out.push(await measure('pipeline-miss', 'pm-no-ledger', async () => {
      await noLedger.run(request(`Say hello to city number ${n++}.`), ctx());
    }, 51, 5));
    const sdk = new OpenAI({ apiKey: KEY, baseURL: server.openaiBaseUrl, maxRetries: 0, timeout: 30_000 });
    out.push(await measure('pipeline-miss', 'sdk-direct', async () => {
      const stream = await sdk.chat.completions.create({
        model: 'gpt-4o-mini', temperature: 0, max_completion_tokens: 100, stream: true, stream_options: { include_usage: true },
        messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: `Say hello to city number ${n++}.` }],
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      if (!text) throw new Error('expected a fresh answer');
    }, 51, 5));
  } finally {
    await Promise.allSettled(pipelines.map((p) => p.dispose()));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
