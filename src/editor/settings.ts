import * as vscode from 'vscode';

import { SETTING_KEYS, type Settings } from '../core/settings';

export type { Settings, RuleSeverity } from '../core/settings';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('promptmeter', scope);
  const out = {} as Record<keyof Settings, unknown>;
  for (const [field, key] of Object.entries(SETTING_KEYS) as [keyof Settings, string][]) out[field] = c.get(key);
  return out as Settings;
}

/** Fires with the fresh snapshot when any Promptmeter setting changed; one filter for every feature. */
export function onSettingsChanged(listener: (s: Settings) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('promptmeter')) listener(readSettings());
  });
}
