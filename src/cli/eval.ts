import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { batchMultiplier } from '../core/batch/discount';
import { BatchJobStore } from '../core/batch/jobs';
import { batchClient } from '../core/batch/providers';
import { type BatchContext, submitBatch, waitForJob } from '../core/batch/service';
import type { BatchJob } from '../core/batch/types';
import { buildReport, estimateRows, evaluate, type EvalReport, fileResultStore, prepareEval, type PreparedEval } from '../core/eval';
import { Ledger } from '../core/ledger/ledgerFile';
import { PriceBook } from '../core/pricing/prices';
import { formatUSD } from '../core/money';
import { DEFAULTS } from '../core/settings';
import { parseArgs } from './args';
import { displayPath } from './files';
import { alignColumns, type CliIO, EXIT_OK, EXIT_PROBLEMS, UsageError } from './io';
import { cacheDir, cliPipeline, KEY_ENV } from './run';

export const EVAL_USAGE = 'promptmeter eval <prompt> [--dataset F] [--models a,b,c] [--batch [--no-wait]] [--pack N] [--concurrency N] [--json] [--ledger F]';

const positiveInt = (name: string, raw: string | true | undefined, fallback: number): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} needs a whole number of 1 or more, got '${raw}'`);
  return n;
};

/** Where the CLI keeps batch jobs: PROMPTMETER_BATCH_DIR, else `<cache dir>/batches`. */
export function batchDir(env: NodeJS.ProcessEnv): string {
  return env.PROMPTMETER_BATCH_DIR || path.join(cacheDir(env), 'batches');
}

export function cliBatchContext(io: CliIO, prices: PriceBook, ledger?: Ledger): BatchContext {
  return {
    store: new BatchJobStore(batchDir(io.env)),
    prices, ledger,
    multiplier: (p) => batchMultiplier(p),
    async client(provider, baseUrl) {
      const apiKey = io.env[KEY_ENV[provider]];
      if (!apiKey) throw new Error(`${KEY_ENV[provider]} is not set; the batch API needs a key`);
      return batchClient({ provider, baseUrl, apiKey, timeoutMs: DEFAULTS.requestTimeoutMs, maxRetries: DEFAULTS.requestMaxRetries });
    },
  };
}

export async function evalCommand(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, {
    boolean: ['json', 'batch', 'no-wait'],
    value: ['dataset', 'models', 'pack', 'concurrency', 'ledger', 'poll-ms'],
  });
  if (a.positionals.length !== 1) throw new UsageError('eval needs exactly one prompt file');
  const file = path.resolve(io.cwd, a.positionals[0]);
  const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${a.positionals[0]}: ${err.code ?? err.message}`);
  });
  const pack = positiveInt('pack', a.flags.get('pack'), 1);
  const concurrency = positiveInt('concurrency', a.flags.get('concurrency'), 4);
  const pollMs = positiveInt('poll-ms', a.flags.get('poll-ms'), 5000);
  const batch = a.flags.has('batch');
  if (batch && pack > 1) throw new UsageError('--pack and --batch do not combine: a batch already costs half');
  if (a.flags.has('no-wait') && !batch) throw new UsageError('--no-wait is for --batch');
  const models = typeof a.flags.get('models') === 'string' ? String(a.flags.get('models')).split(',').map((m) => m.trim()).filter(Boolean) : undefined;
  const dataset = a.flags.get('dataset');
  const env = io.env;
  const baseUrls = { openai: env.OPENAI_BASE_URL || '', anthropic: env.ANTHROPIC_BASE_URL || '' };
  const shown = displayPath(file, io.cwd);

  let prep: PreparedEval;
  try {
    prep = await prepareEval({
      path: file, text, dataset: typeof dataset === 'string' ? path.resolve(io.cwd, dataset) : undefined, models,
      baseUrls, workspace: io.cwd, file: shown, defaultModel: DEFAULTS.defaultModel, defaultMaxTokens: DEFAULTS.expectedOutputTokens,
    });
  } catch (err) {
    io.stderr(`promptmeter eval: ${(err as Error).message}\n`);
    return EXIT_PROBLEMS;
  }
  const dsName = prep.dataset.path ? displayPath(prep.dataset.path, io.cwd) : `${shown} (defaults)`;
  for (const p of prep.dataset.problems) io.stderr(`${dsName}:${p.line}: ${p.message} (row skipped)\n`);
  if (!prep.dataset.rows.length) {
    io.stderr('promptmeter eval: no rows to run\n');
    return EXIT_PROBLEMS;
  }

  const prices = new PriceBook();
  const reqsByModel = new Map(prep.models.map((m) => [m, prep.dataset.rows.map((r) => prep.requestFor(r, m))]));
  const estimates = estimateRows(reqsByModel, prices, DEFAULTS.expectedOutputTokens, (r) => batchMultiplier(r.provider));
  if (!a.flags.has('json')) {
    const money = (m: number | null) => (m === null ? 'unpriced' : formatUSD(m));
    io.stderr(`Estimate for ${prep.dataset.rows.length} rows:\n${alignColumns([
      ['model', 'input tokens', 'sync', 'batch'],
      ...estimates.map((e) => [e.model, `${e.approximate ? '≈' : ''}${e.inputTokens.toLocaleString('en-US')}`, money(e.syncMicros), money(e.batchMicros)]),
    ], 1).map((l) => `  ${l}`).join('\n')}\n`);
  }

  const ledgerPath = a.flags.get('ledger') ?? env.PROMPTMETER_LEDGER;
  const ledger = typeof ledgerPath === 'string' ? new Ledger({ path: path.resolve(io.cwd, ledgerPath), maxSizeBytes: DEFAULTS.ledgerMaxSizeMB * 1024 * 1024 }) : undefined;
  // First Ctrl+C: send no more rows, let those in flight finish; a second one aborts them too.
  const controller = new AbortController();
  const hard = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) hard.abort(new Error('cancelled (Ctrl+C)'));
    else { controller.abort(new Error('cancelled (Ctrl+C)')); io.stderr('promptmeter eval: stopping after the requests in flight (Ctrl+C again to abort them)\n'); }
  };
  process.on('SIGINT', onSigint);
  try {
    const report = batch
      ? await runBatches(prep, { io, prices, ledger, pollMs, wait: !a.flags.has('no-wait'), signal: controller.signal, shown })
      : await runSync(prep, { io, prices, ledger, pack, concurrency, signal: controller.signal, hardSignal: hard.signal, file, shown });
    if (!report) return EXIT_OK;
    if (a.flags.has('json')) io.stdout(JSON.stringify({ ...report, problems: prep.dataset.problems, estimates }) + '\n');
    else io.stdout(reportTable(report));
    const failed = report.results.some((r) => !r.pass) || report.results.length < report.rows * report.models.length;
    return failed ? EXIT_PROBLEMS : EXIT_OK;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

interface RunContext { io: CliIO; prices: PriceBook; ledger?: Ledger; signal: AbortSignal; hardSignal?: AbortSignal; shown: string }

async function runSync(prep: PreparedEval, c: RunContext & { pack: number; concurrency: number; file: string }): Promise<EvalReport> {
  const env = c.io.env;
  const pipeline = cliPipeline(c.io, c.prices, c.ledger, 'eval');
  // Answered rows are kept per prompt file, so Ctrl+C and a second run pick up where the first stopped.
  const store = fileResultStore(path.join(cacheDir(env), 'eval', `${createHash('sha256').update(c.file).digest('hex').slice(0, 16)}.jsonl`));
  let last = 0;
  try {
    return await evaluate({
      prompt: c.shown, dataset: prep.dataset, rows: prep.dataset.rows, models: prep.models, assertions: prep.assertions,
      requestFor: prep.requestFor, run: (req, ctx) => pipeline.run(req, ctx), prices: c.prices,
      pack: c.pack, concurrency: c.concurrency, signal: c.signal, hardSignal: c.hardSignal, store,
      log: (l) => c.io.stderr(`promptmeter eval: ${l}\n`),
      onProgress: (p) => {
        if (Date.now() - last < 1000 && p.left) return;
        last = Date.now();
        c.io.stderr(`  ${p.done} done, ${p.failed} failed, ${p.left} left\n`);
      },
    });
  } finally {
    await pipeline.dispose();
  }
}

async function runBatches(prep: PreparedEval, c: RunContext & { pollMs: number; wait: boolean }): Promise<EvalReport | undefined> {
  const ctx = cliBatchContext(c.io, c.prices, c.ledger);
  const jobs: BatchJob[] = [];
  for (const model of prep.models) {
    jobs.push(await submitBatch(ctx, { rows: prep.dataset.rows, model, requestFor: prep.requestFor, assert: prep.assertions, workspace: c.io.cwd, file: c.shown }));
  }
  if (!c.wait) {
    for (const j of jobs) c.io.stdout(`${j.id}\n`);
    c.io.stderr(`promptmeter eval: ${jobs.length} batch job(s) submitted; 'promptmeter batch status <id>' follows one, 'promptmeter batch results <id>' shows its rows\n`);
    return undefined;
  }
  const results = [];
  for (const j of jobs) {
    const done = await waitForJob(ctx, j.id, {
      pollMs: c.pollMs, signal: c.signal,
      onUpdate: (u) => c.io.stderr(`  batch ${u.id} (${u.model}): ${u.status}, ${u.counts.succeeded + u.counts.errored + u.counts.expired + u.counts.canceled} of ${u.rows.length} finished\n`),
    });
    if (!done.landed) {
      c.io.stderr(`promptmeter eval: stopped waiting; batch ${j.id} goes on: 'promptmeter batch results ${j.id}' once it has finished\n`);
      return undefined;
    }
    results.push(...(await ctx.store.results(j.id)));
  }
  return buildReport({ prompt: c.shown, dataset: prep.dataset, models: prep.models, rows: prep.dataset.rows.length }, results);
}

/** Per-model totals, the cheapest passing model, and each failing row. */
export function reportTable(r: EvalReport): string {
  const money = (m: number | null) => (m === null ? 'unpriced' : formatUSD(m));
  const lines = alignColumns([
    ['model', 'passed', 'errors', 'cost', 'per 1,000 rows', 'avg latency'],
    ...r.totals.map((t) => [t.model, `${t.passed}/${t.rows}`, String(t.errors), t.unpricedRows ? `${money(t.costMicros)} + ${t.unpricedRows} unpriced` : money(t.costMicros), money(t.per1000Micros), `${t.avgLatencyMs} ms`]),
  ], 1);
  const out = [...lines, ''];
  out.push(r.cheapestPassing
    ? `Cheapest model that passes every assertion: ${r.cheapestPassing.model} (${money(r.cheapestPassing.per1000Micros)} per 1,000 rows)`
    : 'No model passed every assertion.');
  if (r.pack) out.push(`Packing ${r.pack.rowsPerRequest} rows per request: ${r.pack.requests} requests, ${r.pack.inputTokensSaved.toLocaleString('en-US')} input tokens and ${money(r.pack.savedMicros)} saved against one call per row.`);
  const failing = r.results.filter((x) => !x.pass).slice(0, 20);
  for (const f of failing) out.push(`  line ${f.line} · ${f.model}: ${f.error ?? f.assertions.filter((x) => !x.pass).map((x) => `${x.type} ${x.reason}`).join('; ')}`);
  if (r.cancelled) out.push('Cancelled: answered rows are kept; run again to finish the rest.');
  return out.join('\n') + '\n';
}
