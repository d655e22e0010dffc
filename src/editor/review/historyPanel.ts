import * as path from 'node:path';
import * as vscode from 'vscode';
import { PriceBook } from '../../core/pricing/prices';
import { repoRoot } from '../../core/review/git';
import { type HistoryPoint, type Measured, promptHistory } from '../../core/review/history';
import { type HistoryHostMessage, parseHistoryPageMessage } from '../../core/review/historyView';
import type { Settings } from '../../core/settings';
import { shellHtml, webviewOptions } from '../webview/shell';
import { gitUri } from './gitContent';

interface Entry { panel: vscode.WebviewPanel; ready: boolean; last?: HistoryHostMessage; root?: string; points: HistoryPoint[] }

/**
 * "Promptmeter: Show Cost History": one chart panel per prompt file, tokens and $/call at each commit that touched
 * it. Walking the history is cancellable; measured revisions are kept in memory and in global storage.
 */
export class CostHistoryPanels implements vscode.Disposable {
  private readonly panels = new Map<string, Entry>();
  private readonly memory = new Map<string, Measured>();

  constructor(private readonly extensionUri: vscode.Uri, private readonly storage: vscode.Uri, private readonly settings: () => Settings) {}

  async show(target?: vscode.Uri): Promise<void> {
    const uri = target ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('Promptmeter: open a prompt file saved on disk, then run Show Cost History again.');
      return;
    }
    const name = path.basename(uri.fsPath);
    const entry = this.open(uri.fsPath, name);
    const root = await repoRoot(path.dirname(uri.fsPath));
    if (!root) {
      this.post(entry, { type: 'message', file: name, text: `${name} is not inside a git repository. The cost history reads the file's commits with git: commit it in a repository to see one.` });
      return;
    }
    const rel = path.relative(root, uri.fsPath).split(path.sep).join('/');
    const s = this.settings();
    const cancelled = new AbortController();
    try {
      const points = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Promptmeter: cost history of ${name}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => cancelled.abort());
          let reported = 0;
          return promptHistory({
            root, path: rel, defaultModel: s.defaultModel, prices: new PriceBook(s.prices), expectedOutputTokens: s.expectedOutputTokens,
            signal: cancelled.signal, memory: this.memory, cacheDir: path.join(this.storage.fsPath, 'history'),
            onProgress: (done, total) => {
              progress.report({ message: `${done} of ${total} commits`, increment: total ? ((done - reported) / total) * 100 : 0 });
              reported = done;
            },
          });
        });
      entry.root = root;
      entry.points = points;
      this.post(entry, points.length
        ? { type: 'history', file: rel, points }
        : { type: 'message', file: name, text: `No commit touches ${rel} yet. Commit it to start its cost history.` });
    } catch (err) {
      const text = cancelled.signal.aborted
        ? 'Walking the history was cancelled. Run Promptmeter: Show Cost History again to finish it; the commits measured so far are kept.'
        : `Could not read the history of ${rel}: ${(err as Error).message}`;
      this.post(entry, { type: 'message', file: name, text });
    }
  }

  private open(file: string, name: string): Entry {
    const held = this.panels.get(file);
    if (held) {
      held.panel.reveal(undefined, true);
      return held;
    }
    const panel = vscode.window.createWebviewPanel('promptmeter.history', `Cost History: ${name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { ...webviewOptions(this.extensionUri), retainContextWhenHidden: false });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    const entry: Entry = { panel, ready: false, points: [] };
    this.panels.set(file, entry);
    panel.webview.html = shellHtml(panel.webview, this.extensionUri, { title: `Cost History: ${name}`, styles: ['panel.css', 'history.css'], script: 'history.js' });
    panel.onDidDispose(() => this.panels.delete(file));
    panel.webview.onDidReceiveMessage((raw) => {
      const m = parseHistoryPageMessage(raw);
      if (m?.type === 'ready') {
        entry.ready = true;
        if (entry.last) void panel.webview.postMessage(entry.last);
      } else if (m?.type === 'openDiff') void this.openDiff(entry, m.index);
    });
    return entry;
  }

  private post(entry: Entry, m: HistoryHostMessage): void {
    entry.last = m;
    if (entry.ready) void entry.panel.webview.postMessage(m);
  }

  /** That revision's change to the file: its first parent (the file's old path after a rename) against it. */
  private async openDiff(entry: Entry, index: number): Promise<void> {
    const p = entry.points[index];
    if (!p || !entry.root) return;
    const left = gitUri(entry.root, p.parent, p.parentPath ?? p.path);
    const right = gitUri(entry.root, p.commit, p.path);
    const title = `${path.basename(p.path)} (${p.commit.slice(0, 7)}: ${p.subject})`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, viewColumn: vscode.ViewColumn.One });
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
    this.panels.clear();
  }
}
