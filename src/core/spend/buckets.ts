import { type LedgerRecord, USAGE_FIELDS } from '../ledger/record';

/**
 * The sums kept per (local day, workspace, model, provider, file) bucket of the spend index: everything the
 * spend snapshot needs, so a snapshot for any day-aligned range or workspace is a fold over buckets.
 * Offsets into a flat number array; `BUCKET_WIDTH` numbers per bucket.
 */
export const B = {
  calls: 0,
  pricedCalls: 1,
  /** costMicros of priced calls (what the tallies sum). */
  pricedCost: 2,
  /** costMicros of every call (what the per-file model figures sum). */
  allCost: 3,
  ok: 4, error: 5, cancelled: 6, truncated: 7, budgetBlocked: 8,
  memory: 9, disk: 10, redis: 11, semantic: 12,
  inputTokens: 13, cacheRead: 14, output: 15,
  /** Six numbers, in TECHNIQUES order. */
  saved: 16,
  /** Successful, priced calls that reached the model (cache misses): count, cost, then six usage sums. */
  okMiss: 22, okMissCost: 23, okUsage: 24,
} as const;

export const BUCKET_WIDTH = 30;

/** NormalizedUsage fields in the order of `B.okUsage`. */
export const USAGE_ORDER = USAGE_FIELDS;
const SAVED_ORDER = ['exactCache', 'semanticCache', 'providerCache', 'routing', 'cascade', 'batch'] as const;
const STATUS_AT = { ok: B.ok, error: B.error, cancelled: B.cancelled, truncated: B.truncated, 'budget-blocked': B.budgetBlocked } as const;
const HIT_AT = { memory: B.memory, disk: B.disk, redis: B.redis, semantic: B.semantic } as const;

/** Adds one record to the bucket starting at `at`. */
export function addToBucket(n: number[], at: number, r: LedgerRecord): void {
  n[at + B.calls]++;
  if (r.priced) {
    n[at + B.pricedCalls]++;
    n[at + B.pricedCost] += r.costMicros;
  }
  n[at + B.allCost] += r.costMicros;
  n[at + STATUS_AT[r.status]]++;
  if (r.cache !== 'miss') n[at + HIT_AT[r.cache]]++;
  const u = r.usage;
  n[at + B.inputTokens] += u.inputUncached + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h;
  n[at + B.cacheRead] += u.cacheRead;
  n[at + B.output] += u.output;
  const s = r.savedMicros;
  for (let i = 0; i < SAVED_ORDER.length; i++) n[at + B.saved + i] += s[SAVED_ORDER[i]] ?? 0;
  if (r.status === 'ok' && r.priced && r.cache === 'miss') {
    n[at + B.okMiss]++;
    n[at + B.okMissCost] += r.costMicros;
    for (let i = 0; i < USAGE_ORDER.length; i++) n[at + B.okUsage + i] += u[USAGE_ORDER[i]];
  }
}
