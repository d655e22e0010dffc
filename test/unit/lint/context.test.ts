import * as assert from 'assert';
import { PriceBook } from '../../../src/core/pricing/prices';
import { lint, ofRule } from './helpers';

const prices = new PriceBook({ tiny: { input: 1, output: 2, contextWindow: 1000 } });
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 50}`).join(' ');

describe('lint: context rules and settings', () => {
  it('PM301 is an error when input plus max output exceeds the window; PM302 warns above 80%', () => {
    const over = `---\nmodel: tiny\nmodel_options: {}\n---\n${words(900)}\n`;
    const [e] = ofRule(over, 'PM301', 'a.prompt.md', { model: 'tiny', prices, expectedOutputTokens: 500 });
    assert.ok(e);
    assert.strictEqual(e.severity, 'error');
    const near = `---\ndescription: t\n---\n${words(300)}\n`;
    const w = ofRule(near, 'PM302', 'a.prompt.md', { model: 'tiny', prices, expectedOutputTokens: 300 });
    assert.strictEqual(w.length, 1);
    assert.deepStrictEqual(ofRule(near, 'PM301', 'a.prompt.md', { model: 'tiny', prices, expectedOutputTokens: 300 }), []);
    assert.deepStrictEqual(ofRule('---\ndescription: t\n---\nHello there.\n', 'PM302', 'a.prompt.md', { model: 'tiny', prices }), []);
    assert.deepStrictEqual(ofRule(over, 'PM301', 'a.prompt.md', { model: 'unknown-model-x', prices }), [], 'no finding when the window is unknown');
  });

  it('settings turn a rule off or change its severity', () => {
    const text = '---\ndescription: t\n---\nPlease write the report.\n';
    assert.deepStrictEqual(ofRule(text, 'PM101', 'a.prompt.md', { ruleSeverities: { PM101: 'off' } }), []);
    assert.strictEqual(ofRule(text, 'PM101', 'a.prompt.md', { ruleSeverities: { PM101: 'error' } })[0].severity, 'error');
  });

  it('inline disables work in each format\'s comment syntax; chat JSON has none', () => {
    const md = '---\ndescription: t\n---\n<!-- promptmeter-disable-next-line PM101 -->\nPlease write the report.\nPlease write the summary.\n';
    assert.strictEqual(ofRule(md, 'PM101').length, 1);
    assert.deepStrictEqual(ofRule('<!-- promptmeter-disable PM101 -->\nPlease write the report.\n', 'PM101'), []);
    assert.deepStrictEqual(ofRule('system:\n{# promptmeter-disable-next-line #}\nPlease write the report.\n', 'PM101', 'a.prompty'), []);
    assert.deepStrictEqual(ofRule('{{! promptmeter-disable PM101 }}\nPlease write the report.\n', 'PM101', 'a.prompt'), []);
    assert.deepStrictEqual(ofRule('{{!-- promptmeter-disable-next-line PM101 --}}\nPlease write the report.\n', 'PM101', 'a.prompt'), []);
    assert.deepStrictEqual(ofRule('# promptmeter-disable PM101\nPlease write the report.\n', 'PM101', 'a.prompt.txt'), []);
    assert.deepStrictEqual(ofRule('// promptmeter-disable-next-line PM101\nPlease write the report.\n', 'PM101', 'a.prompt.txt'), []);
    // A directive outside a comment does nothing.
    assert.strictEqual(ofRule('---\ndescription: t\n---\npromptmeter-disable PM101\nPlease write the report.\n', 'PM101').length, 1);
    const json = JSON.stringify({ messages: [{ role: 'user', content: '<!-- promptmeter-disable PM101 --> Please write the report.' }] });
    assert.strictEqual(lint(json, 'a.chat.json').findings.filter((f) => f.ruleId === 'PM101').length, 1);
  });
});

describe('lint: rule docs', () => {
  it('every rule has docs/rules/<id>.md with what, why, example and disable sections', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { RULES } = require('../../../src/core/lint') as typeof import('../../../src/core/lint');
    const { readFileSync } = require('fs') as typeof import('fs');
    const { join } = require('path') as typeof import('path');
    for (const r of RULES) {
      const md = readFileSync(join(__dirname, '../../../docs/rules', `${r.id}.md`), 'utf8');
      for (const h of ['## What it finds', '## Why it costs money', '## Example', '## Disable']) assert.ok(md.includes(h), `${r.id} lacks ${h}`);
    }
  });
});
