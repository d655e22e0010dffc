// Node-side data for the panel's browser test and the bench: a generated ledger aggregated as the host would.
import { aggregateSync } from '../../src/core/spend/aggregate';
import { PriceBook } from '../../src/core/pricing/prices';
import type { SpendSnapshot } from '../../src/core/spend/snapshot';
import { generateLedger } from '../support/ledgerGen';

export { usd } from '../../media/src/format';
export { spendSkeleton } from '../../src/editor/spend/skeleton';

/** Fixed "now" inside the generated span, so today/week/month all hold calls. */
export const NOW = new Date('2025-03-01T12:00:00Z');

export function panelSnapshot(n = 5000, seed = 11): SpendSnapshot {
  const { records } = generateLedger(n, seed);
  return aggregateSync(records, {
    now: NOW, budgets: { dailyMicros: 1_200_000, weeklyMicros: 5_000_000, monthlyMicros: 8_000_000 },
    prices: new PriceBook(), cheapModels: ['gpt-4o-mini'], highVolumeMinCalls: 100,
  });
}
