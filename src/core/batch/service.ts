import { cacheKey } from '../client/cache/key';
import type { ChatRequest, ProviderId } from '../client/types';
import type { Assertion, DatasetRow } from '../dataset/types';
import type { Ledger } from '../ledger/ledgerFile';
import { withFileLock } from '../ledger/lock';
import type { EvalRowResult } from '../eval/types';
import type { PriceBook } from '../pricing/prices';
import type { BatchJobStore } from './jobs';
import { landResults } from './land';
import type { BatchClient } from './providers';
import { type BatchJob, FINAL_STATUSES } from './types';

export interface BatchContext {
  store: BatchJobStore;
  /** A client for the job's provider and base URL (the shell supplies the key). */
  client(provider: ProviderId, baseUrl: string): Promise<BatchClient>;
  prices: PriceBook;
  multiplier(provider: ProviderId): number;
  ledger?: Ledger;
  log?(line: string): void;
}

export interface SubmitOptions {
  rows: readonly DatasetRow[];
  model: string;
  requestFor(row: DatasetRow, model: string): ChatRequest;
  assert: readonly Assertion[];
  workspace: string;
  file?: string;
}

/** Sends every row as one provider batch and records the job before anything else can go wrong. */
export async function submitBatch(ctx: BatchContext, o: SubmitOptions): Promise<BatchJob> {
  const reqs = o.rows.map((row) => ({ ...o.requestFor(row, o.model), stream: false }));
  if (reqs.length === 0) throw new Error('the dataset has no rows to send');
  const { provider, baseUrl } = reqs[0];
  const client = await ctx.client(provider, baseUrl);
  const items = reqs.map((req, i) => ({ customId: `row-${i + 1}`, req }));
  const sent = await client.submit(items);
  const job: BatchJob = {
    id: sent.id, provider, baseUrl, model: reqs[0].model, workspace: o.workspace, createdAt: new Date().toISOString(),
    status: sent.status, counts: sent.counts, landed: false, assert: [...o.assert],
    rows: o.rows.map((row, i) => ({ customId: items[i].customId, row: i, line: row.line, key: cacheKey(reqs[i]), assert: row.assert })),
    ...(o.file ? { file: o.file } : {}), ...(sent.inputFileId ? { inputFileId: sent.inputFileId } : {}),
    ...(sent.error ? { error: sent.error } : {}),
  };
  await ctx.store.put(job);
  ctx.log?.(`batch ${job.id}: ${job.rows.length} requests sent to ${provider} (${job.model})`);
  return job;
}

/** Polls a job once; a job that has finished gets its results landed (once, across windows and processes). */
export async function refreshJob(ctx: BatchContext, id: string): Promise<BatchJob> {
  const job = await ctx.store.get(id);
  if (!job) throw new Error(`no batch job ${id} (promptmeter batch list shows the known ones)`);
  if (job.landed) return job;
  const client = await ctx.client(job.provider, job.baseUrl);
  if (!FINAL_STATUSES.has(job.status)) {
    const s = await client.poll(id);
    await ctx.store.update(id, (j) => j && { ...j, status: s.status, counts: s.counts, ...(s.error ? { error: s.error } : {}) });
    if (!FINAL_STATUSES.has(s.status)) return (await ctx.store.get(id))!;
  }
  return landJob(ctx, id, client);
}

async function landJob(ctx: BatchContext, id: string, client: BatchClient): Promise<BatchJob> {
  // One lander at a time per job: the second finds it landed and leaves the ledger alone.
  return withFileLock(ctx.store.resultsFile(id), {}, async () => {
    const job = (await ctx.store.get(id))!;
    if (job.landed) return job;
    const items = await client.results(id);
    const results = await landResults(job, items, { prices: ctx.prices, multiplier: ctx.multiplier(job.provider), ledger: ctx.ledger });
    await ctx.store.writeResults(id, results);
    const landed = await ctx.store.update(id, (j) => j && { ...j, landed: true });
    ctx.log?.(`batch ${id}: ${results.filter((r) => r.status === 'ok').length} of ${results.length} results landed in the ledger`);
    return landed!;
  });
}

export async function cancelJob(ctx: BatchContext, id: string): Promise<BatchJob> {
  const job = await ctx.store.get(id);
  if (!job) throw new Error(`no batch job ${id}`);
  if (FINAL_STATUSES.has(job.status)) return job;
  const s = await (await ctx.client(job.provider, job.baseUrl)).cancel(id);
  return (await ctx.store.update(id, (j) => j && { ...j, status: s.status, counts: s.counts }))!;
}

/** Polls until the job has landed; `onUpdate` sees each state. Cancelling the wait leaves the job running. */
export async function waitForJob(
  ctx: BatchContext, id: string, o: { pollMs: number; signal?: AbortSignal; onUpdate?(job: BatchJob): void },
): Promise<BatchJob> {
  for (;;) {
    const job = await refreshJob(ctx, id);
    o.onUpdate?.(job);
    if (job.landed) return job;
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, o.pollMs);
      function done() { clearTimeout(t); o.signal?.removeEventListener('abort', done); resolve(); }
      o.signal?.addEventListener('abort', done, { once: true });
    });
    if (o.signal?.aborted) return (await ctx.store.get(id))!;
  }
}

/** Results of a landed job, or undefined while it runs. */
export async function jobResults(ctx: BatchContext, id: string): Promise<EvalRowResult[] | undefined> {
  const job = await ctx.store.get(id);
  return job?.landed ? ctx.store.results(id) : undefined;
}
