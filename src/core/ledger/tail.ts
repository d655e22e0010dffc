import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { readLineBatches } from './lines';
import type { LedgerPaths } from './paths';
import type { LedgerRecord } from './record';
import { parseLedgerLines } from './validate';

/** A place in the live ledger file: which file (by inode, which survives the rotation rename) and how far. */
export interface LedgerPosition {
  ino: string;
  /** Byte offset just after the last complete line read. */
  offset: number;
  /** Number of the next line. */
  line: number;
}

export interface LedgerProblem {
  file: string;
  /** 1-based line number, when the problem is about one line. */
  line?: number;
  message: string;
}

export type ProblemSink = (problem: LedgerProblem) => void;

export async function openIfExists(file: string): Promise<FileHandle | undefined> {
  try {
    return await fsp.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export async function inodeOf(handle: FileHandle): Promise<string> {
  return String((await handle.stat({ bigint: true })).ino);
}

/**
 * Records of one file from `start`, a chunk at a time. An incomplete last line is never consumed; it is reported
 * only when `reportIncomplete` (a finished file, or a full read), since a live tail may be looking at a write in flight.
 */
export async function* recordBatchesOf(
  handle: FileHandle, file: string, start: number, firstLine: number, reportIncomplete: boolean,
  onProblem: ProblemSink, advance: (offset: number, nextLine: number) => void,
): AsyncGenerator<LedgerRecord[]> {
  const name = path.basename(file);
  for await (const b of readLineBatches(handle, start, firstLine)) {
    if ('incomplete' in b) {
      const l = b.incomplete;
      if (reportIncomplete) onProblem({ file, line: l.line, message: `${name} line ${l.line} is incomplete and was skipped` });
      return;
    }
    const records: LedgerRecord[] = [];
    parseLedgerLines(b.texts, b.firstLine, (r) => records.push(r),
      (line, problem) => onProblem({ file, line, message: `${name} line ${line} ${problem} and was skipped` }));
    advance(b.end, b.firstLine + b.texts.length);
    yield records;
  }
}

/** Records of one file from `start`, one at a time (see `recordBatchesOf`). */
export async function* recordsOf(
  handle: FileHandle, file: string, start: number, firstLine: number, reportIncomplete: boolean,
  onProblem: ProblemSink, advance: (offset: number, nextLine: number) => void,
): AsyncGenerator<LedgerRecord> {
  for await (const batch of recordBatchesOf(handle, file, start, firstLine, reportIncomplete, onProblem, advance)) yield* batch;
}

/**
 * Reads what was appended since the last call, following the file across rotations. Callers that need a
 * consistent view (the budget) call it under the ledger lock; the live watcher calls it without.
 */
export class LedgerTail {
  constructor(private readonly paths: LedgerPaths, private pos?: LedgerPosition) {}

  get position(): LedgerPosition | undefined {
    return this.pos ? { ...this.pos } : undefined;
  }

  /**
   * New records since the last call. When the old position is lost (its file is gone), `onReset` is called
   * and everything is read again; returns false then, and on the first read.
   */
  async readNew(onRecord: (r: LedgerRecord) => void, onProblem: ProblemSink, rotatedSince?: Date, onReset?: () => void): Promise<boolean> {
    const current = await openIfExists(this.paths.file);
    try {
      const ino = current ? await inodeOf(current) : '';
      const size = current ? (await current.stat()).size : 0;
      if (this.pos && current && ino === this.pos.ino && size >= this.pos.offset) {
        await this.drain(current, this.paths.file, ino, this.pos.offset, this.pos.line, onRecord, onProblem);
        return true;
      }
      // No file existed at our last read: the new file is all new.
      let incremental = this.pos?.ino === '';
      const rotated = incremental ? [] : await this.paths.listRotated();
      let parts = rotated;
      if (this.pos && !incremental) {
        // The file we were reading was rotated: finish it, then every part rotated after it, then the new file.
        const old = await findByInode(rotated.map((r) => r.file), this.pos.ino);
        if (old) {
          await readWhole(old.handle, old.file, this.pos.offset, this.pos.line, onRecord, onProblem).finally(() => old.handle.close());
          parts = rotated.slice(old.index + 1);
          incremental = true;
        } else {
          onReset?.();
        }
      }
      for (const part of parts) {
        if (!incremental && rotatedSince && part.rotatedAt < rotatedSince) continue;
        const handle = await openIfExists(part.file);
        if (!handle) continue;
        try {
          // Rotated after we opened the current file: that content is read below through our handle.
          if (current && (await inodeOf(handle)) === ino) continue;
          await readWhole(handle, part.file, 0, 1, onRecord, onProblem);
        } finally {
          await handle.close();
        }
      }
      this.pos = { ino, offset: 0, line: 1 };
      if (current) await this.drain(current, this.paths.file, ino, 0, 1, onRecord, onProblem);
      return incremental;
    } finally {
      await current?.close();
    }
  }

  /** Starts the tail at the end of the last complete line, without parsing what came before. */
  async seekToEnd(): Promise<void> {
    const current = await openIfExists(this.paths.file);
    if (!current) {
      this.pos = { ino: '', offset: 0, line: 1 };
      return;
    }
    try {
      let offset = 0;
      let line = 1;
      for await (const b of readLineBatches(current)) if (!('incomplete' in b)) { offset = b.end; line = b.firstLine + b.texts.length; }
      this.pos = { ino: await inodeOf(current), offset, line };
    } finally {
      await current.close();
    }
  }

  private async drain(
    handle: FileHandle, file: string, ino: string, offset: number, line: number,
    onRecord: (r: LedgerRecord) => void, onProblem: ProblemSink,
  ): Promise<void> {
    const advance = (o: number, l: number) => { this.pos = { ino, offset: o, line: l }; };
    for await (const batch of recordBatchesOf(handle, file, offset, line, false, onProblem, advance)) for (const r of batch) onRecord(r);
  }
}

async function readWhole(
  handle: FileHandle, file: string, offset: number, line: number, onRecord: (r: LedgerRecord) => void, onProblem: ProblemSink,
): Promise<void> {
  for await (const batch of recordBatchesOf(handle, file, offset, line, true, onProblem, () => undefined)) for (const r of batch) onRecord(r);
}

async function findByInode(files: string[], ino: string): Promise<{ file: string; index: number; handle: FileHandle } | undefined> {
  for (let index = files.length - 1; index >= 0; index--) {
    const file = files[index];
    const handle = await openIfExists(file);
    if (!handle) continue;
    if ((await inodeOf(handle)) === ino) return { file, index, handle };
    await handle.close();
  }
  return undefined;
}
