import { splitChunks } from './chunks';
import { clearEncoderMemo, encodeLength } from './encoder';
import type { EncodingName } from './families';

/** Chunk text -> count for one encoding; emptied when it holds 32 M characters (cheaper than an LRU on a cold count). */
class ChunkMemo {
  private readonly counts = new Map<string, number>();
  private chars = 0;
  get(chunk: string): number | undefined { return this.counts.get(chunk); }
  set(chunk: string, n: number): void {
    if (this.chars + chunk.length > 32 * 1024 * 1024) this.clear();
    this.counts.set(chunk, n);
    this.chars += chunk.length;
  }
  clear(): void {
    this.counts.clear();
    this.chars = 0;
  }
}

const memo = new Map<EncodingName, ChunkMemo>();

function memoFor(name: EncodingName): ChunkMemo {
  let m = memo.get(name);
  if (!m) {
    m = new ChunkMemo();
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

/** Forgets every remembered count, down to single pieces: the next count is cold. */
export function clearCountMemo(): void {
  memo.clear();
  clearEncoderMemo();
}
