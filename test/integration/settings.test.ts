import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension } from './util';

interface SettingSchema {
  description?: string;
  markdownDescription?: string;
  default?: unknown;
}

describe('settings', () => {
  const properties = (): Record<string, SettingSchema> =>
    (extension().packageJSON as any).contributes.configuration.properties;

  it('contributes settings', () => {
    assert.ok(Object.keys(properties()).length > 0);
  });

  it('gives every setting a description', () => {
    const undocumented = Object.entries(properties())
      .filter(([, s]) => !(s.description ?? s.markdownDescription ?? '').trim())
      .map(([key]) => key);
    assert.deepEqual(undocumented, []);
  });

  it('exposes every setting with its declared default', () => {
    const config = vscode.workspace.getConfiguration();
    const wrong = Object.entries(properties())
      .filter(([key, s]) => JSON.stringify(config.inspect(key)?.defaultValue) !== JSON.stringify(s.default))
      .map(([key]) => key);
    assert.deepEqual(wrong, []);
  });
});
