import type { CacheLayer, CallStatus, Technique } from '../ledger/record';

/** Everything the spend panel shows, computed in the extension host. Money is integer micro-dollars. */
export interface SpendSnapshot {
  generatedAt: string;
  /** The range the range-based parts cover (ISO); absent ends are open. Period totals ignore it. */
  range: { since?: string; until?: string };
  /** Every workspace seen in the read records, for the filter. */
  workspaces: string[];
  totals: { today: PeriodTotal; week: PeriodTotal; month: PeriodTotal };
  /** Everything in range. */
  all: Tally;
  byStatus: Record<CallStatus, number>;
  /** Model names ordered by cost in range (the stacking order of `byDay`). */
  models: string[];
  byDay: DaySpend[];
  byModel: ModelSpend[];
  byFile: FileSpend[];
  cache: CacheStats;
  savedMicros: Record<Technique, number>;
  recent: RecentCall[];
  insights: Insights;
}

/** A sum of calls; `unpricedCalls` had no price, so their cost is unknown rather than counted as $0. */
export interface Tally {
  calls: number;
  costMicros: number;
  unpricedCalls: number;
}

export interface PeriodTotal extends Tally {
  /** Local-time start of the period (ISO). */
  start: string;
  /** Budget for the period from settings; absent when none is set. */
  budgetMicros?: number;
}

export interface DaySpend extends Tally {
  /** Local calendar day `YYYY-MM-DD`. */
  day: string;
  /** Cost per model that day (only models with calls). */
  byModel: Record<string, number>;
}

export interface ModelSpend extends Tally {
  model: string;
  okCalls: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
}

export interface FileSpend extends Tally {
  /** Prompt file; null gathers calls made without one. */
  file: string | null;
  inputTokens: number;
  outputTokens: number;
}

export type HitLayer = Exclude<CacheLayer, 'miss'>;

export interface CacheStats {
  /** Calls that reached the cache (budget-blocked calls never did). */
  lookups: number;
  hits: Record<HitLayer, number>;
  /** hits / lookups per layer, 0..1. */
  hitRate: Record<HitLayer, number>;
  /** Provider prompt-cache tokens read, and all input tokens billed, for the read share. */
  providerCacheReadTokens: number;
  inputTokens: number;
}

export interface RecentCall {
  id: string;
  time: string;
  workspace: string;
  file?: string;
  model: string;
  route: string;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  costMicros: number;
  priced: boolean;
  cache: CacheLayer;
  latencyMs: number;
  status: CallStatus;
  /** What went wrong, for a failed call: the provider's message as the ledger keeps it (secrets already redacted). */
  error?: string;
}

export interface Insights {
  costliestFiles: CostlyFile[];
  smallerModel: SmallerModelSuggestion[];
  /** Calls a file needs before it is checked for a smaller model. */
  highVolumeMinCalls: number;
}

export interface CostlyFile extends Tally {
  file: string;
  /** The model with the lowest average cost per successful, priced call on this file. */
  cheapestOk?: { model: string; avgMicros: number; okCalls: number };
}

export interface SmallerModelSuggestion {
  file: string;
  /** Calls on this file with `model`, the file's costliest model. */
  calls: number;
  model: string;
  suggestedModel: string;
  currentPerCallMicros: number;
  suggestedPerCallMicros: number;
  estimatedSavingMicros: number;
  assumptions: string;
}

export const TECHNIQUES: readonly Technique[] = ['exactCache', 'semanticCache', 'providerCache', 'routing', 'cascade', 'batch'];
export const HIT_LAYERS: readonly HitLayer[] = ['memory', 'disk', 'redis', 'semantic'];
