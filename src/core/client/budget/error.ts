export type BudgetLimitKind = 'daily' | 'weekly' | 'monthly' | 'perCall' | 'unpriced';

/** A call stopped before it ran because of a budget; the UI offers "Allow once" (`meta.allowOverBudget`). */
export class BudgetExceededError extends Error {
  constructor(message: string, readonly limit: BudgetLimitKind, readonly maxCostMicros: number) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}
