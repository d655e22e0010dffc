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

/**
 * Streams the lines of an open file from `start`, splitting on raw "\n" bytes so byte offsets stay exact
 * (readline hides whether the last line had its newline, which is how a torn write is recognised).
 */
export async function* readLines(handle: FileHandle, start = 0, firstLine = 1): AsyncGenerator<FileLine> {
  let offset = start;
  let line = firstLine;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const stream = handle.createReadStream({ start, autoClose: false, highWaterMark: 256 * 1024 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
      const piece = chunk.subarray(from, nl);
      const bytes = pending.length ? Buffer.concat([...pending, piece]) : piece;
      offset += pendingBytes + piece.length + 1;
      pending = [];
      pendingBytes = 0;
      yield { line: line++, text: bytes.toString('utf8'), end: offset, complete: true };
      from = nl + 1;
    }
    if (from < chunk.length) {
      pending.push(chunk.subarray(from));
      pendingBytes += chunk.length - from;
    }
  }
  if (pendingBytes > 0) {
    yield { line, text: Buffer.concat(pending).toString('utf8'), end: offset + pendingBytes, complete: false };
  }
}
