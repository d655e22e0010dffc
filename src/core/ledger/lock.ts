import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';

export interface FileLockOptions {
  /** A lock whose holder stopped refreshing it for this long is taken over (proper-lockfile minimum 2000). */
  staleMs?: number;
  /** Called when another process took the lock over while we held it (we were frozen past `staleMs`). */
  onCompromised?: (err: Error) => void;
}

// One queue per file inside this process, so concurrent calls wait in order instead of polling mkdir.
const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` holding the cross-process lock on `file` (`<file>.lock`, the file itself need not exist). */
export function withFileLock<T>(file: string, options: FileLockOptions, fn: () => Promise<T>): Promise<T> {
  const key = path.resolve(file);
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(() => lockAndRun(key, options, fn), () => lockAndRun(key, options, fn));
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => { if (queues.get(key) === tail) queues.delete(key); });
  return run;
}

async function lockAndRun<T>(file: string, options: FileLockOptions, fn: () => Promise<T>): Promise<T> {
  const staleMs = Math.max(options.staleMs ?? 10_000, 2000);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const release = await lockfile.lock(file, {
    realpath: false,
    stale: staleMs,
    // Backoff capped at 100 ms, long enough in total (about 3x stale) to outlast a dead holder's lock.
    retries: { retries: Math.ceil((3 * staleMs) / 100) + 25, factor: 1.3, minTimeout: 2, maxTimeout: 100, randomize: true },
    onCompromised: (err) => options.onCompromised?.(err),
  });
  try {
    return await fn();
  } finally {
    await release().catch((err: Error) => options.onCompromised?.(err));
  }
}
