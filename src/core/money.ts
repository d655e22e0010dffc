// The one place integer micro-dollars become text: lenses, hover, status bar, CLI, budget messages and the webview.
// Dependency-free on purpose: the webview bundle imports it, and must not pull the price catalogue in.

export const MICROS_PER_USD = 1_000_000;
export const UNPRICED = 'unpriced';
export const ESTIMATE_MARK = '≈';

// Built once: Intl formatters are costly to construct, and a 200-row table formats hundreds of amounts.
const DOLLARS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * `$1,234.57` from 1_234_567_890 micros. Under a dollar up to four decimals (`$0.0031`, `$0.50`), under a hundredth
 * of a cent two significant digits (`$0.000040`), so a cheap call never reads as `$0.00`.
 */
export function formatUSD(micros: number): string {
  if (!Number.isFinite(micros)) return UNPRICED;
  const sign = micros < 0 ? '-' : '';
  const usd = Math.abs(micros) / MICROS_PER_USD;
  if (usd === 0) return '$0.00';
  if (usd >= 1) return `${sign}$${DOLLARS.format(usd)}`;
  if (usd >= 0.0001) return `${sign}$${CENTS.format(usd)}`;
  return `${sign}$${usd.toPrecision(2)}`;
}

/** What a priced amount that rounds to 0 micro-dollars reads as: it is not free. */
export const UNDER_ONE_MICRO = '<$0.000001';

/**
 * A cost that may be unknown: `unpriced`, never `$0`; an estimate (non-OpenAI tokenizer) is marked `≈`. `nonzero`:
 * the exact amount is above zero (a few tokens on a cheap model), so 0 micros after rounding reads `<$0.000001`.
 */
export function formatCost(cost: number | { priced: boolean; totalMicros: number } | undefined | null, estimated = false, nonzero = false): string {
  if (cost === undefined || cost === null) return UNPRICED;
  if (typeof cost !== 'number' && !cost.priced) return UNPRICED;
  const micros = typeof cost === 'number' ? cost : cost.totalMicros;
  const text = micros === 0 && nonzero ? UNDER_ONE_MICRO : formatUSD(micros);
  return estimated ? `${ESTIMATE_MARK}${text}` : text;
}

/** Whole counts with thousands separators (`1,234`), `≈` when estimated. Tokens and calls sit beside money. */
export function formatCount(n: number, estimated = false): string {
  return `${estimated ? ESTIMATE_MARK : ''}${COUNT.format(Math.round(n))}`;
}

/** USD as a JSON number for machine output (`--json`, exports). */
export const toUSD = (micros: number): number => micros / MICROS_PER_USD;
/** Integer micro-dollars from USD (settings, price tables). */
export const toMicros = (usd: number): number => Math.round(usd * MICROS_PER_USD);
