import * as vscode from 'vscode';
import { Disposable } from '../disposable';

export const RUN_SCHEME = 'promptmeter-run';

/** How often a growing answer is pushed to the editor: each delta is buffered, at most one refresh per tick. */
const REFRESH_MS = 50;

/** Read-only run documents (`promptmeter-run:`) whose text grows as the answer streams in. */
export class RunOutputProvider extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this._onDidChange.event;
  private seq = 0;

  constructor() {
    super();
    // Forget a run's text once its editor is closed.
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === RUN_SCHEME) this.texts.delete(d.uri.toString());
    }));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A new, empty run document named after the prompt file. */
  create(promptUri: vscode.Uri, initial: string): vscode.Uri {
    const base = promptUri.path.split('/').pop() || 'prompt';
    const uri = vscode.Uri.from({ scheme: RUN_SCHEME, path: `/${base} · run ${++this.seq}.md` });
    this.texts.set(uri.toString(), initial);
    return uri;
  }

  append(uri: vscode.Uri, text: string, immediate = false): void {
    const key = uri.toString();
    this.texts.set(key, (this.texts.get(key) ?? '') + text);
    if (immediate) return this.flush(uri);
    if (this.pending.has(key)) return;
    this.pending.set(key, setTimeout(() => this.flush(uri), REFRESH_MS));
  }

  /** Replaces the whole text (the final answer may differ from what streamed, e.g. after a fallback). */
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.flush(uri);
  }

  text(uri: vscode.Uri): string { return this.texts.get(uri.toString()) ?? ''; }

  flush(uri: vscode.Uri): void {
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
