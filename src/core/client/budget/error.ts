export type BudgetLimitKind = 'daily' | 'weekly' | 'monthly' | 'perCall' | 'unpriced';

/** A call stopped before it ran because of a budget; the UI offers "Allow once" (`meta.allowOverBudget`). */
export class BudgetExceededError extends Error {
  constructor(message: string, readonly limit: BudgetLimitKind, readonly maxCostMicros: number) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}

/** Dollars for budget messages: cents from 10 cents up, four decimals below. */
export function budgetUSD(micros: number): string {
  const usd = micros / 1_000_000;
  return `$${usd >= 0.1 || usd === 0 ? usd.toFixed(2) : usd.toFixed(4)}`;
}
