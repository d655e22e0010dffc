/**
 * Byte-pair counting over a tiktoken vocabulary (tokens kept as "byte strings": one char per UTF-8 byte).
 * Short pieces use tiktoken's own merge loop; long pieces (runs of spaces, dashes, emoji) use a heap, so a
 * piece of n bytes costs O(n log n) instead of tiktoken's O(n²). Both merge the lowest-ranked adjacent pair,
 * leftmost first, so they give the same tokens.
 */

import type { Vocabulary } from './vocabFile';

/** Above this many bytes a piece is merged with the heap (the plain loop is faster below it). */
export const HEAP_MERGE_FROM = 64;

export type RankOf = (bytes: string) => number | undefined;

/** Number of tokens `bytes` merges into: tiktoken's `_byte_pair_merge`, scanning for the lowest rank each step. */
export function mergeCountSimple(bytes: string, rankOf: RankOf): number {
  const n = bytes.length;
  const starts: number[] = [];
  const ranks: number[] = [];
  for (let i = 0; i <= n; i++) starts.push(i);
  for (let i = 0; i < n; i++) ranks.push(i + 2 <= n ? rankOf(bytes.slice(i, i + 2)) ?? Infinity : Infinity);
  const pairRank = (i: number) => (i + 2 < starts.length ? rankOf(bytes.slice(starts[i], starts[i + 2])) ?? Infinity : Infinity);
  for (;;) {
    let best = Infinity;
    let at = -1;
    for (let i = 0; i < ranks.length - 1; i++) if (ranks[i] < best) { best = ranks[i]; at = i; }
    if (at < 0) break;
    starts.splice(at + 1, 1);
    ranks.splice(at, 1);
    ranks[at] = pairRank(at);
    if (at > 0) ranks[at - 1] = pairRank(at - 1);
  }
  return starts.length - 1;
}

/** A binary min-heap of numbers. */
class MinHeap {
  private items: number[] = [];
  get size(): number { return this.items.length; }
  peek(): number { return this.items[0]; }
  push(x: number): void {
    const a = this.items;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p] <= x) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = x;
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop() as number;
    if (a.length === 0) return top;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= a.length) break;
      if (c + 1 < a.length && a[c + 1] < a[c]) c++;
      if (a[c] >= last) break;
      a[i] = a[c];
      i = c;
    }
    a[i] = last;
    return top;
  }
}

/**
 * The same merge in O(n log n): parts form a linked list (a part is named by its first byte); candidate pairs
 * wait in one bucket per rank, and a heap holds the ranks. A rank's bucket is merged left to right, pausing
 * when a merge creates a lower-ranked pair. While one rank is merged no pair of that rank can appear (a new
 * pair is longer than the token just made), and a part's pair only grows, so an entry whose part no longer has
 * that rank is stale and skipped. `pairMemo` remembers the rank of (left token, right token): long runs repeat
 * the same few pairs.
 */
export function mergeCountHeap(bytes: string, rankOf: RankOf, pairMemo: Map<number, number> = new Map()): number {
  const n = bytes.length;
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  const token = new Int32Array(n);
  const pairRank = new Int32Array(n).fill(-1);
  const buckets = new Map<number, number[]>();
  const ranks = new MinHeap();
  const byteRank: number[] = [];
  for (let b = 0; b < 256; b++) byteRank.push(rankOf(String.fromCharCode(b)) ?? -1); // every byte is a token
  for (let i = 0; i <= n; i++) { next[i] = i + 1; prev[i] = i - 1; }
  for (let i = 0; i < n; i++) token[i] = byteRank[bytes.charCodeAt(i)];
  const rankAt = (i: number): void => {
    const j = next[i];
    let r = -1;
    if (j < n) {
      const key = token[i] * 1048576 + token[j];
      const known = pairMemo.get(key);
      if (known !== undefined) r = known;
      else {
        r = rankOf(bytes.slice(i, next[j])) ?? -1;
        if (pairMemo.size >= 500_000) pairMemo.clear();
        pairMemo.set(key, r);
      }
    }
    pairRank[i] = r;
    if (r < 0) return;
    const bucket = buckets.get(r);
    if (bucket) bucket.push(i);
    else { buckets.set(r, [i]); ranks.push(r); }
  };
  for (let i = 0; i < n; i++) rankAt(i);
  let parts = n;
  while (ranks.size > 0) {
    const r = ranks.pop();
    const at = buckets.get(r) as number[];
    buckets.delete(r);
    if (!isAscending(at)) at.sort((a, b) => a - b);
    for (let k = 0; k < at.length; k++) {
      const i = at[k];
      if (pairRank[i] !== r) continue;
      if (ranks.size > 0 && ranks.peek() < r) {
        // A lower-ranked pair appeared: it merges first; the rest of this rank waits in its bucket.
        const rest = at.slice(k);
        const bucket = buckets.get(r);
        if (bucket) bucket.push(...rest);
        else { buckets.set(r, rest); ranks.push(r); }
        break;
      }
      const j = next[i];
      token[j] = -1;
      pairRank[j] = -1;
      token[i] = r;
      next[i] = next[j];
      prev[next[j]] = i;
      parts--;
      rankAt(i);
      if (prev[i] >= 0) rankAt(prev[i]);
    }
  }
  return parts;
}

function isAscending(xs: number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i] < xs[i - 1]) return false;
  return true;
}

/** Latin-1 "byte string" of a string's UTF-8 (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Bytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Counts tokens of plain text (special-token strings are ordinary text) for one tiktoken vocabulary. */
/** Byte string -> rank from `vocabulary[rank]`: the token's text, or its bytes where not valid UTF-8 (gpt-tokenizer's data). */
export function ranksOf(vocabulary: readonly (string | readonly number[] | undefined)[]): Map<string, number> {
  const ranks = new Map<string, number>();
  vocabulary.forEach((t, rank) => {
    if (t === undefined) return;
    ranks.set(typeof t === 'string' ? (isAscii(t) ? t : utf8Bytes(t)) : String.fromCharCode(...t), rank);
  });
  return ranks;
}

export class BytePairCounter {
  private readonly pieceMemo = new Map<string, number>();
  private readonly pairMemo = new Map<number, number>();
  /** Rank of a token given as a byte string, or undefined when it is not in the vocabulary. */
  readonly rankOf: RankOf = (b) => this.ranks.get(b);

  private readonly split: RegExp;

  /** `ranks`: each token as a byte string (one char per UTF-8 byte) -> its rank: the built file (vocabFile.ts) or a Map from `ranksOf`. */
  constructor(private readonly ranks: Vocabulary, split: RegExp) {
    this.split = new RegExp(split.source, 'gu'); // our own copy: exec() moves lastIndex
  }

  count(text: string): number {
    let total = 0;
    const split = this.split;
    split.lastIndex = 0;
    for (let m = split.exec(text); m !== null; m = split.exec(text)) {
      const piece = m[0];
      const bytes = isAscii(piece) ? piece : utf8Bytes(piece);
      if (this.ranks.get(bytes) !== undefined) { total++; continue; }
      let n = this.pieceMemo.get(bytes);
      if (n === undefined) {
        n = bytes.length >= HEAP_MERGE_FROM ? mergeCountHeap(bytes, this.rankOf, this.pairMemo) : mergeCountSimple(bytes, this.rankOf);
        if (this.pieceMemo.size >= 100_000) this.pieceMemo.clear();
        this.pieceMemo.set(bytes, n);
      }
      total += n;
    }
    return total;
  }

  clearMemo(): void {
    this.pieceMemo.clear();
    this.pairMemo.clear();
  }
}
