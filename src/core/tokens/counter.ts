import { LRUCache } from 'lru-cache';
import { splitChunks } from './chunks';
import { encodeLength } from './encoder';
import type { EncodingName } from './families';

const memo = new Map<EncodingName, LRUCache<string, number>>();

function memoFor(name: EncodingName): LRUCache<string, number> {
  let m = memo.get(name);
  if (!m) {
    m = new LRUCache<string, number>({ max: 50_000, maxSize: 32 * 1024 * 1024, sizeCalculation: (_v, k) => k.length + 8 });
    memo.set(name, m);
  }
  return m;
}

/** Exact count of one chunk, memoised by content so unchanged chunks are never re-encoded. */
export function countChunk(name: EncodingName, chunk: string): number {
  const m = memoFor(name);
  let n = m.get(chunk);
  if (n === undefined) {
    n = encodeLength(name, chunk);
    m.set(chunk, n);
  }
  return n;
}

/** Exact token count of `text`, equal to a full encode, re-encoding only chunks not seen before. */
export function countTokens(name: EncodingName, text: string): number {
  if (text.length === 0) return 0;
  let total = 0;
  for (const c of splitChunks(text)) total += countChunk(name, c);
  return total;
}

export function clearCountMemo(): void { memo.clear(); }
