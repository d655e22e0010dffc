import type { PromptAnalysis } from '../../core/analysis/analyze';
import type { PriceOverride } from '../../core/pricing/prices';
import type { PromptDocument, PromptFormat } from '../../core/prompt';

/** Everything one analysis needs, as plain data so it can cross to the analysis worker. */
export interface AnalysisJob {
  uri: string;
  version: number;
  text: string;
  fileName: string;
  format: PromptFormat;
  pickedModel?: string;
  defaultModel: string;
  expectedOutputTokens: number;
  prices: Record<string, PriceOverride>;
  /** The file on disk, for dotprompt partials beside it; absent for unsaved documents. */
  filePath?: string;
}

export type AnalysisOutcome =
  | { kind: 'ok'; doc: PromptDocument; analysis: PromptAnalysis }
  | { kind: 'failed'; message: string };

/** Where analyses run: a worker thread in the editor, in-process in tests. */
export interface AnalysisBackend {
  analyze(job: AnalysisJob): Promise<AnalysisOutcome>;
  /** The document closed: drop what is kept for it. */
  forget(uri: string): void;
  dispose(): void;
}

/** One document version's analysis: never `undefined` meaning two things. */
export type AnalysisState =
  | { kind: 'ok'; version: number; doc: PromptDocument; analysis: PromptAnalysis }
  | { kind: 'failed'; version: number; message: string }
  | { kind: 'not-a-prompt'; version: number }
  /** Above `promptmeter.analysis.maxSizeKB`: not counted live; a one-off count is offered. */
  | { kind: 'too-large'; version: number; sizeKB: number; limitKB: number };
