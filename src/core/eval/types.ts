import type { CacheLayer } from '../ledger/record';
import type { NormalizedUsage } from '../pricing/usage';
import type { AssertionResult } from './assertions';

/** One row's answer from one model. */
export interface EvalRowResult {
  /** Index of the row in the dataset's rows. */
  row: number;
  /** The row's line in the dataset file (0: defaults / sample). */
  line: number;
  model: string;
  status: 'ok' | 'error';
  text: string;
  error?: string;
  usage?: NormalizedUsage;
  /** This row's share of what its request billed; null when the model is unpriced. */
  costMicros: number | null;
  latencyMs: number;
  cache: CacheLayer;
  assertions: AssertionResult[];
  /** Answered, and every assertion passed. */
  pass: boolean;
  /** Rows in the request that answered this one (pack: N), when more than one. */
  packedWith?: number;
  /** Taken from an earlier, interrupted run of the same request. */
  resumed?: boolean;
  /** Answered through the provider's Batch API. */
  batch?: boolean;
  /** Key of the rendered request (resume store, results view). */
  key: string;
}

export interface EvalProgress { total: number; done: number; failed: number; left: number }

export interface ModelTotals {
  model: string;
  rows: number;
  answered: number;
  errors: number;
  passed: number;
  /** passed / rows, 0..1. */
  passRate: number;
  /** Sum of priced rows' cost. */
  costMicros: number;
  /** Rows whose cost is unknown: totals then say so, never $0. */
  unpricedRows: number;
  /** Average cost per row × 1,000 (null when any row is unpriced). */
  per1000Micros: number | null;
  avgLatencyMs: number;
  inputTokens: number;
  outputTokens: number;
}

export interface PackSavings { requests: number; rowsPerRequest: number; inputTokensSaved: number; savedMicros: number | null }

export interface EvalReport {
  prompt: string;
  dataset?: string;
  models: string[];
  rows: number;
  results: EvalRowResult[];
  totals: ModelTotals[];
  /** The cheapest model whose every row answered and passed every assertion. */
  cheapestPassing?: { model: string; per1000Micros: number };
  pack?: PackSavings;
  /** Sum of every row's cost (equals what the ledger recorded for this run). */
  costMicros: number;
  cancelled: boolean;
}
