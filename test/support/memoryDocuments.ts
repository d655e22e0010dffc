import { Emitter } from '../../src/editor/tracker/event';
import type { DocumentChange, DocumentSource, TrackedDocument } from '../../src/editor/tracker/documentTracker';

/** An open document held in memory, as VS Code's Markdown extension tests use (InMemoryDocument). */
export class MemoryDocument implements TrackedDocument {
  version = 1;
  isClosed = false;
  constructor(readonly uri: string, private text: string, readonly fileName = uri, readonly languageId = 'plaintext') {}
  getText(): string { return this.text; }
  setText(text: string): void { this.text = text; this.version++; }
}

/** An in-memory workspace that fires the events a DocumentTracker listens to. */
export class MemoryWorkspace implements DocumentSource<MemoryDocument> {
  private readonly open = new Map<string, MemoryDocument>();
  private readonly opened = new Emitter<MemoryDocument>();
  private readonly changed = new Emitter<DocumentChange<MemoryDocument>>();
  private readonly closed = new Emitter<MemoryDocument>();
  readonly onDidOpen = this.opened.event;
  readonly onDidChange = this.changed.event;
  readonly onDidClose = this.closed.event;

  documents(): MemoryDocument[] { return [...this.open.values()]; }

  openDocument(fileName: string, text: string): MemoryDocument {
    const d = new MemoryDocument(`memory:${fileName}`, text, fileName);
    this.open.set(d.uri, d);
    this.opened.fire(d);
    return d;
  }

  edit(d: MemoryDocument, text: string): void {
    d.setText(text);
    this.changed.fire({ document: d, contentChanges: [{ text }] });
  }

  close(d: MemoryDocument): void {
    d.isClosed = true;
    this.open.delete(d.uri);
    this.closed.fire(d);
  }
}

/** Resolves with the next value an event fires that satisfies `test`. */
export function nextEvent<T>(event: (l: (e: T) => void) => { dispose(): void }, test: (e: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const sub = event((e) => { if (test(e)) { sub.dispose(); resolve(e); } });
  });
}
