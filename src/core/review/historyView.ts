// Messages between the cost-history chart page and the extension host (the page is untrusted input).
import type { HistoryPoint } from './history';

export type HistoryHostMessage =
  | { type: 'history'; file: string; points: HistoryPoint[] }
  /** Instead of a chart: outside a git repository, no commits, cancelled, failed. */
  | { type: 'message'; file: string; text: string };

export type HistoryPageMessage = { type: 'ready' } | { type: 'openDiff'; index: number };

export function parseHistoryPageMessage(raw: unknown): HistoryPageMessage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type === 'openDiff' && Number.isInteger(m.index) && (m.index as number) >= 0) return { type: 'openDiff', index: m.index as number };
  return undefined;
}
