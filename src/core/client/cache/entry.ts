import { USAGE_FIELDS } from '../../ledger/record';
import type { ChatResponse } from '../types';

/** One stored answer. Times are epoch milliseconds. Never holds the request or any credential. */
export interface CacheEntry {
  v: 1;
  key: string;
  createdAt: number;
  expiresAt: number;
  /** The prompt file that produced it, so "clear cache for this file" can find it. */
  file?: string;
  response: ChatResponse;
}

export type ClearFilter = { all: true } | { file: string } | { olderThanDays: number };

/** One cache layer (memory, disk, redis); every method tolerates a broken backend by acting empty. */
export interface CacheLayerStore {
  readonly name: 'memory' | 'disk' | 'redis';
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Removes matching entries (all when no filter) and returns how many went. */
  clear(filter?: ClearFilter): Promise<number>;
  dispose?(): Promise<void>;
}

const PROVIDERS = new Set(['openai', 'anthropic']);
const FINISH = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'other']);

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** Schema check for anything read back from disk or Redis: a shared store may hold junk. */
export function isChatResponse(x: unknown): x is ChatResponse {
  if (!isObj(x)) return false;
  if (typeof x.text !== 'string' || typeof x.model !== 'string' || typeof x.route !== 'string') return false;
  if (!PROVIDERS.has(x.provider as string) || !FINISH.has(x.finishReason as string)) return false;
  if (typeof x.cache !== 'string' || !isCount(x.latencyMs) || !isObj(x.savedMicros)) return false;
  if (!Object.values(x.savedMicros).every(isCount)) return false;
  const u = x.usage;
  return isObj(u) && USAGE_FIELDS.every((f) => isCount(u[f]));
}

export function isCacheEntry(x: unknown, key?: string): x is CacheEntry {
  if (!isObj(x) || x.v !== 1 || typeof x.key !== 'string') return false;
  if (key !== undefined && x.key !== key) return false;
  if (!isCount(x.createdAt) || !isCount(x.expiresAt)) return false;
  if (x.file !== undefined && typeof x.file !== 'string') return false;
  return isChatResponse(x.response);
}

export function matchesFilter(entry: Pick<CacheEntry, 'createdAt' | 'file'>, filter: ClearFilter | undefined, now = Date.now()): boolean {
  if (!filter || 'all' in filter) return true;
  if ('file' in filter) return entry.file === filter.file;
  return entry.createdAt < now - filter.olderThanDays * 86_400_000;
}

/** Seconds an entry still has to live (at least 1, so a promotion never stores "forever"). */
export function remainingTtlSeconds(entry: CacheEntry, now = Date.now()): number {
  return Math.max(1, Math.ceil((entry.expiresAt - now) / 1000));
}
