import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { PROMPT_SELECTOR } from './lenses';
import type { SettingsStore } from './settings';

/** Registers the lens provider while `promptmeter.codeLens.enabled` is on and unregisters it when it is off (GitLens' lens controller). */
export class LensController extends Disposable {
  private registration?: vscode.Disposable;

  constructor(private readonly provider: vscode.CodeLensProvider, settings: SettingsStore) {
    super();
    this.apply(settings.current.codeLensEnabled);
    this._register(settings.onDidChange(({ snapshot, changed }) => { if (changed.has('codeLensEnabled')) this.apply(snapshot.codeLensEnabled); }));
    this._register({ dispose: () => this.apply(false) });
  }

  get registered(): boolean { return !!this.registration; }

  private apply(enabled: boolean): void {
    if (enabled && !this.registration) this.registration = vscode.languages.registerCodeLensProvider(PROMPT_SELECTOR, this.provider);
    if (!enabled && this.registration) {
      this.registration.dispose();
      this.registration = undefined;
    }
  }
}
