import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { ledgerStage } from '../src/core/client/ledgerStage';
import { createPipeline } from '../src/core/client/pipeline';
import { createProviderCall } from '../src/core/client/providers';
import type { ChatRequest } from '../src/core/client/types';
import type { DatasetRow } from '../src/core/dataset';
import { evaluate } from '../src/core/eval';
import { Ledger } from '../src/core/ledger/ledgerFile';
import { PriceBook } from '../src/core/pricing/prices';
import { ProviderServer } from '../test/support/providerServer';
import { measure, type BenchResult } from './stats';

const KEY = 'sk-bench-000000000000';
const ROWS = 1000;
const CONCURRENCY = 4;

/**
 * 1,000 dataset rows through the eval engine (assertions, the whole pipeline with its ledger, a fresh answer per
 * row) beside the bare openai SDK sending the same requests with the same concurrency, on the local test server.
 */
export async function benchDataset(): Promise<BenchResult[]> {
  const server = await ProviderServer.start();
  const dir = mkdtempSync(join(tmpdir(), 'promptmeter-bench-dataset-'));
  const prices = new PriceBook();
  let round = 0;
  const rows = (): DatasetRow[] => Array.from({ length: ROWS }, (_, i) => ({ line: i + 1, vars: { n: `${round}-${i}` }, assert: [{ type: 'contains', value: 'Answer' }] }));
  const request = (n: string): ChatRequest => ({
    provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'gpt-4o-mini', temperature: 0, maxTokens: 50, stream: false,
    messages: [{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content: `Item ${n}` }], meta: { workspace: 'bench', file: 'bench.prompty' },
  });
  const out: BenchResult[] = [];
  try {
    const ledger = new Ledger({ path: join(dir, 'ledger.jsonl'), maxSizeBytes: 256 * 1024 * 1024 });
    const pipeline = createPipeline({
      terminal: createProviderCall({ apiKey: async () => KEY, timeoutMs: 30_000, maxRetries: 0, streamIdleMs: 30_000, prices }),
      prices, ledgerStage: ledgerStage({ ledger, prices, workspace: 'bench', secrets: () => [KEY] }), cache: { enabled: false },
    });
    out.push(await measure('dataset-1000-rows', 'promptmeter', async () => {
      round++;
      const report = await evaluate({
        prompt: 'bench.prompty', rows: rows(), models: ['gpt-4o-mini'], requestFor: (r) => request(String(r.vars.n)),
        run: (req, ctx) => pipeline.run(req, ctx), prices, concurrency: CONCURRENCY,
      });
      if (report.totals[0].passed !== ROWS) throw new Error('expected every row to pass');
    }, 3, 1));
    await pipeline.dispose();
    const sdk = new OpenAI({ apiKey: KEY, baseURL: server.openaiBaseUrl, maxRetries: 0, timeout: 30_000 });
    out.push(await measure('dataset-1000-rows', 'sdk-direct', async () => {
      round++;
      const queue = rows();
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        for (let row = queue.shift(); row; row = queue.shift()) {
          const r = request(String(row.vars.n));
          const res = await sdk.chat.completions.create({ model: r.model, temperature: 0, max_completion_tokens: 50, messages: r.messages });
          if (!res.choices[0]?.message?.content?.includes('Answer')) throw new Error('unexpected answer');
        }
      }));
    }, 3, 1));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
