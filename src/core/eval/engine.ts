import { billedMicros } from '../client/billing';
import { cacheKey } from '../client/cache/key';
import { retryAfterMs } from '../client/providers/transport';
import { type CallContext, type ChatRequest, type ChatResponse, ProviderError } from '../client/types';
import type { Assertion, DatasetRow } from '../dataset/types';
import { usageOfError } from '../ledger/callCost';
import type { PriceBook } from '../pricing/prices';
import { checkAll } from './assertions';
import { packRequests, splitMicros, unpackAnswer } from './pack';
import { type ResultStore, storeKey } from './store';
import type { EvalProgress, EvalRowResult } from './types';

export interface EvalRunOptions {
  rows: readonly DatasetRow[];
  models: readonly string[];
  /** Assertions every row gets (frontmatter), besides its own. */
  assertions?: readonly Assertion[];
  /** The rendered request for a row and model (the shells build it from the prompt file). */
  requestFor(row: DatasetRow, model: string): ChatRequest;
  /** The request pipeline: cache, de-duplication, budget and ledger apply to every row. */
  run(req: ChatRequest, ctx: CallContext): Promise<ChatResponse>;
  prices: PriceBook;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Rows per request (default 1). */
  pack?: number;
  /** Stops sending rows; requests already sent finish and are kept (they are billed either way). */
  signal?: AbortSignal;
  /** Aborts requests in flight too (a second Ctrl+C). */
  hardSignal?: AbortSignal;
  onProgress?(p: EvalProgress): void;
  onResult?(r: EvalRowResult): void;
  store?: ResultStore;
  log?(line: string): void;
  /** Waits before retrying a rate-limited row (tests pass a recorder). */
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
}

/** Retries of a row that is still rate-limited after the SDK's own retries. */
const RATE_LIMIT_RETRIES = 3;

interface Job { rows: number[]; model: string; reqs: ChatRequest[]; keys: string[] }

