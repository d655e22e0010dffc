import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { hasBudgetLimit } from '../core/client/budget/budget';
import { estimateInputTokens, maxCostMicros } from '../core/client/budget/estimate';
import { partialsBeside, renderMessages } from '../core/render';
import { countRendered } from '../core/render/count';
import { countRequestExtras } from '../core/tokens/tools';
import { userSecret } from '../core/client/cache/integrity';
import { redactUrl, userinfoProblem } from '../core/client/redactUrl';
import { requestFromDocument } from '../core/client/request';
import type { Pipeline } from '../core/client/pipeline';
import type { ChatRequest, ProviderId } from '../core/client/types';
import { Ledger } from '../core/ledger/ledgerFile';
import { formatUSD, toUSD } from '../core/money';
import { PriceBook } from '../core/pricing/prices';
import { parsePrompt } from '../core/prompt';
import { cacheSkipReason } from '../core/run/cacheSkip';
import { budgetLimits, buildRunPipeline } from '../core/run/pipeline';
import { requestDefaults } from '../core/run/request';
import { runResultJson, runSummaryLine } from '../core/run/summary';
import { parseArgs } from './args';
import { displayPath } from './files';
import { readInputs } from './inputs';
import { type CliIO, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError } from './io';
import { DEFAULTS, type Settings } from '../core/settings';

export const RUN_USAGE = 'promptmeter run <file> [--var k=v]... [--input FILE] [--model M] [--dry-run] [--json] [--ledger FILE] [--allow-over-budget]';

export const KEY_ENV: Record<ProviderId, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };

