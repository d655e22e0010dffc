import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { withFileLock } from '../ledger/lock';
import type { EvalRowResult } from '../eval/types';
import type { BatchJob } from './types';

/**
 * Batch jobs in one JSON file (`batches.json`) beside their results (`batch-<id>.results.jsonl`), shared by every
 * window and the CLI through a lock, so a job submitted before a reload is still polled and landed after it.
 */
export class BatchJobStore {
  readonly file: string;
  constructor(readonly dir: string) { this.file = path.join(dir, 'batches.json'); }

  async list(): Promise<BatchJob[]> {
    const text = await fs.readFile(this.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '{"jobs":[]}';
      throw err;
    });
    try {
      const v = JSON.parse(text) as { jobs?: unknown };
      return Array.isArray(v.jobs) ? (v.jobs as BatchJob[]).filter((j) => j && typeof j.id === 'string') : [];
    } catch {
      // A damaged file is kept aside for the user, never overwritten silently.
      throw new Error(`${this.file} is not valid JSON; move it away to start a new list of batch jobs`);
    }
  }

  async get(id: string): Promise<BatchJob | undefined> {
    return (await this.list()).find((j) => j.id === id);
  }

  /** Adds or replaces a job (by id), under the lock. */
  async put(job: BatchJob): Promise<void> {
    await this.update(job.id, () => job);
  }

  /** Read-modify-write of one job under the lock; `fn` gets the stored job (undefined: new). */
  async update(id: string, fn: (job: BatchJob | undefined) => BatchJob | undefined): Promise<BatchJob | undefined> {
    return withFileLock(this.file, {}, async () => {
      const jobs = await this.list();
      const i = jobs.findIndex((j) => j.id === id);
      const next = fn(i >= 0 ? jobs[i] : undefined);
      if (next && i >= 0) jobs[i] = next;
      else if (next) jobs.push(next);
      await writeAtomically(this.file, JSON.stringify({ jobs }, null, 1));
      return next;
    });
  }

  resultsFile(id: string): string {
    return path.join(this.dir, `batch-${id.replace(/[^\w.-]/g, '_')}.results.jsonl`);
  }

  async results(id: string): Promise<EvalRowResult[]> {
    const text = await fs.readFile(this.resultsFile(id), 'utf8').catch(() => '');
    const out: EvalRowResult[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try { out.push(JSON.parse(line) as EvalRowResult); } catch { /* torn line */ }
    }
    return out;
  }

  async writeResults(id: string, results: readonly EvalRowResult[]): Promise<void> {
    await writeAtomically(this.resultsFile(id), results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  }
}

/** Readers see the old file or the new one, never half of it. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, text);
  await fs.rename(tmp, file);
}