/** Runs every row against every model; returns the results in row, then model order. */
export async function runRows(o: EvalRunOptions): Promise<{ results: EvalRowResult[]; cancelled: boolean }> {
  const signal = o.signal ?? new AbortController().signal;
  const callSignal = o.hardSignal ?? new AbortController().signal;
  const sleep = o.sleep ?? abortableSleep;
  const done = await (o.store?.load() ?? Promise.resolve(new Map<string, EvalRowResult>()));
  const results = new Map<string, EvalRowResult>();
  const total = o.rows.length * o.models.length;
  const progress = { done: 0, failed: 0 };
  const report = () => o.onProgress?.({ total, done: progress.done, failed: progress.failed, left: total - progress.done - progress.failed });
  const finish = async (r: EvalRowResult, fresh: boolean) => {
    results.set(`${r.row}\u0000${r.model}`, r);
    if (r.status === 'ok') progress.done += 1; else progress.failed += 1;
    if (fresh && r.status === 'ok') await o.store?.append(r).catch((err) => o.log?.(`eval: could not save row ${r.line}: ${(err as Error).message}`));
    o.onResult?.(r);
    report();
  };

  // Rows answered by an earlier run of the same requests are not sent again.
  const pending = new Map<string, { row: number; req: ChatRequest; key: string }[]>();
  for (const model of o.models) {
    const list: { row: number; req: ChatRequest; key: string }[] = [];
    for (let i = 0; i < o.rows.length; i++) {
      const req = o.requestFor(o.rows[i], model);
      const key = cacheKey(req);
      const earlier = done.get(storeKey(model, key));
      if (earlier) await finish({ ...earlier, row: i, line: o.rows[i].line, resumed: true }, false);
      else list.push({ row: i, req, key });
    }
    pending.set(model, list);
  }
  report();

  const size = Math.max(1, Math.floor(o.pack ?? 1));
  const queue: Job[] = [];
  for (const [model, list] of pending) {
    for (let i = 0; i < list.length; i += size) {
      const part = list.slice(i, i + size);
      queue.push({ rows: part.map((p) => p.row), model, reqs: part.map((p) => p.req), keys: part.map((p) => p.key) });
    }
  }

  let pausedUntil = 0;
  const callWithBackoff = async (req: ChatRequest): Promise<ChatResponse> => {
    for (let attempt = 0; ; attempt++) {
      const wait = pausedUntil - Date.now();
      if (wait > 0) await sleep(wait, signal);
      if (signal.aborted) throw new Error('cancelled before sending');
      try {
        return await o.run(req, { signal: callSignal, log: o.log });
      } catch (err) {
        if (!(err instanceof ProviderError) || err.status !== 429 || attempt >= RATE_LIMIT_RETRIES || signal.aborted) throw err;
        // Every worker waits out the provider's retry-after, not just this one.
        const after = retryAfterMs((err.cause as { headers?: Headers } | undefined)?.headers) ?? 1000 * 2 ** attempt;
        pausedUntil = Math.max(pausedUntil, Date.now() + after);
        o.log?.(`eval: rate limited; waiting ${Math.round(after / 100) / 10} s before retrying`);
      }
    }
  };

  const runSingle = async (row: number, model: string, req: ChatRequest, key: string): Promise<void> => {
    const started = Date.now();
    try {
      const res = await callWithBackoff(req);
      await finish(answered(o, row, model, key, res, res.text, costOf(res, o.prices), 1), true);
    } catch (err) {
      if (signal.aborted || callSignal.aborted) return;
      await finish(failed(o, row, model, key, err, Date.now() - started), false);
    }
  };

  const runJob = async (job: Job): Promise<void> => {
    const packed = job.reqs.length > 1 ? packRequests(job.reqs) : undefined;
    if (!packed) {
      if (job.reqs.length > 1) o.log?.('eval: rows differ outside their last user message, so they cannot share a request; sending them one by one');
      for (let i = 0; i < job.rows.length && !signal.aborted; i++) await runSingle(job.rows[i], job.model, job.reqs[i], job.keys[i]);
      return;
    }
    let res: ChatResponse;
    const started = Date.now();
    try {
      res = await callWithBackoff(packed);
    } catch (err) {
      if (signal.aborted || callSignal.aborted) return;
      for (let i = 0; i < job.rows.length; i++) await finish(failed(o, job.rows[i], job.model, job.keys[i], err, Date.now() - started), false);
      return;
    }
    const answers = unpackAnswer(res.text, job.rows.length);
    const cost = costOf(res, o.prices);
    // The packed call's cost is shared by the rows it answered, by answer length; re-runs pay their own.
    const ok = answers.map((a, i) => (a === undefined ? -1 : i)).filter((i) => i >= 0);
    const shares = cost === null ? null : splitMicros(cost, ok.length ? ok.map((i) => answers[i]!.length + 1) : [1]);
    const retry: number[] = [];
    for (let i = 0; i < job.rows.length; i++) {
      const text = answers[i];
      if (text === undefined) { retry.push(i); continue; }
      const share = shares === null ? null : shares[ok.indexOf(i)];
      await finish(answered(o, job.rows[i], job.model, job.keys[i], res, text, share, job.rows.length), true);
    }
    if (retry.length) o.log?.(`eval: ${retry.length} packed answer(s) could not be told apart; re-running row(s) ${retry.map((i) => o.rows[job.rows[i]].line).join(', ')} alone`);
    for (const i of retry) if (!signal.aborted) await runSingle(job.rows[i], job.model, job.reqs[i], job.keys[i]);
  };

  const workers = Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 4, queue.length || 1)) }, async () => {
    while (!signal.aborted) {
      const job = queue.shift();
      if (!job) return;
      await runJob(job);
    }
  });
  await Promise.all(workers);

  const ordered: EvalRowResult[] = [];
  for (let i = 0; i < o.rows.length; i++) for (const m of o.models) { const r = results.get(`${i}\u0000${m}`); if (r) ordered.push(r); }
  return { results: ordered, cancelled: signal.aborted };
}

function costOf(res: ChatResponse, prices: PriceBook): number | null {
  const c = billedMicros(res, prices);
  return c.priced ? c.totalMicros : null;
}

function answered(o: EvalRunOptions, row: number, model: string, key: string, res: ChatResponse, text: string, costMicros: number | null, packedWith: number): EvalRowResult {
  const list = [...(o.assertions ?? []), ...o.rows[row].assert];
  const assertions = checkAll(list, { text, costMicros, latencyMs: res.latencyMs });
  return {
    row, line: o.rows[row].line, model, status: 'ok', text, usage: res.usage, costMicros, latencyMs: res.latencyMs,
    cache: res.cache, assertions, pass: assertions.every((a) => a.pass), key,
    ...(packedWith > 1 ? { packedWith } : {}),
  };
}

function failed(o: EvalRunOptions, row: number, model: string, key: string, err: unknown, latencyMs: number): EvalRowResult {
  const message = (err as Error)?.message ?? String(err);
  // A call cut short may still have billed what it sent: the adapter attaches that usage to the error.
  const usage = usageOfError(err);
  const cost = usage ? o.prices.cost(usage, model) : undefined;
  const costMicros = cost === undefined ? 0 : cost.priced ? cost.totalMicros : null;
  return { row, line: o.rows[row].line, model, status: 'error', text: '', error: message, ...(usage ? { usage } : {}), costMicros, latencyMs, cache: 'miss', assertions: [], pass: false, key };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); }
    signal.addEventListener('abort', done, { once: true });
  });
}
