import { splitChunks } from './chunks';
import { countChunk, countTokens } from './counter';
import type { EncodingName } from './families';

/**
 * A document's token total kept up to date edit by edit: an edit re-splits and recounts only the chunks
 * it touched (plus one neighbour each side, since an edit can join or create line boundaries).
 */
export class IncrementalCount {
  private chunks: string[] = [];
  private counts: number[] = [];
  private starts: number[] = [];
  private sum = 0;

  constructor(readonly encoding: EncodingName, text = '') { this.reset(text); }

  get total(): number { return this.sum; }
  get text(): string { return this.chunks.join(''); }
  get length(): number { return this.chunks.length ? this.starts[this.chunks.length - 1] + this.chunks[this.chunks.length - 1].length : 0; }

  /**
   * Exact tokens of `text.slice(start, end)`: the whole chunks inside it are already counted, only the partial
   * chunks at its two ends are encoded (a chunk boundary is a boundary for any substring that contains it).
   */
  countRange(start: number, end: number): number {
    if (end <= start) return 0;
    const first = this.chunkAt(start) + (this.starts[this.chunkAt(start)] === start ? 0 : 1);
    let last = this.chunkAt(end - 1);
    if (this.starts[last] + this.chunks[last].length > end) last--;
    if (first > last) return countTokens(this.encoding, this.slice(start, end));
    let total = 0;
    for (let i = first; i <= last; i++) total += this.counts[i];
    const wholeEnd = this.starts[last] + this.chunks[last].length;
    return total + countTokens(this.encoding, this.slice(start, this.starts[first])) + countTokens(this.encoding, this.slice(wholeEnd, end));
  }

  private slice(start: number, end: number): string {
    if (end <= start) return '';
    let out = '';
    for (let i = this.chunkAt(start); i < this.chunks.length && this.starts[i] < end; i++) {
      out += this.chunks[i].slice(Math.max(0, start - this.starts[i]), end - this.starts[i]);
    }
    return out;
  }

  reset(text: string): number {
    this.chunks = splitChunks(text);
    this.counts = this.chunks.map((c) => countChunk(this.encoding, c));
    this.sum = this.counts.reduce((a, b) => a + b, 0);
    this.reindex(0);
    return this.sum;
  }

  /** Replace `deleteLength` characters at `offset` with `insert`; returns the new total. */
  applyEdit(offset: number, deleteLength: number, insert: string): number {
    if (this.chunks.length === 0) return this.reset(insert);
    const first = Math.max(0, this.chunkAt(offset) - 1);
    const last = Math.min(this.chunks.length - 1, this.chunkAt(offset + Math.max(deleteLength - 1, 0)) + 1);
    const regionStart = this.starts[first];
    const region = this.chunks.slice(first, last + 1).join('');
    const local = offset - regionStart;
    const edited = region.slice(0, local) + insert + region.slice(local + deleteLength);
    const fresh = splitChunks(edited);
    const freshCounts = fresh.map((c) => countChunk(this.encoding, c));
    for (let i = first; i <= last; i++) this.sum -= this.counts[i];
    for (const n of freshCounts) this.sum += n;
    this.chunks.splice(first, last - first + 1, ...fresh);
    this.counts.splice(first, last - first + 1, ...freshCounts);
    this.reindex(first);
    return this.sum;
  }

  private chunkAt(offset: number): number {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  private reindex(from: number): void {
    this.starts.length = this.chunks.length;
    let pos = from > 0 ? this.starts[from - 1] + this.chunks[from - 1].length : 0;
    for (let i = from; i < this.chunks.length; i++) {
      this.starts[i] = pos;
      pos += this.chunks[i].length;
    }
  }
}
