import * as assert from 'assert';
import { join } from 'path';
import { applyFixes } from '../../../src/core/lint';
import { FIXTURES, fixed, lint, ofRule, read } from './helpers';

const STATIC = Array.from({ length: 40 }, (_, i) => `Rule ${i + 1}: answer questions about shipping, returns and warranties with care and precision.`).join('\n');

describe('lint: cache-order rules', () => {
  it('PM201 moves a per-call line at the top of the system prompt to the end of the last user message', () => {
    const text = `system:\nCustomer: {{name}}\n\n${STATIC}\n\nuser:\n{{question}}\n`;
    const [f] = ofRule(text, 'PM201', 'a.prompty');
    assert.ok(f, 'PM201 should fire');
    assert.match(f.message, /comes before [\d,]+ static tokens/);
    assert.match(f.message, /saves \$[\d.e-]+ per call at gpt-4o's cached-input price/);
    assert.match(f.fix!.title, /^Move '\{\{name\}\}' to the end of the last user message \(caches [\d,]+ more tokens\)$/);
    assert.strictEqual(fixed(text, f), `system:\n${STATIC}\n\nuser:\n{{question}}\n\nCustomer: {{name}}\n`);
    assert.deepStrictEqual(ofRule(fixed(text, f), 'PM201', 'a.prompty'), []);
  });

  it('PM201 moves a line within a single message to that message end; silent below the threshold', () => {
    const text = `---\ndescription: t\n---\nTicket: \${input:ticket}\n\n${STATIC}\n`;
    const [f] = ofRule(text, 'PM201', 'a.prompt.md');
    assert.ok(f);
    assert.strictEqual(fixed(text, f), `---\ndescription: t\n---\n${STATIC}\n\nTicket: \${input:ticket}\n`);
    assert.deepStrictEqual(ofRule(text, 'PM201', 'a.prompt.md', { dynamicThresholdTokens: 100_000 }), []);
    assert.deepStrictEqual(ofRule(`system:\n${STATIC}\n\nuser:\n{{question}}\n`, 'PM201', 'a.prompty'), []);
  });

  it('PM201 reports but does not move lines inside template blocks', () => {
    const text = `system:\n{% if vip %}\nVIP: {{name}}\n{% endif %}\n${STATIC}\n\nuser:\n{{q}}\n`;
    const [f] = ofRule(text, 'PM201', 'a.prompty');
    assert.ok(f && !f.fix);
  });

  it('PM204 owns a date in the system prompt (PM201 stays silent on it) and moves it', () => {
    const text = `system:\nToday is {{current_date}}.\n\n${STATIC}\n\nuser:\n{{question}}\n`;
    const { findings } = lint(text, 'a.prompty');
    const pm204 = findings.filter((f) => f.ruleId === 'PM204');
    assert.strictEqual(pm204.length, 1);
    assert.deepStrictEqual(findings.filter((f) => f.ruleId === 'PM201'), []);
    assert.strictEqual(fixed(text, pm204[0]), `system:\n${STATIC}\n\nuser:\n{{question}}\n\nToday is {{current_date}}.\n`);
    assert.deepStrictEqual(ofRule('system:\nYou are terse.\n\nuser:\nToday is {{date}}. {{q}}\n', 'PM204', 'a.prompty'), []);
    assert.strictEqual(ofRule('system:\nCurrent date: 2025-03-14\nYou are terse.\n\nuser:\nhi\n', 'PM204', 'a.prompty').length, 1);
  });

  it('PM202 says how many tokens the static prefix misses', () => {
    const text = `system:\n${STATIC.slice(0, 2000)}\n\nuser:\n{{q}}\n${STATIC}\n`;
    const [f] = ofRule(text, 'PM202', 'a.prompty');
    assert.ok(f);
    assert.match(f.message, /caches prefixes from 1,024 tokens, so [\d,]+ tokens are missing/);
    assert.strictEqual(f.severity, 'info');
    assert.deepStrictEqual(ofRule(`system:\n${STATIC}\n${STATIC}\n\nuser:\n{{q}}\n`, 'PM202', 'a.prompty'), []);
    assert.deepStrictEqual(ofRule('system:\nBe terse.\n\nuser:\n{{q}}\n', 'PM202', 'a.prompty'), []);
  });

  it('PM203 checks Anthropic breakpoints: count, TTL order and the 20-block lookback', () => {
    const block = (ttl?: string) => ({ type: 'text', text: 'x', cache_control: { type: 'ephemeral', ...(ttl ? { ttl } : {}) } });
    const many = JSON.stringify({ model: 'claude-sonnet-4-5', system: [block(), block(), block(), block(), block()], messages: [{ role: 'user', content: 'hi' }] }, null, 1);
    assert.ok(ofRule(many, 'PM203', 'a.chat.json').some((f) => f.severity === 'error' && /at most 4/.test(f.message)));
    const order = JSON.stringify({ system: [block('5m'), block('1h')], messages: [{ role: 'user', content: 'hi' }] });
    assert.ok(ofRule(order, 'PM203', 'a.chat.json').some((f) => /1-hour/.test(f.message)));
    const plain = Array.from({ length: 22 }, () => ({ type: 'text', text: 'y' }));
    const far = JSON.stringify({ system: [block(), ...plain, block()], messages: [{ role: 'user', content: 'hi' }] });
    assert.ok(ofRule(far, 'PM203', 'a.chat.json').some((f) => /blocks after the previous/.test(f.message)));
    const fine = JSON.stringify({ system: [block('1h'), block()], messages: [{ role: 'user', content: 'hi' }] });
    assert.deepStrictEqual(ofRule(fine, 'PM203', 'a.chat.json'), []);
  });

  it('the e2e fixture has exactly one PM101 and one PM201 quick fix, and both apply together', () => {
    const text = read(join(FIXTURES, 'cache-order.prompty'));
    const { findings } = lint(text, 'cache-order.prompty');
    const fixable = findings.filter((f) => f.fix);
    assert.deepStrictEqual(fixable.map((f) => f.ruleId).sort(), ['PM101', 'PM201']);
    assert.match(fixable.find((f) => f.ruleId === 'PM101')!.fix!.title, /^Remove filler 'Please' \(saves 1 token\)$/);
    assert.match(fixable.find((f) => f.ruleId === 'PM201')!.fix!.title, /^Move '\{\{customer_name\}\}' to the end of the last user message \(caches [\d,]+ more tokens\)$/);
    const after = applyFixes(text, findings).text;
    assert.ok(after.endsWith('{{question}}\n\nCustomer: {{customer_name}}\n'));
    assert.ok(after.includes('\nAnswer in the language the customer writes in.'));
    assert.deepStrictEqual(lint(after, 'cache-order.prompty').findings.filter((f) => f.fix), []);
  });
});
