import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Ledger } from '../core/ledger/ledgerFile';
import { formatUSD } from '../core/money';
import { PriceBook } from '../core/pricing/prices';
import { detectFormat } from '../core/prompt';
import {
  checkMarkdown, checkPrompts, checkSarif, diffPrompts, gateValue, git, parseGateConfig, promptHistory, repoRoot,
  type CheckReport, type DiffReport, type GateRule, type Gates,
} from '../core/review';
import { DEFAULTS } from '../core/settings';
import { parseArgs } from './args';
import { resolveFiles } from './files';
import { alignColumns, type CliIO, EXIT_OK, EXIT_PROBLEMS, UsageError } from './io';
import { cacheDir } from './run';

export const DIFF_USAGE = 'promptmeter diff [BASE] [HEAD] [--model M] [--calls-per-day N] [--ledger F] [--json]';
export const CHECK_USAGE = 'promptmeter check [files or globs] [--base REV] [--max-usd-per-call X] [--max-tokens N] [--max-increase-pct P] [--max-usd-per-month X] [--fail-on lint-error|lint-warning] [--format table|json|markdown|sarif] [--config F] [--model M] [--calls-per-day N] [--ledger F]';
export const HISTORY_USAGE = 'promptmeter history <file> [--model M] [--json]';

const signedMicros = (m: number) => `${m > 0 ? '+' : m < 0 ? '−' : '±'}${formatUSD(Math.abs(m))}`;
const signedUSD = (v: number | null) => (v === null ? 'unpriced' : signedMicros(Math.round(v * 1e6)));
const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toLocaleString('en-US')}`;

async function root(io: CliIO): Promise<string> {
  const r = await repoRoot(io.cwd);
  if (!r) throw new UsageError(`${io.cwd} is not inside a git repository`);
  return r;
}

function callsPerDayFlag(raw: string | true | undefined): number {
  if (raw === undefined) return DEFAULTS.reviewCallsPerDay;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--calls-per-day needs a non-negative number, got '${raw}'`);
  return n;
}

/** Calls per day the ledger saw for each file over the last 30 days (the file as recorded, workspace-relative). */
async function observedVolume(io: CliIO, ledgerFlag: string | true | undefined, repo: string): Promise<((p: string) => number | undefined) | undefined> {
  const file = typeof ledgerFlag === 'string' ? ledgerFlag : io.env.PROMPTMETER_LEDGER;
  if (!file) return undefined;
  const ledger = new Ledger({ path: path.resolve(io.cwd, file), maxSizeBytes: DEFAULTS.ledgerMaxSizeMB * 1024 * 1024 });
  const counts = new Map<string, number>();
  const since = new Date(Date.now() - 30 * 86_400_000);
  for await (const r of ledger.read({ since })) {
    if (!r.file || r.cache !== 'miss') continue;
    const rel = path.relative(repo, path.resolve(io.cwd, r.file)).split(path.sep).join('/');
    counts.set(rel, (counts.get(rel) ?? 0) + 1);
  }
  return (p) => { const n = counts.get(p); return n === undefined ? undefined : n / 30; };
}

async function revExists(repo: string, rev: string): Promise<boolean> {
  return git(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).then(() => true, () => false);
}

export async function diffCommand(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { boolean: ['json'], value: ['model', 'calls-per-day', 'ledger'] });
  if (a.positionals.length > 2) throw new UsageError('diff takes at most two revisions');
  const repo = await root(io);
  const [base = 'HEAD', head] = a.positionals;
  for (const rev of [base, head].filter((r): r is string => !!r)) if (!(await revExists(repo, rev))) throw new UsageError(`unknown revision '${rev}'`);
  const report = await diffPrompts({
    root: repo, base, head, model: a.flags.get('model') as string | undefined, defaultModel: DEFAULTS.defaultModel,
    prices: new PriceBook(), expectedOutputTokens: DEFAULTS.expectedOutputTokens,
    defaultCallsPerDay: callsPerDayFlag(a.flags.get('calls-per-day')), observedCallsPerDay: await observedVolume(io, a.flags.get('ledger'), repo),
  });
  io.stdout(a.flags.has('json') ? JSON.stringify(report) + '\n' : diffTable(report));
  return EXIT_OK;
}

export function diffTable(r: DiffReport): string {
  if (!r.files.length) return `No prompt file changed between ${r.base} and ${r.head}.\n`;
  const lines = alignColumns([
    ['file', 'status', 'tokens', 'delta', '$/call', '$/month', 'volume'],
    ...r.files.map((f) => [
      f.oldPath ? `${f.oldPath} → ${f.path}` : f.path, f.status,
      `${f.estimated ? '≈' : ''}${(f.before?.inputTokens ?? 0).toLocaleString('en-US')} → ${(f.after?.inputTokens ?? 0).toLocaleString('en-US')}`,
      signed(f.inputTokensDelta), signedUSD(f.perCallUSDDelta), signedUSD(f.monthlyUSDDelta), `${f.volume.callsPerDay.toLocaleString('en-US')}/day (${f.volume.source})`,
    ]),
  ], 2);
  for (const f of r.files) {
    for (const m of f.messages) lines.push(`  ${f.path} · ${m.role} #${m.index + 1}: ${m.before ?? 0} → ${m.after ?? 0} (${signed(m.delta)})`);
    if (f.prefix) lines.push(`  ${f.path}: ${f.prefix}`);
  }
  return `${r.base} → ${r.head}\n${lines.join('\n')}\n`;
}

