import type { ProviderId } from '../client/types';
import type { Assertion } from '../dataset/types';

/** Provider batch states in one vocabulary (OpenAI's, plus Anthropic's `ended`/`canceling`). */
export type BatchStatus =
  | 'validating' | 'in_progress' | 'finalizing' | 'completed' | 'ended'
  | 'failed' | 'expired' | 'cancelling' | 'cancelled';

export const FINAL_STATUSES: ReadonlySet<BatchStatus> = new Set(['completed', 'ended', 'failed', 'expired', 'cancelled']);

export interface BatchCounts { total: number; succeeded: number; errored: number; expired: number; canceled: number; processing: number }

/** One dataset row inside a batch. */
export interface BatchRow { customId: string; row: number; line: number; key: string; assert: Assertion[] }

/** A submitted provider batch, kept in global storage so its results land after a reload or restart. */
export interface BatchJob {
  /** The provider's batch id. */
  id: string;
  provider: ProviderId;
  baseUrl: string;
  model: string;
  /** Prompt file as recorded in the ledger (workspace-relative when possible). */
  file?: string;
  workspace: string;
  createdAt: string;
  inputFileId?: string;
  status: BatchStatus;
  counts: BatchCounts;
  rows: BatchRow[];
  /** Frontmatter assertions every row gets. */
  assert: Assertion[];
  /** Results are in the ledger and the results file. */
  landed: boolean;
  error?: string;
}

/** One request's outcome as the provider reports it. */
export interface BatchItemResult {
  customId: string;
  outcome: 'succeeded' | 'errored' | 'expired' | 'canceled';
  text: string;
  /** The provider's raw usage object (normalised by the lander). */
  usage?: unknown;
  finish?: string;
  error?: string;
}
