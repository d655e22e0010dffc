import type { SpendSnapshot } from './snapshot';

/** The spend webview's messages, shared by the extension host and the page. */
export type SpendRange = '7d' | '30d' | '90d' | 'all';
export const SPEND_RANGES: readonly SpendRange[] = ['7d', '30d', '90d', 'all'];

export interface SpendFilter {
  range: SpendRange;
  /** Only this workspace's calls; absent: every workspace. */
  workspace?: string;
}

export const DEFAULT_FILTER: SpendFilter = Object.freeze({ range: '30d' });

export type PageMessage =
  /** The page has loaded and listens; `filter` is the one it restored from its saved UI state. */
  | { type: 'ready'; filter?: SpendFilter }
  | { type: 'setFilter'; filter: SpendFilter }
  | { type: 'openFile'; path: string }
  | { type: 'export'; format: 'csv' | 'json' }
  /** The compact sidebar summary's "Show Spend" link. */
  | { type: 'showPanel' };

export type HostMessage =
  | { type: 'snapshot'; snapshot: SpendSnapshot; filter: SpendFilter }
  | { type: 'error'; message: string };

export function assertNever(x: never): never {
  throw new Error(`Unhandled spend message: ${JSON.stringify(x)}`);
}

const RANGE_DAYS: Record<Exclude<SpendRange, 'all'>, number> = { '7d': 7, '30d': 30, '90d': 90 };

/**
 * Start of a range ending at `now`: local midnight, so "last 7 days" is today and the six days before it (seven
 * whole bars on the daily chart, and sums the spend index can answer from day buckets); undefined for 'all'.
 */
export function rangeStart(range: SpendRange, now: Date): Date | undefined {
  return range === 'all' ? undefined : new Date(now.getFullYear(), now.getMonth(), now.getDate() - (RANGE_DAYS[range] - 1));
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isFilter(v: unknown): v is SpendFilter {
  return isObj(v) && SPEND_RANGES.includes(v.range as SpendRange) && (v.workspace === undefined || typeof v.workspace === 'string');
}

/** The page is less trusted than the host: check a message's shape before acting on it. */
export function parsePageMessage(v: unknown): PageMessage | undefined {
  if (!isObj(v) || typeof v.type !== 'string') return undefined;
  const type = v.type as PageMessage['type'];
  switch (type) {
    case 'ready': return v.filter === undefined || isFilter(v.filter) ? { type, ...(v.filter ? { filter: v.filter as SpendFilter } : {}) } : undefined;
    case 'setFilter': return isFilter(v.filter) ? { type, filter: v.filter } : undefined;
    case 'openFile': return typeof v.path === 'string' && v.path !== '' ? { type, path: v.path } : undefined;
    case 'export': return v.format === 'csv' || v.format === 'json' ? { type, format: v.format } : undefined;
    case 'showPanel': return { type };
    default: assertNeverType(type); return undefined;
  }
}

/** Unknown types arrive at runtime, so this check must not throw like `assertNever`. */
function assertNeverType(_t: never): void {}

/** Parses a spend range flag such as `7d`, `30d` or `all` (the CLI accepts any number of days). */
export function parseDays(text: string): number | undefined {
  const m = /^(\d+)d$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}
