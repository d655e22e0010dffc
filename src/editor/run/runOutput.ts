import * as vscode from 'vscode';
import { Disposable } from '../disposable';

export const RUN_SCHEME = 'promptmeter-run';

/** How often a growing answer is pushed to the editor: each delta is buffered, at most one refresh per tick. */
const REFRESH_MS = 50;

/** One run's view of its result document; once a newer run of the same file starts, its writes are dropped. */
export interface RunTab {
  readonly uri: vscode.Uri;
  /** 1 for the file's first run in this window, then 2, 3… */
  readonly n: number;
  /** False once a newer run of the same prompt file owns the document. */
  readonly live: boolean;
  append(text: string, immediate?: boolean): void;
  /** Replaces the whole text (the final answer may differ from what streamed, e.g. after a fallback). */
  set(text: string): void;
  text(): string;
}

/** The result document of a prompt file: one per file, its URI names the file (the query) so Run Again finds it. */
export function resultUri(promptUri: vscode.Uri): vscode.Uri {
  const base = promptUri.path.split('/').pop() || 'prompt';
  return vscode.Uri.from({ scheme: RUN_SCHEME, path: `/${base} · run.md`, query: promptUri.toString() });
}

/** The prompt file a result document belongs to. */
export function promptOfResult(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme !== RUN_SCHEME || !uri.query) return undefined;
  try {
    return vscode.Uri.parse(uri.query, true);
  } catch {
    return undefined;
  }
}

/** Read-only run documents (`promptmeter-run:`), one per prompt file and reused by its next run; text grows as the answer streams. */
export class RunOutputProvider extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly owner = new Map<string, number>();
  private readonly runs = new Map<string, number>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this._onDidChange.event;
  private seq = 0;

  constructor() {
    super();
    // Forget a run's text once its editor is closed (the run count stays, so the next header says run N+1).
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === RUN_SCHEME) this.texts.delete(d.uri.toString());
    }));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Starts a run of `promptUri`: its result document (the same one as last time) now shows `initial` only. */
  start(promptUri: vscode.Uri, initial: (n: number) => string): RunTab {
    const uri = resultUri(promptUri);
    const key = uri.toString();
    const id = ++this.seq;
    const n = (this.runs.get(key) ?? 0) + 1;
    this.runs.set(key, n);
    this.owner.set(key, id);
    this.texts.set(key, initial(n));
    this.flush(uri);
    const live = () => this.owner.get(key) === id;
    return {
      uri, n,
      get live() { return live(); },
      append: (text, immediate = false) => { if (live()) this.append(uri, text, immediate); },
      set: (text) => { if (live()) { this.texts.set(key, text); this.flush(uri); } },
      text: () => (live() ? this.texts.get(key) ?? '' : ''),
    };
  }

  private append(uri: vscode.Uri, text: string, immediate: boolean): void {
    const key = uri.toString();
    this.texts.set(key, (this.texts.get(key) ?? '') + text);
    if (immediate) return this.flush(uri);
    if (this.pending.has(key)) return;
    this.pending.set(key, setTimeout(() => this.flush(uri), REFRESH_MS));
  }

  private flush(uri: vscode.Uri): void {
    const key = uri.toString();
    const t = this.pending.get(key);
    if (t) clearTimeout(t);
    this.pending.delete(key);
    if (!this.isDisposed) this._onDidChange.fire(uri);
  }

  override dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    super.dispose();
  }
}
