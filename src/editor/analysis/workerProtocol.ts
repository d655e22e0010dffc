import type { AnalysisJob, AnalysisOutcome } from './types';

/** Messages between the extension host and the analysis worker. */
export type WorkerRequest = { type: 'analyze'; id: number; job: AnalysisJob } | { type: 'forget'; uri: string };
/** `ready` once the worker has loaded and warmed its encoders: time limits count from then, not from its cold start. */
export type WorkerReply = { type: 'result'; id: number; outcome: AnalysisOutcome } | { type: 'ready' };
