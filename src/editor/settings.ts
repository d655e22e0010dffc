import * as vscode from 'vscode';
import { changedSettings, DEFAULTS, SETTING_KEYS, type Settings } from '../core/settings';
import { Disposable } from './disposable';

export type { Settings, RuleSeverity } from '../core/settings';

function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('promptmeter', scope);
  const out = {} as Record<keyof Settings, unknown>;
  for (const [field, key] of Object.entries(SETTING_KEYS) as [keyof Settings, string][]) {
    const value = c.get(key, DEFAULTS[field]);
    // Configuration objects are read-only proxies; the snapshot holds plain data (it crosses to the analysis worker).
    out[field] = value !== null && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value;
  }
  return out as Settings;
}

export interface SettingsChange { snapshot: Settings; changed: ReadonlySet<keyof Settings> }

/**
 * The one typed snapshot of `promptmeter.*`. It updates itself first, then fires `onDidChange` with the snapshot
 * and the fields that changed, so each feature reacts only to its own settings.
 */
export class SettingsStore extends Disposable {
  private snapshot = readSettings();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<SettingsChange>());
  readonly onDidChange = this._onDidChange.event;

  constructor() {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('promptmeter')) return;
      const next = readSettings();
      const changed = changedSettings(this.snapshot, next);
      this.snapshot = next;
      if (changed.size) this._onDidChange.fire({ snapshot: next, changed });
    }));
  }

  get current(): Settings { return this.snapshot; }
}
