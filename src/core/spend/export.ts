import type { LedgerRecord } from '../ledger/record';
import { MICROS_PER_USD } from '../ledger/record';
import { TECHNIQUES } from './snapshot';

/** One CSV row per call, money in USD (the edge), unpriced cost left empty rather than 0. */
export const CSV_HEADER = [
  'time', 'workspace', 'file', 'model', 'provider', 'route', 'cache', 'status', 'input_tokens', 'cached_tokens',
  'output_tokens', 'cost_usd', 'priced', 'latency_ms', ...TECHNIQUES.map((t) => `saved_${t}_usd`), 'error',
].join(',') + '\r\n';

const usd = (micros: number) => (micros / MICROS_PER_USD).toFixed(6);

/** RFC 4180 quoting; a leading = + - @ is prefixed so spreadsheets do not run it as a formula. */
function cell(v: string | number | boolean | undefined): string {
  if (v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(r: LedgerRecord): string {
  const u = r.usage;
  return [
    r.time, r.workspace, r.file, r.model, r.provider, r.route, r.cache, r.status,
    u.inputUncached + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h, u.cacheRead, u.output,
    r.priced ? usd(r.costMicros) : undefined, r.priced, r.latencyMs, ...TECHNIQUES.map((t) => usd(r.savedMicros[t] ?? 0)), r.error,
  ].map(cell).join(',') + '\r\n';
}