const GATE_FLAGS = ['max-usd-per-call', 'max-tokens', 'max-increase-pct', 'max-usd-per-month', 'fail-on'] as const;
const GATE_KEY: Record<(typeof GATE_FLAGS)[number], keyof Gates> = {
  'max-usd-per-call': 'maxUsdPerCall', 'max-tokens': 'maxTokens', 'max-increase-pct': 'maxIncreasePct', 'max-usd-per-month': 'maxUsdPerMonth', 'fail-on': 'failOn',
};

export async function checkCommand(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { boolean: [], value: [...GATE_FLAGS, 'base', 'format', 'config', 'model', 'calls-per-day', 'ledger'] });
  const format = (a.flags.get('format') ?? 'table') as string;
  if (!['table', 'json', 'markdown', 'sarif'].includes(format)) throw new UsageError(`--format must be table, json, markdown or sarif, got '${format}'`);
  const flags: Gates = {};
  for (const f of GATE_FLAGS) {
    const v = a.flags.get(f);
    if (v === undefined) continue;
    try { (flags as Record<string, unknown>)[GATE_KEY[f]] = gateValue(GATE_KEY[f], v); } catch (err) { throw new UsageError(`--${f}: ${(err as Error).message.replace(/^\w+ /, '')}`); }
  }
  const repo = await root(io);
  const configPath = path.resolve(io.cwd, (a.flags.get('config') as string | undefined) ?? path.join(repo, '.promptmeter.yaml'));
  let rules: GateRule[] = [];
  const configText = await fs.readFile(configPath, 'utf8').catch(() => undefined);
  if (configText !== undefined) {
    try { rules = parseGateConfig(configText); } catch (err) { throw new UsageError(`${path.relative(io.cwd, configPath)}: ${(err as Error).message}`); }
  } else if (a.flags.has('config')) throw new UsageError(`cannot read ${a.flags.get('config')}`);
  const base = a.flags.get('base') as string | undefined;
  if (flags.maxIncreasePct !== undefined || rules.some((r) => r.maxIncreasePct !== undefined)) {
    if (!base) throw new UsageError('--max-increase-pct needs --base REV to compare against');
  }
  if (base && !(await revExists(repo, base))) throw new UsageError(`unknown revision '${base}'`);
  const { files, missing } = await resolveFiles(a.positionals.length ? a.positionals : [repo], io.cwd);
  if (missing.length) throw new UsageError(`no such file, or the glob matched nothing: ${missing.join(', ')}`);
  const rel = files.map((f) => path.relative(repo, f).split(path.sep).join('/')).filter((p) => !p.startsWith('..') && detectFormat(p) !== undefined);
  const prices = new PriceBook();
  const common = {
    model: a.flags.get('model') as string | undefined, defaultModel: DEFAULTS.defaultModel, prices, expectedOutputTokens: DEFAULTS.expectedOutputTokens,
    defaultCallsPerDay: callsPerDayFlag(a.flags.get('calls-per-day')), observedCallsPerDay: await observedVolume(io, a.flags.get('ledger'), repo),
  };
  const report = await checkPrompts({ ...common, root: repo, files: rel, rules, flags, base, read: (p) => fs.readFile(path.join(repo, p), 'utf8').catch(() => undefined) });
  switch (format) {
    case 'json': io.stdout(JSON.stringify(report) + '\n'); break;
    case 'sarif': io.stdout(JSON.stringify(checkSarif(report, '0.1.0'), null, 2) + '\n'); break;
    case 'markdown': {
      const diff = base ? await diffPrompts({ ...common, root: repo, base }) : undefined;
      io.stdout(checkMarkdown(report, diff));
      break;
    }
    default: io.stdout(checkTable(report));
  }
  return report.failed ? EXIT_PROBLEMS : EXIT_OK;
}

function checkTable(r: CheckReport): string {
  const lines = r.files.flatMap((f) => f.results.filter((x) => x.kind === 'gate' || !x.pass)
    .map((x) => `${x.pass ? 'ok  ' : 'FAIL'}  ${f.path}:${x.line}  ${x.ruleId}  ${x.message}`));
  const lint = r.files.reduce((n, f) => n + f.results.filter((x) => x.kind === 'lint' && x.pass).length, 0);
  return `${lines.join('\n')}${lines.length ? '\n' : ''}${r.failed ? `${r.failed} failed` : 'every gate holds'} · ${r.passed} passed · ${r.files.length} files${lint ? ` · ${lint} lint findings (not gated)` : ''}\n`;
}

export async function historyCommand(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { boolean: ['json'], value: ['model'] });
  if (a.positionals.length !== 1) throw new UsageError('history needs one prompt file');
  const repo = await root(io);
  const file = path.relative(repo, path.resolve(io.cwd, a.positionals[0])).split(path.sep).join('/');
  const points = await promptHistory({
    root: repo, path: file, model: a.flags.get('model') as string | undefined, defaultModel: DEFAULTS.defaultModel,
    prices: new PriceBook(), expectedOutputTokens: DEFAULTS.expectedOutputTokens, cacheDir: path.join(cacheDir(io.env), 'history'),
  });
  if (!points.length) {
    io.stderr(`promptmeter history: no commit touches ${file}\n`);
    return EXIT_PROBLEMS;
  }
  if (a.flags.has('json')) io.stdout(JSON.stringify({ path: file, points }) + '\n');
  else io.stdout(alignColumns([['commit', 'date', 'author', 'tokens', '$/call', 'subject'],
    ...points.map((p) => [p.commit.slice(0, 8), p.date.slice(0, 10), p.author, `${p.estimated ? '≈' : ''}${p.inputTokens.toLocaleString('en-US')}`, p.perCallMicros === null ? 'unpriced' : formatUSD(p.perCallMicros), p.subject])], 99).join('\n') + '\n');
  return EXIT_OK;
}
