import type { NormalizedUsage } from '../pricing/usage';

export type CacheLayer = 'miss' | 'memory' | 'disk' | 'redis' | 'semantic';
export type CallStatus = 'ok' | 'error' | 'cancelled' | 'truncated' | 'budget-blocked';
export type Technique = 'exactCache' | 'semanticCache' | 'providerCache' | 'routing' | 'cascade' | 'batch';

/** One line of the spend ledger. Money is integer micro-dollars (1 USD = 1,000,000). */
export interface LedgerRecord {
  v: 1;
  id: string;
  /** ISO-8601 UTC time the call started. */
  time: string;
  workspace: string;
  /** Prompt file path (workspace-relative when possible). */
  file?: string;
  model: string;
  provider: string;
  /** How the model was chosen: 'direct', 'auto:cheap', 'auto:strong', 'cascade:escalated', 'fallback:<from>'. */
  route: string;
  cache: CacheLayer;
  usage: NormalizedUsage;
  /** The provider reported no usage (or a stream was cut short): usage and cost are Promptmeter's estimate. */
  usageEstimated?: boolean;
  /** False when the model has no price: cost is then unknown, never 0. */
  priced: boolean;
  costMicros: number;
  savedMicros: Record<Technique, number>;
  latencyMs: number;
  status: CallStatus;
  error?: string;
  /** Answered through the provider's Batch API, priced at its batch rate. */
  batch?: true;
}

/** Every NormalizedUsage field, in a fixed order (validation, per-field sums). */
export const USAGE_FIELDS = ['inputUncached', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output', 'reasoning'] as const;

export const NO_SAVINGS: Readonly<Record<Technique, number>> = Object.freeze({
  exactCache: 0, semanticCache: 0, providerCache: 0, routing: 0, cascade: 0, batch: 0,
});

export { MICROS_PER_USD, toMicros, toUSD } from '../money';
