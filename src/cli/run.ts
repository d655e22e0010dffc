import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { billedMicros, savedMicros } from '../core/client/billing';
import { BudgetManager, budgetStage, hasBudgetLimit, RESERVATION_MARGIN_MS } from '../core/client/budget/budget';
import { estimateInputTokens, maxCostMicros } from '../core/client/budget/estimate';
import { ledgerStage } from '../core/client/ledgerStage';
import { createPipeline, type Pipeline } from '../core/client/pipeline';
import { createProviderCall } from '../core/client/providers';
import { partialsBeside, renderMessages } from '../core/render';
import { countRendered } from '../core/render/count';
import { requestFromDocument } from '../core/client/request';
import type { ChatRequest, ChatResponse, ProviderId } from '../core/client/types';
import { Ledger } from '../core/ledger/ledgerFile';
import { toUSD } from '../core/ledger/record';
import { formatUSD, PriceBook } from '../core/pricing/prices';
import { parsePrompt } from '../core/prompt';
import { parseArgs } from './args';
import { displayPath } from './files';
import { readInputs } from './inputs';
import { type CliIO, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError } from './io';
import { DEFAULTS } from '../core/settings';

export const RUN_USAGE = 'promptmeter run <file> [--var k=v]... [--input FILE] [--model M] [--dry-run] [--json] [--ledger FILE] [--allow-over-budget]';

export const KEY_ENV: Record<ProviderId, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };

/** Exact-cache directory: PROMPTMETER_CACHE_DIR, else $XDG_CACHE_HOME/promptmeter, else ~/.cache/promptmeter. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env.PROMPTMETER_CACHE_DIR) return env.PROMPTMETER_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(env.HOME || homedir(), '.cache'), 'promptmeter');
}

export { parseVars } from './inputs';

export async function runCommand(args: string[], io: CliIO): Promise<number> {
  try {
    return await run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`promptmeter run: ${err.message}\nUsage: ${RUN_USAGE}\n`);
      return EXIT_USAGE;
    }
    // Messages are written for users; a stack trace is not.
    io.stderr(`promptmeter run: ${(err as Error)?.message ?? String(err)}\n`);
    return EXIT_PROBLEMS;
  }
}

async function run(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { boolean: ['dry-run', 'json', 'allow-over-budget'], value: ['model', 'ledger', 'input'], list: ['var'] });
  if (a.positionals.length !== 1) throw new UsageError('run needs exactly one prompt file');
  const file = path.resolve(io.cwd, a.positionals[0]);
  let text: string;
  try { text = await fs.readFile(file, 'utf8'); } catch (err) {
    throw new UsageError(`cannot read ${a.positionals[0]}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  const doc = parsePrompt(text, file);
  const errors = doc.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    const shown = displayPath(file, io.cwd);
    for (const p of errors) io.stderr(`${shown}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}\n`);
    return EXIT_PROBLEMS;
  }
  const vars = await readInputs(a.flags.get('input') as string | undefined, a.lists.get('var') ?? [], io.cwd);
  const render = { resolvePartial: partialsBeside(file) };
  // A missing input renders as the format's runtime renders it (empty); say so, and go on.
  const rendered = renderMessages(doc, vars, render);
  for (const w of rendered.warnings) io.stderr(`promptmeter run: warning: ${w} (pass --var or --input)\n`);

  const json = a.flags.has('json');
  const env = io.env;
  const baseUrls = { openai: env.OPENAI_BASE_URL || '', anthropic: env.ANTHROPIC_BASE_URL || '' };
  let req: ChatRequest;
  try {
    req = requestFromDocument(doc, {
      vars, render, model: a.flags.get('model') as string | undefined, baseUrls, workspace: io.cwd,
      file: displayPath(file, io.cwd), stream: !json,
    });
  } catch (err) {
    if (/^no model/.test((err as Error).message)) throw new UsageError(`${(err as Error).message}`);
    throw err;
  }
  const prices = new PriceBook();
  if (a.flags.has('dry-run')) return dryRun(req, prices, json, io, { format: doc.format, messages: rendered.native, warnings: rendered.warnings });

  const ledgerPath = a.flags.get('ledger') ?? io.env.PROMPTMETER_LEDGER;
  const ledger = typeof ledgerPath === 'string' ? new Ledger({ path: path.resolve(io.cwd, ledgerPath), maxSizeBytes: DEFAULTS.ledgerMaxSizeMB * 1024 * 1024 }) : undefined;
  const pipeline = cliPipeline(io, prices, ledger, 'run');
  if (a.flags.has('allow-over-budget')) req.meta.allowOverBudget = true;
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('cancelled (Ctrl+C)'));
  process.once('SIGINT', onSigint);
  let streamed = false;
  try {
    const resp = await pipeline.run(req, {
      signal: controller.signal,
      notice: (m) => io.stderr(`promptmeter run: ${m}\n`),
      onDelta: json ? undefined : (d) => { streamed = true; io.stdout(d); },
    });
    if (json) io.stdout(JSON.stringify(resultJson(resp, prices)) + '\n');
    else {
      io.stdout(streamed ? '\n' : `${resp.text}\n`);
      io.stderr(summary(resp, prices) + '\n');
    }
    return EXIT_OK;
  } catch (err) {
    io.stderr(`promptmeter run: ${(err as Error)?.message ?? String(err)}\n`);
    return EXIT_PROBLEMS;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await pipeline.dispose();
  }
}

/** The pipeline a CLI command runs through: env keys and limits, the ledger and budgets when given, the disk cache. */
export function cliPipeline(io: CliIO, prices: PriceBook, ledger: Ledger | undefined, command: string): Pipeline {
  const env = io.env;
  const deadlineMs = msFromEnv(env, 'PROMPTMETER_DEADLINE_MS', DEFAULTS.requestDeadlineMs);
  const budget = budgetFromEnv(env, ledger, prices, deadlineMs);
  const keys = () => Object.values(KEY_ENV).map((k) => env[k]).filter((k): k is string => !!k);
  return createPipeline({
    terminal: createProviderCall({
      apiKey: async (p) => env[KEY_ENV[p]] || undefined, timeoutMs: DEFAULTS.requestTimeoutMs, maxRetries: DEFAULTS.requestMaxRetries,
      streamIdleMs: DEFAULTS.requestStreamIdleMs, prices,
      firstByteTimeoutMs: msFromEnv(env, 'PROMPTMETER_FIRST_BYTE_TIMEOUT_MS', DEFAULTS.requestFirstByteTimeoutMs),
    }),
    deadlineMs,
    prices,
    ledgerStage: ledger && ledgerStage({ ledger, prices, workspace: io.cwd, secrets: keys }),
    budgetStage: budget && budgetStage(budget, { onWarning: (m) => io.stderr(`promptmeter ${command}: ${m}\n`) }),
    cache: { dir: path.join(cacheDir(env), 'exact'), redisUrl: env.PROMPTMETER_REDIS_URL },
    baseUrls: { openai: env.OPENAI_BASE_URL || '', anthropic: env.ANTHROPIC_BASE_URL || '' },
  });
}

