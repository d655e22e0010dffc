import type { ChatRequest } from '../client/types';
import type { EvalProgress, EvalReport } from './types';

/** The comparison view's messages, shared by the extension host and the page. */
export type EvalPageMessage =
  | { type: 'ready' }
  | { type: 'export'; format: 'csv' | 'json' }
  /** A click on a row × model cell: the host answers with its full request and answer. */
  | { type: 'detail'; row: number; model: string };

export type EvalHostMessage =
  | { type: 'report'; title: string; report: EvalReport; progress?: EvalProgress }
  | { type: 'detail'; row: number; model: string; request: ChatRequest; vars: Record<string, unknown> }
  | { type: 'error'; message: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The page is less trusted than the host: check a message's shape before acting on it. */
export function parseEvalPageMessage(v: unknown): EvalPageMessage | undefined {
  if (!isObj(v)) return undefined;
  if (v.type === 'ready') return { type: 'ready' };
  if (v.type === 'export' && (v.format === 'csv' || v.format === 'json')) return { type: 'export', format: v.format };
  if (v.type === 'detail' && Number.isInteger(v.row) && (v.row as number) >= 0 && typeof v.model === 'string') {
    return { type: 'detail', row: v.row as number, model: v.model };
  }
  return undefined;
}
