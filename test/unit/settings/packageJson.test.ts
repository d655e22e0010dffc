import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYSIS_SETTINGS, changedSettings, DEFAULTS, LINT_SETTINGS, SETTING_KEYS } from '../../../src/core/settings';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const declared: Record<string, { description?: string; markdownDescription?: string; scope?: string }> = pkg.contributes.configuration.properties;

describe('settings snapshot vs package.json', () => {
  it('reads exactly the settings package.json declares', () => {
    const typed = Object.values(SETTING_KEYS).map((k) => `promptmeter.${k}`).sort();
    assert.deepEqual(typed, Object.keys(declared).sort());
  });

  it('has DEFAULTS equal to every default package.json declares', () => {
    for (const [field, key] of Object.entries(SETTING_KEYS) as [keyof typeof DEFAULTS, string][]) {
      const declaredDefault = (declared[`promptmeter.${key}`] as { default?: unknown }).default;
      assert.deepEqual(DEFAULTS[field], declaredDefault, `promptmeter.${key}`);
    }
    assert.deepEqual(Object.keys(DEFAULTS).sort(), Object.keys(SETTING_KEYS).sort());
  });

  it('describes every setting', () => {
    for (const [key, s] of Object.entries(declared)) assert.ok(s.description || s.markdownDescription, `${key} has no description`);
  });

  it('keeps endpoints and keys out of workspace reach', () => {
    for (const key of ['promptmeter.openai.baseUrl', 'promptmeter.anthropic.baseUrl', 'promptmeter.redisUrl', 'promptmeter.semanticCache.baseUrl']) {
      assert.equal(declared[key].scope, 'machine', key);
    }
    assert.ok(!Object.keys(declared).some((k) => /key|secret|token$/i.test(k) && !/Tokens$/.test(k)), 'no secret in settings');
  });

  it('pins the VS Code API the workbench here provides', () => {
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '^1.100.0');
  });
});

describe('settings changes', () => {
  it('names only the fields whose values changed, comparing objects by value', () => {
    const after = { ...DEFAULTS, lintRules: { PM101: 'off' as const }, route: { ...DEFAULTS.route } };
    assert.deepEqual([...changedSettings(DEFAULTS, after)], ['lintRules']);
  });

  it('does not count a lint or lens setting as one that changes the analysis', () => {
    for (const field of [...LINT_SETTINGS, 'codeLensEnabled', 'requestTimeoutMs'] as const) assert.ok(!ANALYSIS_SETTINGS.includes(field), field);
    for (const field of ANALYSIS_SETTINGS) assert.ok(field in DEFAULTS, field);
  });
});
