/**
 * A vocabulary as one binary file the extension reads in a few milliseconds, instead of parsing megabytes of
 * JavaScript array literal: "PMV1", the token count n (u32), n lengths (u16; 0 = no token at that rank), then every
 * token's bytes in rank order. Built from gpt-tokenizer's data by `npm run build` (scripts/vocab.ts).
 */
const MAGIC = 'PMV1';

export function encodeVocabulary(ranks: Map<string, number>): Buffer {
  let n = 0;
  for (const rank of ranks.values()) n = Math.max(n, rank + 1);
  const byRank: string[] = new Array(n).fill('');
  for (const [bytes, rank] of ranks) byRank[rank] = bytes;
  const head = Buffer.alloc(8 + 2 * n);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(n, 4);
  byRank.forEach((b, r) => head.writeUInt16LE(b.length, 8 + 2 * r));
  return Buffer.concat([head, Buffer.from(byRank.join(''), 'latin1')]);
}

export function decodeVocabulary(buf: Buffer): Map<string, number> {
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a Promptmeter vocabulary file');
  const n = buf.readUInt32LE(4);
  const bytes = buf.toString('latin1', 8 + 2 * n);
  const ranks = new Map<string, number>();
  let at = 0;
  for (let r = 0; r < n; r++) {
    const len = buf.readUInt16LE(8 + 2 * r);
    if (len) ranks.set(bytes.slice(at, at + len), r);
    at += len;
  }
  if (at !== bytes.length) throw new Error('vocabulary file is truncated or damaged');
  return ranks;
}
