import { promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withFileLock } from './lock';
import { LedgerPaths } from './paths';
import type { LedgerRecord } from './record';
import { inodeOf, openIfExists, recordsOf, LedgerTail, type LedgerPosition, type LedgerProblem } from './tail';
import { recordShapeProblem } from './validate';

export type { LedgerPosition, LedgerProblem } from './tail';

export interface LedgerOptions {
  path: string;
  /** Rotate before an append once the file is larger than this. */
  maxSizeBytes: number;
  /** Lines skipped while reading, and lock takeovers; never thrown. */
  onProblem?: (problem: LedgerProblem) => void;
  /** See `FileLockOptions.staleMs`. */
  staleLockMs?: number;
  now?: () => Date;
}

export interface ReadOptions {
  /** Skip records (and whole rotated files) older than this. */
  since?: Date;
  onProblem?: (problem: LedgerProblem) => void;
}

export interface WatchOptions {
  /** Continue from a `readAll()` position so nothing is missed or repeated; default: the current end. */
  from?: LedgerPosition;
  onProblem?: (problem: LedgerProblem) => void;
  /** Safety net for file systems where fs.watch misses events. */
  pollMs?: number;
  debounceMs?: number;
}

export interface LedgerWatch {
  /** Resolves once the watcher knows where the file ends: appends after this are reported. */
  readonly ready: Promise<void>;
  dispose(): void;
}

/** The append-only JSONL spend ledger, shared by every window and CLI process through a lock file. */
export class Ledger {
  readonly paths: LedgerPaths;
  private readonly now: () => Date;

  constructor(private readonly options: LedgerOptions) {
    this.paths = new LedgerPaths(options.path);
    this.now = options.now ?? (() => new Date());
  }

  get path(): string {
    return this.paths.file;
  }

  append(record: LedgerRecord): Promise<void> {
    return this.appendMany([record]);
  }

  /** Durable when it resolves: written with one write and fsynced before the lock is released. */
  async appendMany(records: readonly LedgerRecord[]): Promise<void> {
    if (records.length === 0) return;
    for (const r of records) {
      const problem = recordShapeProblem(r);
      if (problem) throw new Error(`Not appending ledger record ${String((r as { id?: unknown }).id)}: it ${problem}`);
    }
    const lines = records.map((r) => JSON.stringify(r) + '\n').join('');
    await this.withLock(() => this.appendLocked(lines));
  }

