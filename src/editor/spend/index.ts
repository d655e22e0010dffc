import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { spendHtml, spendWebviewOptions } from './html';
import { SpendIndexWriter, SpendSession, type SpendDeps } from './session';

export type { SpendDeps } from './session';

const PANEL_TYPE = 'promptmeter.spend';
const VIEW_ID = 'promptmeter.summary';

/** The spend panel (command `promptmeter.showSpend`) and the compact sidebar summary, both fed live from the ledger. */
class SpendFeature extends Disposable implements vscode.WebviewViewProvider {
  private panel?: { panel: vscode.WebviewPanel; session: SpendSession };
  private readonly sessions = new Set<SpendSession>();
  private readonly indexWriter = new SpendIndexWriter();

  constructor(private readonly context: vscode.ExtensionContext, private readonly deps: SpendDeps, settingsChanged: vscode.Event<unknown>) {
    super();
    this._register(vscode.commands.registerCommand('promptmeter.showSpend', () => this.showPanel()));
    this._register(vscode.window.registerWebviewViewProvider(VIEW_ID, this));
    this._register(settingsChanged(() => { for (const s of this.sessions) s.refresh(); }));
    this._register({ dispose: () => { this.panel?.panel.dispose(); for (const s of [...this.sessions]) s.dispose(); } });
  }

  private showPanel(): void {
    if (this.panel) {
      this.panel.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_TYPE, 'Promptmeter Spend', vscode.ViewColumn.Active, spendWebviewOptions(this.context.extensionUri));
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'icon.svg');
    const session = this.track(new SpendSession(panel.webview, this.deps, () => panel.visible, this.indexWriter));
    panel.webview.html = spendHtml(panel.webview, this.context.extensionUri, 'full');
    panel.onDidDispose(() => { this.untrack(session); this.panel = undefined; });
    this.panel = { panel, session };
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = spendWebviewOptions(this.context.extensionUri);
    const session = this.track(new SpendSession(view.webview, this.deps, () => view.visible, this.indexWriter));
    view.webview.html = spendHtml(view.webview, this.context.extensionUri, 'compact');
    view.onDidDispose(() => this.untrack(session));
  }

  private track(session: SpendSession): SpendSession {
    this.sessions.add(session);
    return session;
  }

  private untrack(session: SpendSession): void {
    this.sessions.delete(session);
    session.dispose();
  }
}

/** `settingsChanged`: the sessions redraw (budgets, prices). */
export function registerSpend(context: vscode.ExtensionContext, deps: SpendDeps, settingsChanged: vscode.Event<unknown>): vscode.Disposable {
  return new SpendFeature(context, deps, settingsChanged);
}
