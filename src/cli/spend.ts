import * as path from 'node:path';
import { aggregate } from '../core/spend/aggregate';
import { Ledger } from '../core/ledger/ledgerFile';
import { formatUSD, toUSD } from '../core/money';
import { parseDays } from '../core/spend/protocol';
import { TECHNIQUES, type SpendSnapshot } from '../core/spend/snapshot';
import { parseArgs } from './args';
import { alignColumns, type CliIO, EXIT_OK, UsageError } from './io';

/** `--ledger`, else PROMPTMETER_LEDGER; the extension keeps its ledger in its global storage folder. */
function ledgerFile(flag: string | true | undefined, io: CliIO): string {
  const file = typeof flag === 'string' ? flag : io.env.PROMPTMETER_LEDGER;
  if (!file) throw new UsageError('no ledger: pass --ledger FILE or set PROMPTMETER_LEDGER');
  return path.resolve(io.cwd, file);
}

function sinceOf(text: string | true | undefined, now: Date): Date | undefined {
  if (text === undefined || text === 'all') return undefined;
  if (typeof text !== 'string') throw new UsageError('--since needs a value');
  const days = parseDays(text);
  if (days !== undefined) return new Date(now.getTime() - days * 86_400_000);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00`) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--since must be like 7d, all or 2025-01-31, not '${text}'`);
  return date;
}

export async function spendCommand(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { boolean: ['json'], value: ['since', 'ledger'] });
  if (a.positionals.length) throw new UsageError(`unexpected argument '${a.positionals[0]}'`);
  const now = new Date();
  const since = sinceOf(a.flags.get('since'), now);
  const file = ledgerFile(a.flags.get('ledger'), io);
  // Torn or corrupt lines are skipped and reported; the rest of the ledger still counts.
  const ledger = new Ledger({ path: file, maxSizeBytes: Number.MAX_SAFE_INTEGER, onProblem: (p) => io.stderr(`promptmeter spend: ${p.message}\n`) });
  const s = await aggregate(ledger.read({ since }), { now, since, budgets: {} });
  io.stdout(a.flags.has('json') ? JSON.stringify(spendJson(s)) + '\n' : spendTable(s, since));
  return EXIT_OK;
}

/** Money in USD here, at the edge; unpriced calls are counted, never priced at $0. */
export function spendJson(s: SpendSnapshot) {
  return {
    totalUSD: toUSD(s.all.costMicros),
    byDay: s.byDay.filter((d) => d.calls > 0).map((d) => ({
      day: d.day, costUSD: toUSD(d.costMicros), calls: d.calls, unpricedCalls: d.unpricedCalls,
      byModel: Object.fromEntries(Object.entries(d.byModel).map(([m, micros]) => [m, toUSD(micros)])),
    })),
    byModel: s.byModel.map((m) => ({
      model: m.model, calls: m.calls, costUSD: toUSD(m.costMicros), unpricedCalls: m.unpricedCalls,
      inputTokens: m.inputTokens, cachedTokens: m.cachedTokens, outputTokens: m.outputTokens,
    })),
    byFile: s.byFile.map((f) => ({ file: f.file, calls: f.calls, costUSD: toUSD(f.costMicros), unpricedCalls: f.unpricedCalls })),
    savedUSD: Object.fromEntries(TECHNIQUES.map((t) => [t, toUSD(s.savedMicros[t])])),
    calls: s.all.calls,
    unpricedCalls: s.all.unpricedCalls,
  };
}

const fmt = new Intl.NumberFormat('en-US');

function spendTable(s: SpendSnapshot, since: Date | undefined): string {
  const cost = (micros: number, unpriced: number) => `${formatUSD(micros)}${unpriced ? ` +${fmt.format(unpriced)} unpriced` : ''}`;
  const saved = TECHNIQUES.reduce((a, t) => a + s.savedMicros[t], 0);
  const out = [
    `Spend ${since ? `since ${since.toISOString().slice(0, 10)}` : 'all time'}: ${cost(s.all.costMicros, s.all.unpricedCalls)} over ${fmt.format(s.all.calls)} calls`,
    `Saved ${formatUSD(saved)}: ${TECHNIQUES.filter((t) => s.savedMicros[t]).map((t) => `${t} ${formatUSD(s.savedMicros[t])}`).join(', ') || 'nothing yet'}`,
    '',
    ...alignColumns([['model', 'calls', 'cost'], ...s.byModel.map((m) => [m.model, fmt.format(m.calls), m.unpricedCalls === m.calls ? 'unpriced' : cost(m.costMicros, m.unpricedCalls)])], 1),
    '',
    ...alignColumns([['file', 'calls', 'cost'], ...s.byFile.map((f) => [f.file ?? '(no file)', fmt.format(f.calls), cost(f.costMicros, f.unpricedCalls)])], 1),
    '',
    ...alignColumns([['day', 'calls', 'cost'], ...s.byDay.filter((d) => d.calls).map((d) => [d.day, fmt.format(d.calls), cost(d.costMicros, d.unpricedCalls)])], 1),
  ];
  return out.join('\n') + '\n';
}
