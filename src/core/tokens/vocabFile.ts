/**
 * A vocabulary as one binary file that is used where it lies: loading it is a file read and a few checks, with no
 * 200k-entry Map to build (that cost ~60% of the analysis worker's start, issue 8). Written by `npm run build`
 * (scripts/vocab.ts) from gpt-tokenizer's data. Layout, all u32 little-endian:
 *   "PMV2" | n (tokens) | slots (hash table size, a power of two ≥ 2n) | byteLength | CRC-32 of all but magic and itself
 *   table[slots]: rank + 1 or 0 (empty); a token is found from FNV-1a of its bytes by linear probing
 *   then bytes: lengths[n] (u8; 0 = no token at that rank), every token's bytes in rank order, zeros to a multiple of 4
 */
import * as zlib from 'node:zlib';

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

/** CRC-32 of the header's counts and everything after the header (not the magic, not the checksum itself). */
function checksumOf(file: Buffer): number {
  return crc32(file.subarray(20), crc32(file.subarray(4, 16), 0));
}

let crcTable: Int32Array | undefined;
/** zlib's native CRC-32 (~1 ms for 4 MB; Node ≥ 20.15), else the same CRC in JavaScript. */
function crc32(data: Uint8Array, value: number): number {
  const native = (zlib as { crc32?: (d: Uint8Array, v: number) => number }).crc32;
  return typeof native === 'function' ? native(data, value) : jsCrc32(data, value);
}

/** CRC-32 (zlib's polynomial) in JavaScript, for hosts whose Node has no zlib.crc32. */
export function jsCrc32(data: Uint8Array, value: number): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c;
    }
  }
  let c = ~value;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

export function encodeVocabulary(ranks: Map<string, number>): Buffer {
  let n = 0;
  for (const rank of ranks.values()) n = Math.max(n, rank + 1);
  const byRank: string[] = new Array(n).fill('');
  for (const [bytes, rank] of ranks) byRank[rank] = bytes;
  let slots = 1;
  while (slots < 2 * n) slots *= 2;
  const bytes = Buffer.from(byRank.join(''), 'latin1');
  const tail = (n + bytes.length + 3) & ~3;
  const words = new Int32Array((HEADER + 4 * slots + tail) / 4);
  const out = Buffer.from(words.buffer);
  const lengthsAt = HEADER + 4 * slots;
  byRank.forEach((b, r) => {
    if (b.length > 255) throw new Error(`token ${r} has ${b.length} bytes; the file format allows 255`);
    out[lengthsAt + r] = b.length;
    if (!b) return;
    let s = hashOf(b) & (slots - 1);
    while (words[5 + s] !== 0) s = (s + 1) & (slots - 1);
    words[5 + s] = r + 1;
  });
  bytes.copy(out, lengthsAt + n);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(n, 4);
  out.writeUInt32LE(slots, 8);
  out.writeUInt32LE(bytes.length, 12);
  out.writeUInt32LE(checksumOf(out), 16);
  return out;
}

/** The vocabulary in a PMV2 file, answered from the file's bytes. Throws on any other or damaged file. */
export class VocabularyFile implements Vocabulary {
  readonly size: number;
  private readonly offsets: Uint32Array;
  private readonly table: Uint32Array;
  private readonly bytes: Uint8Array;
  private readonly mask: number;
  /**
   * Rank of each 1- and 2-byte token by its bytes (b0 or 256 + b0 * 256 + b1), -1 if none: most lookups in a merge are
   * pairs. Filled from the file at load, never from lookups: vocabulary, not a memo, so clearCountMemo leaves it and a
   * "cold" count stays cold.
   */
  private readonly short = new Int32Array(256 + 65536).fill(-1);

  constructor(file: Buffer) {
    if (file.length < HEADER || file.toString('latin1', 0, 4) !== MAGIC) {
      throw new Error(`not a Promptmeter vocabulary file (expected "${MAGIC}"; rebuild with npm run build)`);
    }
    // Typed arrays need an aligned start; a Buffer from readFileSync is, a slice of a pooled one may not be.
    const buf = file.byteOffset % 4 === 0 ? file : Buffer.from(file);
    const damaged = () => new Error('vocabulary file is truncated or damaged (rebuild with npm run build)');
    if (buf.length % 4 !== 0) throw damaged();
    const n = buf.readUInt32LE(4);
    const slots = buf.readUInt32LE(8);
    const byteLength = buf.readUInt32LE(12);
    const lengthsAt = HEADER + 4 * slots;
    if (slots === 0 || (slots & (slots - 1)) !== 0 || slots < 2 * n || buf.length !== ((lengthsAt + n + byteLength + 3) & ~3)
      || checksumOf(buf) !== buf.readUInt32LE(16)) throw damaged();
    this.table = new Uint32Array(buf.buffer, buf.byteOffset + HEADER, slots);
    this.bytes = new Uint8Array(buf.buffer, buf.byteOffset + lengthsAt + n, byteLength);
    this.mask = slots - 1;
    const lengths = new Uint8Array(buf.buffer, buf.byteOffset + lengthsAt, n);
    const o = (this.offsets = new Uint32Array(n + 1));
    const data = this.bytes;
    const short = this.short;
    let size = 0;
    let at = 0;
    for (let r = 0; r < n; r++) {
      const len = lengths[r];
      o[r] = at;
      if (len > 0) size++;
      if (len === 1) short[data[at]] = r;
      else if (len === 2) short[256 + data[at] * 256 + data[at + 1]] = r;
      at += len;
    }
    o[n] = at;
    if (at !== byteLength) throw damaged();
    this.size = size; // the table's slots need no check: the CRC says they are the ones encodeVocabulary wrote
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