/** What the answer billed (cascade attempts included), or null when unpriced. */
function costMicros(resp: ChatResponse, prices: PriceBook): number | null {
  const c = billedMicros(resp, prices);
  return c.priced ? c.totalMicros : null;
}

function resultJson(resp: ChatResponse, prices: PriceBook) {
  const cost = costMicros(resp, prices);
  return {
    model: resp.model, route: resp.route, cache: resp.cache, usage: resp.usage,
    costUSD: cost === null ? null : toUSD(cost), savedUSD: toUSD(savedMicros(resp)), text: resp.text,
  };
}

function summary(resp: ChatResponse, prices: PriceBook): string {
  const cost = costMicros(resp, prices);
  const saved = savedMicros(resp);
  return [resp.model, resp.route, resp.cache === 'miss' ? 'no cache' : `cache: ${resp.cache}`,
    cost === null ? 'cost: unpriced' : `cost: ${formatUSD(cost)}`, ...(saved ? [`saved: ${formatUSD(saved)}`] : []), `${resp.latencyMs} ms`].join(' · ');
}

/** `rendered` is the format runtime's own message shape, so conformance can be checked against its spec. */
function dryRun(req: ChatRequest, prices: PriceBook, json: boolean, io: CliIO, rendered: { format: string; messages: unknown[]; warnings: string[] }): number {
  const counted = req.model === 'auto' ? req.meta.route?.cheap ?? DEFAULTS.defaultModel : req.model;
  const chat = countRendered(counted, req.messages);
  // The budget's upper estimate (margin for non-OpenAI tokenizers) prices the worst case.
  const max = maxCostMicros(req, prices, Math.max(chat.inputTokens, estimateInputTokens(req)));
  const estimate = {
    inputTokens: chat.inputTokens, estimated: chat.estimated, maxOutputTokens: req.maxTokens,
    maxCostUSD: max.priced ? toUSD(max.micros) : null,
  };
  if (json) {
    io.stdout(JSON.stringify({ request: req, estimate, rendered }) + '\n');
    return EXIT_OK;
  }
  io.stdout(`${JSON.stringify(req, null, 2)}\n`);
  const tokens = `${chat.estimated ? '≈' : ''}${chat.inputTokens}`;
  io.stdout(`\nEstimate: ${tokens} input tokens, up to ${req.maxTokens} output tokens, at most ${max.priced ? formatUSD(max.micros) : `unpriced (${max.unpricedModel})`}\n`);
  return EXIT_OK;
}

/** A time limit from the environment (the CLI's counterpart of a promptmeter.request.* setting). */
function msFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a whole number of milliseconds, got '${raw}'`);
  return n;
}

/** Budgets for terminals and CI: PROMPTMETER_BUDGET_{DAILY,WEEKLY,MONTHLY,PER_CALL}_USD, checked against the ledger. */
export function budgetFromEnv(env: NodeJS.ProcessEnv, ledger: Ledger | undefined, prices: PriceBook, deadlineMs: number): BudgetManager | undefined {
  const usd = (name: string) => {
    const raw = env[`PROMPTMETER_BUDGET_${name}_USD`];
    if (raw === undefined || raw === '') return 0;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`PROMPTMETER_BUDGET_${name}_USD must be a number of USD, got '${raw}'`);
    return n;
  };
  const limits = { dailyUSD: usd('DAILY'), weeklyUSD: usd('WEEKLY'), monthlyUSD: usd('MONTHLY'), perCallUSD: usd('PER_CALL') };
  if (!hasBudgetLimit(limits)) return undefined;
  if (!ledger) throw new UsageError('a budget needs the spend ledger: pass --ledger FILE or set PROMPTMETER_LEDGER');
  // A run killed mid-call leaves its reservation; any later run releases it once the run's deadline has passed.
  return new BudgetManager({ ledger, prices, limits, reservationTtlMs: deadlineMs + RESERVATION_MARGIN_MS });
}