/** Exact-cache directory: PROMPTMETER_CACHE_DIR, else $XDG_CACHE_HOME/promptmeter, else ~/.cache/promptmeter. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env.PROMPTMETER_CACHE_DIR) return env.PROMPTMETER_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(env.HOME || homedir(), '.cache'), 'promptmeter');
}

export { parseVars } from './inputs';

/** Per-user files (the cache's integrity secret): PROMPTMETER_CONFIG_DIR, else $XDG_CONFIG_HOME/promptmeter, else ~/.config/promptmeter. */
export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.PROMPTMETER_CONFIG_DIR) return env.PROMPTMETER_CONFIG_DIR;
  return path.join(env.XDG_CONFIG_HOME || path.join(env.HOME || homedir(), '.config'), 'promptmeter');
}

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
  const settings = settingsFromEnv(env);
  const userinfo = [userinfoProblem(env.OPENAI_BASE_URL || '', 'OPENAI_BASE_URL'), userinfoProblem(env.ANTHROPIC_BASE_URL || '', 'ANTHROPIC_BASE_URL')].filter(Boolean);
  // Dry runs still work (redacted); a real call cannot send such a URL, so say so before trying.
  if (userinfo.length && !a.flags.has('dry-run')) throw new Error(userinfo.join('\n'));
  let req: ChatRequest;
  try {
    req = requestFromDocument(doc, {
      // A terminal run names its model (file or --model): no silent default spend, unlike the editor's picker.
      ...requestDefaults(settings, env), defaultModel: undefined,
      vars, render, model: a.flags.get('model') as string | undefined, workspace: io.cwd, file: displayPath(file, io.cwd), stream: !json,
    });
  } catch (err) {
    if (/^no model/.test((err as Error).message)) throw new UsageError(`${(err as Error).message}`);
    throw err;
  }
  const prices = new PriceBook();
  if (a.flags.has('dry-run')) return dryRun(req, prices, json, io, { format: doc.format, messages: rendered.native, warnings: rendered.warnings });

  const ledgerPath = a.flags.get('ledger') ?? io.env.PROMPTMETER_LEDGER;
  const ledger = typeof ledgerPath === 'string' ? new Ledger({ path: path.resolve(io.cwd, ledgerPath), maxSizeBytes: DEFAULTS.ledgerMaxSizeMB * 1024 * 1024 }) : undefined;
  const pipeline = cliPipeline(io, prices, ledger, 'run', settings);
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
    const skip = cacheSkipReason(req, resp, settings);
    if (json) io.stdout(JSON.stringify(runResultJson(resp, prices, skip)) + '\n');
    else {
      io.stdout(streamed ? '\n' : `${resp.text}\n`);
      io.stderr(runSummaryLine(resp, prices, skip) + '\n');
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

/** `rendered` is the format runtime's own message shape, so conformance can be checked against its spec. */
function dryRun(req: ChatRequest, prices: PriceBook, json: boolean, io: CliIO, rendered: { format: string; messages: unknown[]; warnings: string[] }): number {
  const counted = req.model === 'auto' ? req.meta.route?.cheap ?? DEFAULTS.defaultModel : req.model;
  const chat = countRendered(counted, req.messages);
  const extras = countRequestExtras(counted, req.messages, { tools: req.tools, choice: req.toolChoice, schema: req.responseSchema });
  const inputTokens = chat.inputTokens + extras.tokens;
  const estimated = chat.estimated || extras.estimated;
  // The budget's upper estimate (margin for non-OpenAI tokenizers) prices the worst case.
  const max = maxCostMicros(req, prices, Math.max(inputTokens, estimateInputTokens(req)));
  const estimate = {
    inputTokens, estimated, maxOutputTokens: req.maxTokens,
    maxCostUSD: max.priced ? toUSD(max.micros) : null,
  };
  // A base URL may carry a password (https://user:pass@proxy): never print it.
  const shown = { ...req, baseUrl: redactUrl(req.baseUrl) };
  if (json) {
    io.stdout(JSON.stringify({ request: shown, estimate, rendered }) + '\n');
    return EXIT_OK;
  }
  io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
  const tokens = `${estimated ? '≈' : ''}${inputTokens}`;
  io.stdout(`\nEstimate: ${tokens} input tokens, up to ${req.maxTokens} output tokens, at most ${max.priced ? formatUSD(max.micros) : `unpriced (${max.unpricedModel})`}\n`);
  return EXIT_OK;
}

/** The pipeline a CLI command runs through: env keys and limits, the ledger and budgets when given, the disk cache. */
export function cliPipeline(io: CliIO, prices: PriceBook, ledger: Ledger | undefined, command: string, settings = settingsFromEnv(io.env)): Pipeline {
  const env = io.env;
  if (!ledger && hasBudgetLimit(budgetLimits(settings))) throw new UsageError('a budget needs the spend ledger: pass --ledger FILE or set PROMPTMETER_LEDGER');
  return buildRunPipeline(settings, {
    prices, apiKey: async (p) => env[KEY_ENV[p]] || undefined,
    knownSecrets: () => Object.values(KEY_ENV).map((k) => env[k]).filter((k): k is string => !!k),
    ledger, workspace: io.cwd, cacheDir: path.join(cacheDir(env), 'exact'), env,
    cacheSecret: userSecret(path.join(configDir(env), 'cache-secret')), onRedisUnavailable: (m) => io.stderr(`${m}\n`),
    onBudgetWarning: (m) => io.stderr(`promptmeter ${command}: ${m}\n`),
  }).pipeline;
}

/** A time limit from the environment (the CLI's counterpart of a promptmeter.request.* setting). */
function msFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a whole number of milliseconds, got '${raw}'`);
  return n;
}

/** The CLI's settings: the editor's defaults, with budgets (PROMPTMETER_BUDGET_*_USD) and Redis from the environment. */
function settingsFromEnv(env: NodeJS.ProcessEnv): Settings {
  const usd = (name: string) => {
    const raw = env[`PROMPTMETER_BUDGET_${name}_USD`];
    if (raw === undefined || raw === '') return 0;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`PROMPTMETER_BUDGET_${name}_USD must be a number of USD, got '${raw}'`);
    return n;
  };
  return {
    ...DEFAULTS, redisUrl: env.PROMPTMETER_REDIS_URL ?? '',
    requestDeadlineMs: msFromEnv(env, 'PROMPTMETER_DEADLINE_MS', DEFAULTS.requestDeadlineMs),
    requestFirstByteTimeoutMs: msFromEnv(env, 'PROMPTMETER_FIRST_BYTE_TIMEOUT_MS', DEFAULTS.requestFirstByteTimeoutMs),
    budgetDailyUSD: usd('DAILY'), budgetWeeklyUSD: usd('WEEKLY'), budgetMonthlyUSD: usd('MONTHLY'), budgetPerCallUSD: usd('PER_CALL'),
  };
}
