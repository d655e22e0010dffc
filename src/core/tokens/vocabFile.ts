/**
 * A vocabulary as one binary file that is used where it lies: loading it is a file read and a few checks, with no
 * 200k-entry Map to build (that cost ~60% of the analysis worker's start, issue 8). Written by `npm run build`
 * (scripts/vocab.ts) from gpt-tokenizer's data. Layout, all u32 little-endian:
 *   "PMV2" | n (tokens) | slots (hash table size, a power of two ≥ 2n) | byteLength | checksum of everything after the header
 *   offsets[n + 1]: token r is bytes[offsets[r] .. offsets[r + 1]) (empty = no token at rank r)
 *   table[slots]: rank + 1 or 0 (empty); a token is found from FNV-1a of its bytes by linear probing
 *   bytes, padded with zeros to a multiple of 4
 */
const MAGIC = 'PMV2';
const HEADER = 20;

/** What the byte-pair counter needs of a vocabulary: a Map<string, number> is one too (gpt-tokenizer's data). */
export interface Vocabulary {
  /** Rank of a token given as a byte string (one char per byte), or undefined when it is not a token. */
  get(bytes: string): number | undefined;
}

/** FNV-1a over a byte string's char codes. */
function hashOf(bytes: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A cheap order-sensitive checksum of every u32 word but the magic and the checksum itself (catches flipped or shifted bytes, not tampering). */
function checksumOf(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 1; i < words.length; i++) if (i !== 4) h = Math.imul(h ^ words[i], 16777619) + i;
  return h >>> 0;
}

export function encodeVocabulary(ranks: Map<string, number>): Buffer {
  let n = 0;
  for (const rank of ranks.values()) n = Math.max(n, rank + 1);
  const byRank: string[] = new Array(n).fill('');
  for (const [bytes, rank] of ranks) byRank[rank] = bytes;
  let slots = 1;
  while (slots < 2 * n) slots *= 2;
  const bytes = Buffer.from(byRank.join(''), 'latin1');
  const padded = (bytes.length + 3) & ~3;
  const words = new Uint32Array((HEADER + 4 * (n + 1) + 4 * slots + padded) / 4);
  words[1] = n;
  words[2] = slots;
  words[3] = bytes.length;
  const offsets = 5;
  const table = offsets + n + 1;
  let at = 0;
  byRank.forEach((b, r) => {
    words[offsets + r] = at;
    at += b.length;
    if (!b) return;
    let s = hashOf(b) & (slots - 1);
    while (words[table + s] !== 0) s = (s + 1) & (slots - 1);
    words[table + s] = r + 1;
  });
  words[offsets + n] = at;
  const out = Buffer.from(words.buffer);
  bytes.copy(out, 4 * (table + slots));
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(checksumOf(words), 16);
  return out;
}

/** The vocabulary in a PMV2 file, answered from the file's bytes. Throws on any other or damaged file. */
export class VocabularyFile implements Vocabulary {
  readonly size: number;
  private readonly offsets: Uint32Array;
  private readonly table: Uint32Array;
  private readonly bytes: Uint8Array;
  private readonly mask: number;
  /** Rank of each 1- and 2-byte token by its bytes (b0 or 256 + b0 * 256 + b1), -1 if none: most lookups in a merge are pairs. */
  private readonly short = new Int32Array(256 + 65536).fill(-1);

  constructor(file: Buffer) {
    if (file.length < HEADER || file.toString('latin1', 0, 4) !== MAGIC) {
      throw new Error(`not a Promptmeter vocabulary file (expected "${MAGIC}"; rebuild with npm run build)`);
    }
    // Typed arrays need an aligned start; a Buffer from readFileSync is, a slice of a pooled one may not be.
    const buf = file.byteOffset % 4 === 0 ? file : Buffer.from(file);
    const words = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
    const [, n, slots, byteLength, checksum] = words;
    const tableAt = 5 + n + 1;
    const bytesAt = 4 * (tableAt + slots);
    const damaged = () => new Error('vocabulary file is truncated or damaged (rebuild with npm run build)');
    if (buf.length % 4 !== 0 || slots === 0 || (slots & (slots - 1)) !== 0 || slots < 2 * n
      || buf.length !== bytesAt + ((byteLength + 3) & ~3) || checksumOf(words) !== checksum) throw damaged();
    this.size = 0;
    this.offsets = words.subarray(5, tableAt);
    this.table = words.subarray(tableAt, tableAt + slots);
    this.bytes = new Uint8Array(buf.buffer, buf.byteOffset + bytesAt, byteLength);
    this.mask = slots - 1;
    const o = this.offsets;
    if (o[0] !== 0 || o[n] !== byteLength) throw damaged();
    for (let r = 0; r < n; r++) {
      const len = o[r + 1] - o[r];
      if (len < 0) throw damaged();
      if (len > 0) this.size++;
      if (len === 1) this.short[this.bytes[o[r]]] = r;
      else if (len === 2) this.short[256 + this.bytes[o[r]] * 256 + this.bytes[o[r] + 1]] = r;
    }
    for (let s = 0; s < slots; s++) if (this.table[s] > n) throw damaged();
  }

  get(bytes: string): number | undefined {
    const len = bytes.length;
    if (len <= 2) {
      const r = len === 1 ? this.short[bytes.charCodeAt(0) & 0xff] : len === 2 ? this.short[256 + (bytes.charCodeAt(0) & 0xff) * 256 + (bytes.charCodeAt(1) & 0xff)] : -1;
      return r < 0 || bytes.charCodeAt(0) > 0xff || bytes.charCodeAt(len - 1) > 0xff ? undefined : r;
    }
    const { table, offsets, bytes: data, mask } = this;
    for (let s = hashOf(bytes) & mask; ; s = (s + 1) & mask) {
      const slot = table[s];
      if (slot === 0) return undefined;
      const start = offsets[slot - 1];
      if (offsets[slot] - start !== len) continue;
      let i = 0;
      while (i < len && data[start + i] === bytes.charCodeAt(i)) i++;
      if (i === len) return slot - 1;
    }
  }

  /** Every token as [byte string, rank], in rank order. */
  *entries(): IterableIterator<[string, number]> {
    const o = this.offsets;
    for (let r = 0; r + 1 < o.length; r++) {
      if (o[r + 1] > o[r]) yield [Buffer.from(this.bytes.buffer, this.bytes.byteOffset + o[r], o[r + 1] - o[r]).toString('latin1'), r];
    }
  }
}

/** Reads a vocabulary file's bytes (see VocabularyFile). */
export function decodeVocabulary(buf: Buffer): VocabularyFile {
  return new VocabularyFile(buf);
}
