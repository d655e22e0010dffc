import type { FileHandle } from 'node:fs/promises';

export interface FileLine {
  /** 1-based line number within the file. */
  line: number;
  text: string;
  /** Byte offset just after this line (and its "\n" when complete). */
  end: number;
  /** False for a last line with no "\n": torn by a killed writer, or still being written. */
  complete: boolean;
}

/** Complete lines read in one chunk: `texts[i]` is line `firstLine + i`; `end` is the byte offset after the last. */
export interface LineBatch {
  firstLine: number;
  texts: string[];
  end: number;
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The lines of an open file from `start`, a few megabytes at a time: one read, one UTF-8 decode and one split
 * per chunk instead of per line. A last line without "\n" is returned apart as `incomplete`, never in a batch.
 */
export async function* readLineBatches(handle: FileHandle, start = 0, firstLine = 1): AsyncGenerator<LineBatch | { incomplete: FileLine }> {
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let filled = 0;
  let offset = start;
  let line = firstLine;
  for (;;) {
    if (filled === buf.length) {
      // One line longer than the buffer: grow it rather than split the line.
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
    }
    const { bytesRead } = await handle.read(buf, filled, buf.length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
    const lastNl = buf.lastIndexOf(10, filled - 1);
    if (lastNl === -1) continue;
    const texts = buf.toString('utf8', 0, lastNl).split('\n');
    yield { firstLine: line, texts, end: offset + lastNl + 1 };
    line += texts.length;
    offset += lastNl + 1;
    const rest = filled - (lastNl + 1);
    if (rest > 0) {
      // The carried tail of a long line would overflow a fresh chunk read; copyWithin keeps the buffer.
      buf.copyWithin(0, lastNl + 1, filled);
    }
    filled = rest;
  }
  if (filled > 0) yield { incomplete: { line, text: buf.toString('utf8', 0, filled), end: offset + filled, complete: false } };
}
