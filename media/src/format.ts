// Money arrives as integer micro-dollars; this is the edge where it becomes text.

/** Same rules as the core's formatUSD: small amounts keep four decimals; unpriced is a word, never $0. */
export function usd(micros: number, priced = true): string {
  if (!priced) return 'unpriced';
  const v = micros / 1_000_000;
  if (v === 0) return '$0';
  if (Math.abs(v) >= 100) return `$${INT.format(Math.round(v))}`;
  if (Math.abs(v) >= 1) return `$${v.toFixed(2)}`;
  if (Math.abs(v) >= 0.0001) return `$${v.toFixed(4)}`;
  return `$${v.toPrecision(2)}`;
}

/** Axis ticks: fewer decimals than a cost cell, since the scale is what matters there. */
export function usdAxis(micros: number): string {
  const v = micros / 1_000_000;
  if (v === 0 || Math.abs(v) >= 100 || Math.abs(v) < 0.01) return usd(micros);
  return `$${v.toFixed(2)}`;
}

// One formatter for the page: toLocaleString builds a new one on every call, which shows in a 200-row table.
const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export const int = (n: number): string => INT.format(Math.round(n));

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
