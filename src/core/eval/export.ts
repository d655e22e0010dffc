import { toUSD } from '../ledger/record';
import { totalInput } from '../pricing/usage';
import type { EvalReport } from './types';

const CSV_COLUMNS = ['line', 'model', 'status', 'pass', 'failed_assertions', 'input_tokens', 'output_tokens', 'cost_usd', 'latency_ms', 'cache', 'answer', 'error'];

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line per row and model; an unpriced cost is an empty cell, never 0. */
export function reportCsv(report: EvalReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of report.results) {
    lines.push([
      r.line, r.model, r.status, r.pass, r.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`).join('; '),
      r.usage ? totalInput(r.usage) : '', r.usage?.output ?? '', r.costMicros === null ? '' : toUSD(r.costMicros),
      r.latencyMs, r.cache, r.text, r.error ?? '',
    ].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

export function reportJson(report: EvalReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
