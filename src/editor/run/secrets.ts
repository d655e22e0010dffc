import * as vscode from 'vscode';
import type { ProviderId } from '../../core/client/types';

const PROVIDERS: { id: ProviderId; label: string; env: string; hint: string }[] = [
  { id: 'openai', label: 'OpenAI', env: 'OPENAI_API_KEY', hint: 'sk-...' },
  { id: 'anthropic', label: 'Anthropic', env: 'ANTHROPIC_API_KEY', hint: 'sk-ant-...' },
];

export const secretKey = (provider: ProviderId): string => `promptmeter.apiKey.${provider}`;

/**
 * API keys: SecretStorage first, then the provider's usual environment variable. Keys live only here and in
 * the SDK clients; never in settings, logs, the ledger, the cache or a webview.
 */
export class ApiKeys implements vscode.Disposable {
  /** Every key handed out, so error messages and ledger records can be scrubbed of them. */
  private readonly seen = new Set<string>();
  private readonly subscription: vscode.Disposable;
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChange = this._onDidChange.event;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly env: NodeJS.ProcessEnv = process.env) {
    this.subscription = secrets.onDidChange((e) => { if (e.key.startsWith('promptmeter.apiKey.')) this._onDidChange.fire(); });
    for (const p of PROVIDERS) if (env[p.env]) this.seen.add(env[p.env]!);
  }

  async get(provider: ProviderId): Promise<string | undefined> {
    const stored = await this.secrets.get(secretKey(provider));
    const key = stored?.trim() || this.env[PROVIDERS.find((p) => p.id === provider)?.env ?? '']?.trim() || undefined;
    if (key) this.seen.add(key);
    return key;
  }

  /** Values to redact wherever text leaves the process. */
  known(): Iterable<string> { return this.seen; }

  /**
   * "Promptmeter: Set API Key": provider (unless `preset` names one, as a provider's error does), then the key in a
   * password box. An empty key removes the stored one.
   */
  async setApiKeyCommand(preset?: unknown): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Promptmeter: API keys cannot be set in Restricted Mode. Trust this workspace first.');
      return;
    }
    const p = PROVIDERS.find((x) => x.id === preset) ?? (await vscode.window.showQuickPick(
      PROVIDERS.map((x) => ({ label: x.label, description: `stored as ${secretKey(x.id)}; else $${x.env}`, provider: x })),
      { title: 'Promptmeter: Set API Key', placeHolder: 'Which provider?' },
    ))?.provider;
    if (!p) return;
    const key = await vscode.window.showInputBox({
      title: `${p.label} API key`, password: true, ignoreFocusOut: true, placeHolder: p.hint,
      prompt: `Stored in VS Code's secret storage. Leave empty to remove the stored key (then $${p.env} is used, if set).`,
      validateInput: (v) => (/\s/.test(v.trim()) ? 'A key has no spaces in it.' : undefined),
    });
    if (key === undefined) return;
    if (key.trim()) {
      await this.secrets.store(secretKey(p.id), key.trim());
      this.seen.add(key.trim());
      void vscode.window.showInformationMessage(`Promptmeter: ${p.label} API key saved.`);
    } else {
      await this.secrets.delete(secretKey(p.id));
      void vscode.window.showInformationMessage(`Promptmeter: stored ${p.label} API key removed.`);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this._onDidChange.dispose();
  }
}
