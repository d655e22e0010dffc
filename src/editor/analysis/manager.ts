import type { DocumentTracker, TrackedDocument } from '../tracker/documentTracker';
import { Emitter } from '../tracker/event';
import type { AnalysisBackend, AnalysisJob, AnalysisState } from './types';

export interface AnalysisManagerOptions<D> {
  backend: AnalysisBackend;
  /** The job for a document without its text and version, or undefined when it is not a prompt. */
  job(document: D): Omit<AnalysisJob, 'uri' | 'version' | 'text'> | undefined;
  /** `promptmeter.analysis.maxSizeKB`: larger documents are not analysed live. */
  maxSizeKB(): number;
  log(line: string): void;
}

interface Waiter { version: number; resolve(state: AnalysisState): void }

/**
 * Analyses each version the tracker reports ready, one at a time per document, and keeps its state. A failure is
 * kept as that version's state: asking again returns it, so nothing retries until the next edit or refresh.
 */
export class AnalysisManager<D extends TrackedDocument> {
  private readonly states = new Map<string, AnalysisState>();
  /** Per document, the version being analysed and its job (version, options), so the same job is not queued twice. */
  private readonly running = new Map<string, { version: number; job: string }>();
  private readonly queued = new Map<string, { document: D; ignoreSizeCap: boolean }>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly subscriptions: { dispose(): void }[] = [];
  private readonly _onDidUpdate = new Emitter<D>();
  /** A document's state changed (after it has been stored). */
  readonly onDidUpdate = this._onDidUpdate.event;
  private disposed = false;

  constructor(private readonly tracker: DocumentTracker<D>, private readonly options: AnalysisManagerOptions<D>) {
    this.subscriptions.push(
      tracker.onDidBecomeReady(({ document }) => this.run(document)),
      tracker.onDidClose((d) => this.forget(d)),
    );
  }

  /** A tracked document closed (the tracker's event, for consumers of the analyses). */
  get onDidClose() { return this.tracker.onDidClose; }

  /** The state of the document's current version, if it has one yet. */
  latest(document: D): AnalysisState | undefined {
    const s = this.states.get(document.uri.toString());
    return s?.version === document.version ? s : undefined;
  }

  /**
   * The current version's state: at once when known, else once it is computed. Starts the analysis only when
   * nothing else will (no debounce pending and none running), e.g. for a document open before activation.
   */
  get(document: D): Promise<AnalysisState> {
    const known = this.latest(document);
    if (known) return Promise.resolve(known);
    const key = document.uri.toString();
    const p = new Promise<AnalysisState>((resolve) => {
      const list = this.waiters.get(key) ?? [];
      list.push({ version: document.version, resolve });
      this.waiters.set(key, list);
    });
    if (!this.tracker.isPending(document) && this.running.get(key)?.version !== document.version) this.run(document);
    return p;
  }

  /**
   * `get`, without waiting out the tracker's debounce: for the CodeLens provider, whose requests VS Code already
   * debounces. Waiting twice made a lens follow an edit in about a second (VS Code adapts its delay to ours).
   */
  getNow(document: D): Promise<AnalysisState> {
    this.tracker.flush(document);
    return this.get(document);
  }

  /** Analyse the current version once even above the size cap (the "count once" command). */
  countOnce(document: D): Promise<AnalysisState> {
    const p = new Promise<AnalysisState>((resolve) => {
      const key = document.uri.toString();
      const list = this.waiters.get(key) ?? [];
      list.push({ version: document.version, resolve });
      this.waiters.set(key, list);
    });
    this.run(document, true);
    return p;
  }

  private run(document: D, ignoreSizeCap = false): void {
    const key = document.uri.toString();
    if (this.disposed || document.isClosed) return;
    const version = document.version;
    const base = this.options.job(document);
    // The same version with the same job already running (two ready events for one open): its answer will do.
    const job = JSON.stringify([version, base, ignoreSizeCap]);
    if (this.running.get(key)?.job === job) return;
    // One analysis per document at a time; the newest waiting version runs next.
    if (this.running.has(key)) return void this.queued.set(key, { document, ignoreSizeCap });
    if (!base) return this.settle(document, { kind: 'not-a-prompt', version });
    const text = document.getText();
    const sizeKB = Math.ceil(text.length / 1024);
    const limitKB = this.options.maxSizeKB();
    if (!ignoreSizeCap && limitKB > 0 && sizeKB > limitKB) return this.settle(document, { kind: 'too-large', version, sizeKB, limitKB });
    this.running.set(key, { version, job });
    void this.options.backend.analyze({ ...base, uri: key, version, text }).then(
      (outcome) => outcome,
      (err: unknown) => ({ kind: 'failed' as const, message: (err as Error)?.message ?? String(err) }),
    ).then((outcome) => {
      this.running.delete(key);
      if (this.disposed) return;
      if (outcome.kind === 'failed') this.options.log(`Counting ${document.fileName} (version ${version}) failed: ${outcome.message}`);
      if (!document.isClosed) this.settle(document, { ...outcome, version });
      const next = this.queued.get(key);
      this.queued.delete(key);
      if (next && !next.document.isClosed) this.run(next.document, next.ignoreSizeCap);
    });
  }

  private settle(document: D, state: AnalysisState): void {
    const key = document.uri.toString();
    const prev = this.states.get(key);
    if (prev && prev.version > state.version) return;
    this.states.set(key, state);
    // Waiters for this version get it; those for older versions get it too and see that their version moved on.
    const list = this.waiters.get(key) ?? [];
    const keep = list.filter((w) => w.version > state.version);
    for (const w of list) if (w.version <= state.version) w.resolve(state);
    if (keep.length) this.waiters.set(key, keep); else this.waiters.delete(key);
    this._onDidUpdate.fire(document);
  }

  private forget(document: D): void {
    const key = document.uri.toString();
    this.states.delete(key);
    this.queued.delete(key);
    for (const w of this.waiters.get(key) ?? []) w.resolve({ kind: 'not-a-prompt', version: w.version });
    this.waiters.delete(key);
    this.options.backend.forget(key);
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this._onDidUpdate.dispose();
    this.options.backend.dispose();
  }
}
