import { Worker } from 'node:worker_threads';
import type { AnalysisBackend, AnalysisJob, AnalysisOutcome } from './types';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

export interface WorkerBackendOptions {
  /** The bundled worker script (dist/analysisWorker.js). */
  script: string;
  /** `promptmeter.analysis.timeLimitMs`: a version still running after this is given up and its worker replaced. */
  timeLimitMs(): number;
  /** Workers at most; each runs one job at a time, so one slow document leaves the others a worker. */
  size?: number;
  log(line: string): void;
}

interface Busy { id: number; uri: string; limit: number; resolve(o: AnalysisOutcome): void; timer?: ReturnType<typeof setTimeout> }
interface Slot { worker?: Worker; ready?: boolean; busy?: Busy; uris: Set<string>; whenReady?: (() => void)[] }
interface Queued { job: AnalysisJob; resolve(o: AnalysisOutcome): void }

/**
 * Runs analyses in worker threads. A job that exceeds the time limit fails with a message naming the setting,
 * and its worker is terminated (a synchronous parse cannot be interrupted any other way) and started afresh.
 */
export class WorkerBackend implements AnalysisBackend {
  private readonly slots: Slot[];
  private readonly queue: Queued[] = [];
  private nextId = 1;
  private disposed = false;

  constructor(private readonly options: WorkerBackendOptions) {
    this.slots = Array.from({ length: options.size ?? 2 }, () => ({ uris: new Set<string>() }));
  }

  analyze(job: AnalysisJob): Promise<AnalysisOutcome> {
    if (this.disposed) return Promise.resolve({ kind: 'failed', message: 'Promptmeter is shutting down' });
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.pump();
    });
  }

  /**
   * Starts a worker now, so the first prompt opened later is counted at once instead of after the worker has
   * loaded its parser, encoder and prices. Resolves when it is ready (at once if one is).
   */
  warm(): Promise<void> {
    const slot = this.slots[0];
    if (this.disposed || slot.ready) return Promise.resolve();
    if (!slot.worker) this.spawn(slot);
    return new Promise((resolve) => (slot.whenReady ??= []).push(resolve));
  }

  forget(uri: string): void {
    for (const slot of this.slots) {
      if (slot.uris.delete(uri)) slot.worker?.postMessage({ type: 'forget', uri } satisfies WorkerRequest);
    }
  }

  private pump(): void {
    for (let i = 0; i < this.queue.length; i++) {
      const { job } = this.queue[i];
      // At most one job per document runs at a time, so a slow document holds one worker, never all of them.
      if (this.slots.some((s) => s.busy?.uri === job.uri)) continue;
      const idle = this.slots.filter((s) => !s.busy);
      if (!idle.length) return;
      // Prefer the worker that holds this document's counts, so an edit re-encodes only what changed.
      const slot = idle.find((s) => s.uris.has(job.uri)) ?? idle.find((s) => s.uris.size === 0) ?? idle[0];
      const [next] = this.queue.splice(i--, 1);
      this.start(slot, next);
    }
  }

  private start(slot: Slot, { job, resolve }: Queued): void {
    const worker = slot.worker ?? this.spawn(slot);
    const id = this.nextId++;
    const limit = this.options.timeLimitMs();
    slot.busy = { id, uri: job.uri, limit, resolve };
    slot.uris.add(job.uri);
    if (slot.ready) this.startClock(slot);
    try {
      worker.postMessage({ type: 'analyze', id, job } satisfies WorkerRequest);
    } catch (err) {
      this.finish(slot, id, { kind: 'failed', message: `could not hand the document to the analysis worker: ${(err as Error).message}` });
    }
  }

  private startClock(slot: Slot): void {
    const busy = slot.busy;
    // setImmediate: a reply that arrived while this thread was busy is handled (poll phase) before the verdict.
    if (busy && busy.limit > 0 && !busy.timer) busy.timer = setTimeout(() => setImmediate(() => this.timedOut(slot, busy.id, busy.limit)), busy.limit);
  }

  private spawn(slot: Slot): Worker {
    const worker = new Worker(this.options.script);
    worker.unref();
    slot.ready = false;
    const spawnedAt = performance.now();
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'result') return this.finish(slot, reply.id, reply.outcome);
      if (slot.worker !== worker) return;
      this.options.log(`Analysis worker ready after ${Math.round(performance.now() - spawnedAt)} ms`);
      slot.ready = true;
      for (const resolve of slot.whenReady?.splice(0) ?? []) resolve();
      this.startClock(slot);
    });
    worker.on('error', (err) => {
      this.options.log(`Analysis worker failed: ${err.message}`);
      this.replace(slot, worker, `the analysis worker failed: ${err.message}`);
    });
    worker.on('exit', () => this.replace(slot, worker, 'the analysis worker stopped'));
    slot.worker = worker;
    return worker;
  }

  private finish(slot: Slot, id: number, outcome: AnalysisOutcome): void {
    const busy = slot.busy;
    if (!busy || busy.id !== id) return;
    clearTimeout(busy.timer);
    slot.busy = undefined;
    busy.resolve(outcome);
    this.pump();
  }

  private timedOut(slot: Slot, id: number, limit: number): void {
    if (slot.busy?.id !== id) return;
    this.options.log(`Analysis of ${slot.busy.uri} exceeded ${limit} ms; restarting its worker`);
    const worker = slot.worker;
    this.finish(slot, id, {
      kind: 'failed',
      message: `gave up counting after ${(limit / 1000).toLocaleString('en-US')} s; raise promptmeter.analysis.timeLimitMs to wait longer`,
    });
    if (worker) this.replace(slot, worker, 'timed out');
    void worker?.terminate();
  }

  /** Forget a worker that is gone or being terminated; the next job starts a fresh one. */
  private replace(slot: Slot, worker: Worker, reason: string): void {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    slot.uris.clear();
    for (const resolve of slot.whenReady?.splice(0) ?? []) resolve();
    if (slot.busy) this.finish(slot, slot.busy.id, { kind: 'failed', message: reason });
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    for (const q of this.queue.splice(0)) q.resolve({ kind: 'failed', message: 'Promptmeter is shutting down' });
    for (const slot of this.slots) {
      const w = slot.worker;
      slot.worker = undefined;
      if (slot.busy) this.finish(slot, slot.busy.id, { kind: 'failed', message: 'Promptmeter is shutting down' });
      void w?.terminate();
    }
  }
}
