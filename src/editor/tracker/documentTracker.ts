import { Emitter, type Event } from './event';

/** What the tracker needs of a document; `vscode.TextDocument` has it, and so do the tests' in-memory documents. */
export interface TrackedDocument {
  readonly uri: { toString(): string };
  readonly version: number;
  readonly isClosed: boolean;
  readonly fileName: string;
  readonly languageId: string;
  getText(): string;
}

export interface DocumentChange<D> { document: D; contentChanges: readonly unknown[] }

/** Document events, from `vscode.workspace` in the editor and from an in-memory workspace in tests. */
export interface DocumentSource<D extends TrackedDocument> {
  documents(): readonly D[];
  onDidOpen: Event<D>;
  onDidChange: Event<DocumentChange<D>>;
  onDidClose: Event<D>;
}

/** `edited`: the version came from typing (not an open or a refresh), for consumers with a longer pause of their own. */
export interface ReadyDocument<D> { document: D; version: number; edited: boolean }

export interface TrackerOptions<D> {
  /** Delay after the last edit before a version is ready (`promptmeter.debounceMs`). */
  debounceMs(): number;
  /** Whether a document is followed at all (a prompt file). */
  isTracked(document: D): boolean;
}

/**
 * The one owner of document events, the debounce and the version check: emits "version N of this document is
 * ready" once typing has paused, and never for a version that has already moved on. Analysis and lint consume it.
 */
export class DocumentTracker<D extends TrackedDocument> {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: { dispose(): void }[] = [];
  private readonly _onDidBecomeReady = new Emitter<ReadyDocument<D>>();
  private readonly _onDidClose = new Emitter<D>();
  readonly onDidBecomeReady = this._onDidBecomeReady.event;
  readonly onDidClose = this._onDidClose.event;

  constructor(private readonly source: DocumentSource<D>, private readonly options: TrackerOptions<D>) {
    this.subscriptions.push(
      source.onDidOpen((d) => this.schedule(d, 0, false)),
      source.onDidChange((e) => { if (e.contentChanges.length) this.schedule(e.document, options.debounceMs(), true); }),
      source.onDidClose((d) => this.close(d)),
    );
  }

  /** Every open tracked document, e.g. to start on those open before activation. */
  documents(): D[] { return this.source.documents().filter((d) => !d.isClosed && this.options.isTracked(d)); }

  /** Whether a ready event for this document is still to come (typing has not paused yet). */
  isPending(document: D): boolean { return this.timers.has(document.uri.toString()); }

  /** Emit the current version of every open tracked document (matching `filter`) again at once, e.g. after a settings change. */
  refresh(filter: (d: D) => boolean = () => true): void {
    for (const d of this.documents()) if (filter(d)) this.schedule(d, 0, false);
  }

  /**
   * Emit a pending version now instead of at the end of its debounce: for a consumer whose own caller already waited
   * for typing to pause (VS Code asks for CodeLenses only after its own debounce of 250 ms or more).
   */
  flush(document: D): void {
    const key = document.uri.toString();
    const timer = this.timers.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(key);
    if (!document.isClosed) this._onDidBecomeReady.fire({ document, version: document.version, edited: true });
  }

  /** Whether any tracked document is waiting for typing to pause. */
  hasPending(): boolean { return this.timers.size > 0; }

  private schedule(document: D, delay: number, edited: boolean): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    if (!this.options.isTracked(document)) return void this.timers.delete(key);
    const version = document.version;
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      // A newer edit has its own timer; this version no longer exists.
      if (!document.isClosed && document.version === version) this._onDidBecomeReady.fire({ document, version, edited });
    }, delay));
  }

  private close(document: D): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this._onDidClose.fire(document);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this._onDidBecomeReady.dispose();
    this._onDidClose.dispose();
  }
}