  /** Runs `fn` under the ledger's cross-process lock (not re-entrant: do not append inside it). */
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    return withFileLock(this.paths.file, {
      staleMs: this.options.staleLockMs,
      onCompromised: (err) => this.report({ file: this.paths.file, message: `ledger lock was taken over: ${err.message}` }),
    }, fn);
  }

  /** Every record, rotated files first (oldest first), streamed line by line. */
  async *read(options: ReadOptions = {}): AsyncGenerator<LedgerRecord> {
    const onProblem = (p: LedgerProblem) => { options.onProblem?.(p); this.report(p); };
    const since = options.since?.getTime();
    const keep = (r: LedgerRecord) => since === undefined || Date.parse(r.time) >= since;
    // Open the live file first: if it is rotated meanwhile we still read it through this handle.
    const current = await openIfExists(this.paths.file);
    try {
      const ino = current ? await inodeOf(current) : '';
      for (const part of await this.paths.listRotated()) {
        if (since !== undefined && part.rotatedAt.getTime() < since) continue;
        const handle = await openIfExists(part.file);
        if (!handle) continue;
        try {
          if (current && (await inodeOf(handle)) === ino) continue;
          for await (const r of recordsOf(handle, part.file, 0, 1, true, onProblem, () => undefined)) if (keep(r)) yield r;
        } finally {
          await handle.close();
        }
      }
      if (current) {
        for await (const r of recordsOf(current, this.paths.file, 0, 1, true, onProblem, () => undefined)) if (keep(r)) yield r;
      }
    } finally {
      await current?.close();
    }
  }

  /** All records in memory, with the skipped lines and where the live file ended (for `watch({from})`). */
  async readAll(options: ReadOptions = {}): Promise<{ records: LedgerRecord[]; problems: LedgerProblem[]; position: LedgerPosition }> {
    const records: LedgerRecord[] = [];
    const problems: LedgerProblem[] = [];
    const tail = new LedgerTail(this.paths);
    await tail.readNew((r) => records.push(r), (p) => problems.push(p), options.since);
    const since = options.since?.getTime();
    for (const p of problems) { options.onProblem?.(p); this.report(p); }
    const kept = since === undefined ? records : records.filter((r) => Date.parse(r.time) >= since);
    const position = tail.position ?? { ino: '', offset: 0, line: 1 };
    // A torn last line is not consumed by the tail but still belongs in the report.
    await this.reportTornEnd(position, problems, options);
    return { records: kept, problems, position };
  }

  /** Calls `onRecord` for records appended from now on (or after `from`), by this or any other process. */
  watch(onRecord: (record: LedgerRecord) => void, options: WatchOptions = {}): LedgerWatch {
    const tail = new LedgerTail(this.paths, options.from);
    const onProblem = (p: LedgerProblem) => { options.onProblem?.(p); this.report(p); };
    let disposed = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let again = false;
    const pump = async (): Promise<void> => {
      do {
        again = false;
        await tail.readNew((r) => { if (!disposed) onRecord(r); }, onProblem)
          .catch((err: Error) => onProblem({ file: this.paths.file, message: `reading new ledger records failed: ${err.message}` }));
      } while (again && !disposed);
    };
    const schedule = () => {
      if (disposed || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (running) { again = true; return; }
        running = pump().finally(() => { running = undefined; });
      }, options.debounceMs ?? 25);
    };
    const ready = (options.from ? Promise.resolve() : tail.seekToEnd())
      .catch((err: Error) => onProblem({ file: this.paths.file, message: `finding the end of the ledger failed: ${err.message}` }))
      .then(() => { if (!disposed) schedule(); });
    fs.mkdirSync(this.paths.dir, { recursive: true });
    let watcher: fs.FSWatcher | undefined;
    try {
      watcher = fs.watch(this.paths.dir, { persistent: false }, (_event, name) => {
        if (!name || name === path.basename(this.paths.file) || this.paths.isRotated(String(name))) schedule();
      });
      watcher.on('error', () => { watcher?.close(); watcher = undefined; });
    } catch {
      watcher = undefined;
    }
    const poll = setInterval(schedule, options.pollMs ?? 1000);
    poll.unref();
    return {
      ready,
      dispose: () => {
        disposed = true;
        watcher?.close();
        clearInterval(poll);
        if (timer) clearTimeout(timer);
      },
    };
  }

  private async appendLocked(lines: string): Promise<void> {
    await fsp.mkdir(this.paths.dir, { recursive: true });
    const rotated = await this.rotateIfLarge();
    const handle = await fsp.open(this.paths.file, 'a+');
    try {
      const { size } = await handle.stat();
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        // The previous writer died mid-line: end its torn line so ours starts fresh.
        if (last[0] !== 0x0a) prefix = '\n';
      }
      const data = Buffer.from(prefix + lines, 'utf8');
      for (let done = 0; done < data.length;) done += (await handle.write(data, done, data.length - done)).bytesWritten;
      await handle.sync();
      if (rotated || size === 0) await syncDir(this.paths.dir);
    } finally {
      await handle.close();
    }
  }

  /** Renames an oversized live file to `<stem>.<timestamp>.jsonl`; true when it did. */
  private async rotateIfLarge(): Promise<boolean> {
    let size: number;
    try {
      size = (await fsp.stat(this.paths.file)).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    if (size <= this.options.maxSizeBytes) return false;
    const at = this.now();
    for (let attempt = 0; ; attempt++) {
      const target = this.paths.rotatedName(at, attempt);
      if (fs.existsSync(target)) continue;
      await fsp.rename(this.paths.file, target);
      return true;
    }
  }

  private async reportTornEnd(position: LedgerPosition, problems: LedgerProblem[], options: ReadOptions): Promise<void> {
    const handle = await openIfExists(this.paths.file);
    if (!handle) return;
    try {
      if ((await inodeOf(handle)) !== position.ino) return;
      const { size } = await handle.stat();
      if (size <= position.offset) return;
      const p: LedgerProblem = { file: this.paths.file, line: position.line, message: `${path.basename(this.paths.file)} line ${position.line} is incomplete and was skipped` };
      problems.push(p);
      options.onProblem?.(p);
      this.report(p);
    } finally {
      await handle.close();
    }
  }

  private report(problem: LedgerProblem): void {
    this.options.onProblem?.(problem);
  }
}

async function syncDir(dir: string): Promise<void> {
  // Makes a new or renamed file's directory entry durable; not supported on Windows, where it is skipped.
  const handle = await fsp.open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
