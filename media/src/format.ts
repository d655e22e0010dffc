// Money arrives as integer micro-dollars; the core's money module (dependency-free) turns it into text here too.
import { formatCost, formatCount, formatUSD, MICROS_PER_USD } from '../../src/core/money';

/** The same text the lenses, status bar and CLI show: `$1,234.57`, `$0.0031`, `unpriced` (never $0). */
export function usd(micros: number, priced = true): string {
  return priced ? formatUSD(micros) : formatCost(undefined);
}

/** Axis ticks: whole cents from a cent up, since the scale is what matters there. */
export function usdAxis(micros: number): string {
  const v = micros / MICROS_PER_USD;
  if (Math.abs(v) >= 0.01 && Math.abs(v) < 1) return formatUSD(Math.round(micros / 10_000) * 10_000);
  return formatUSD(micros);
}

export const int = (n: number): string => formatCount(n);

export const pct = (ratio: number): string => `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 1 : 0)}%`;

export function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
}

/** Local date and time, short: the table is narrow. */
export function when(iso: string): string {
  const d = new Date(iso);
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2025-01-03` → `Jan 3`. */
export function dayLabel(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${MONTHS[m - 1]} ${d}`;
}

export const TECHNIQUE_LABELS = {
  exactCache: 'Exact cache', semanticCache: 'Semantic cache', providerCache: 'Provider prompt cache', routing: 'Routing', cascade: 'Cascade', batch: 'Batch API',
} as const;
