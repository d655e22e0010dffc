import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { basename, join, resolve } from 'path';
import { resolveModel } from '../../../src/core/analysis/analyze';
import { chooseFixes, describeApplied, describeFixes, disableEdit, type Finding, fixAll, lintPrompt, type LintOptions } from '../../../src/core/lint';
import { applyEdits } from '../../../src/core/lint/edits';
import { LineIndex, parsePrompt, type PromptDocument } from '../../../src/core/prompt';
import { countingRuleFor, countTokens } from '../../../src/core/tokens';
import { corpusFiles, FIXTURES, lint, ofRule, prices, read } from './helpers';

const EXAMPLES = resolve(__dirname, '../../../examples');

function optionsFor(doc: PromptDocument): LintOptions {
  return { model: resolveModel(doc, undefined, 'gpt-4o'), prices };
}

/** Tokens of every message's content, counted from scratch with the file's encoder. */
function contentTokens(text: string, file: string, model: string): number {
  const { encoding } = countingRuleFor(model);
  return parsePrompt(text, file).messages.reduce((n, m) => n + countTokens(encoding, m.content), 0);
}

function plan(text: string, file: string) {
  const doc = parsePrompt(text, file);
  const options = optionsFor(doc);
  return { options, result: fixAll({ text, fileName: file, options }) };
}

describe('lint: Fix All (one loop for the editor and lint --fix)', function () {
  this.timeout(300_000);

  it('PM101 and PM104 on one line, and lines that only become duplicates once their filler is gone, all end fixed', () => {
    const file = join(FIXTURES, 'fix-all.prompty');
    const text = read(file);
    const firstPass = lint(text, file).findings.filter((f) => f.fix);
    const { options, result } = plan(text, file);
    // More duplicates removed than the first lint reports: one only appears after the filler is removed.
    const pm104 = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'PM104').length;
    assert.strictEqual(pm104(firstPass), 1);
    assert.strictEqual(pm104(result.applied), 2, result.applied.map((f) => f.ruleId).join(','));
    // On the line PM101 and PM104 share, the removed line wins: its filler fix is never applied on its own.
    const shared = firstPass.filter((f) => f.range.start.line === firstPass.find((g) => g.ruleId === 'PM104')!.range.start.line);
    assert.deepStrictEqual(shared.map((f) => f.ruleId).sort(), ['PM101', 'PM104']);
    assert.ok(!result.applied.includes(shared.find((f) => f.ruleId === 'PM101')!));
    assert.strictEqual(result.text.match(/always answer in English/gi)?.length, 1, result.text);
    assert.strictEqual(result.text.match(/check the booking reference/gi)?.length, 1, result.text);
    // The saving stated before equals a recount of what the fixed text costs.
    assert.strictEqual(result.tokensSaved, contentTokens(text, file, options.model) - contentTokens(result.text, file, options.model));
    assert.ok(result.tokensSaved > firstPass.reduce((n, f) => n + f.tokensSaved, 0));
    // The edits on the original reproduce the fixed text, and nothing fixable is left.
    assert.strictEqual(applyEdits(text, result.edits), result.text);
    assert.deepStrictEqual(lint(result.text, file).findings.filter((f) => f.fix).map((f) => f.ruleId), []);
    assert.deepStrictEqual(result.remaining.filter((f) => f.fix), []);
  });

  it('for every corpus file and example, the plan shown before equals what applying it saves, and nothing fixable is left', () => {
    const files = [...corpusFiles(), ...readdirSync(EXAMPLES).map((f) => join(EXAMPLES, f))];
    let fixedFiles = 0;
    for (const file of files) {
      const text = read(file);
      const { options, result } = plan(text, file);
      const after = applyEdits(text, result.edits);
      assert.strictEqual(after, result.text, basename(file));
      assert.strictEqual(result.fixes, result.applied.length, basename(file));
      assert.strictEqual(result.tokensSaved, contentTokens(text, file, options.model) - contentTokens(after, file, options.model), basename(file));
      const left = lintPrompt(parsePrompt(after, file), options).filter((f) => f.fix);
      assert.deepStrictEqual(left.map((f) => `${f.ruleId}@${f.range.start.line + 1}`), [], `${basename(file)}: fixable after Fix All`);
      // Fix All on the fixed text is a no-op: the plan reached its fixpoint.
      assert.strictEqual(plan(after, file).result.fixes, 0, basename(file));
      if (result.fixes) fixedFiles++;
    }
    assert.ok(fixedFiles > 30, `only ${fixedFiles} files had fixes`);
  });

  it('resolves overlapping fixes in one order whatever order the findings come in', () => {
    const file = join(FIXTURES, 'fix-all.prompty');
    const findings = lint(read(file), file).findings;
    const pick = (fs: Finding[]) => chooseFixes(fs).applied.map((f) => `${f.ruleId}@${f.start}`);
    const expected = pick(findings);
    for (let k = 0; k < 20; k++) {
      const shuffled = [...findings].sort(() => (Math.sin(k * 31 + shuffledSeed++) > 0 ? 1 : -1));
      assert.deepStrictEqual(pick(shuffled), expected);
    }
    // A removed duplicate line wins over the filler inside it: the bigger saving goes first.
    const mk = (ruleId: string, start: number, end: number, saved: number): Finding => ({ ruleId, start, end, range: { start: { line: 0, character: start }, end: { line: 0, character: end } }, severity: 'warning', message: '', tokensSaved: saved, fix: { title: '', edits: [{ start, end, newText: '' }] } });
    assert.deepStrictEqual(chooseFixes([mk('PM101', 0, 7, 1), mk('PM104', 0, 40, 12)]).applied.map((f) => f.ruleId), ['PM104']);
  });

  it('a fix after which the file no longer parses is refused and reported; the others are applied', () => {
    const file = 'a.prompty';
    const text = '---\nname: x\n---\nsystem:\nPlease be brief.\n\nuser:\n{{q}}\n';
    const close = text.indexOf('---', 3);
    // A rule that deletes the closing frontmatter fence, and one that is harmless.
    const breaking: Finding = { ruleId: 'PM999', start: close, end: close + 3, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } }, severity: 'warning', message: 'x', tokensSaved: 5, fix: { title: 'x', edits: [{ start: close, end: close + 3, newText: '' }] } };
    const lintWithBreaker = (doc: PromptDocument) => {
      const real = lintPrompt(doc, { model: 'gpt-4o', prices });
      const at = doc.text.indexOf('---', 3);
      return at === close ? [...real, breaking] : real;
    };
    const r = fixAll({ text, fileName: file, options: { model: 'gpt-4o', prices }, lint: lintWithBreaker });
    assert.deepStrictEqual(r.refused.map((x) => x.finding.ruleId), ['PM999']);
    assert.match(r.refused[0].reason, /never closed|frontmatter|messages change/i);
    assert.deepStrictEqual(r.applied.map((f) => f.ruleId), ['PM101']);
    assert.ok(r.text.startsWith('---\nname: x\n---\n'));
    assert.ok(!parsePrompt(r.text, file).problems.some((p) => p.severity === 'error'));
  });

  it('PM204 quotes the date text it found, not a variable on the same line', () => {
    const text = 'system:\nToday is Monday, 3 March 2025. You are helping {{user_name}}.\nYou are terse.\n\nuser:\n{{q}}\n';
    const [f] = ofRule(text, 'PM204', 'a.prompty');
    assert.ok(f, 'no PM204 finding');
    assert.match(f.message, /^'Today is Monday, 3 March 2025' puts a date/);
    assert.match(f.fix!.title, /^Move 'Today is Monday, 3 March 2025' to/);
    assert.doesNotMatch(f.message, /user_name/);
    const [g] = ofRule('system:\nCurrent date: 2025-03-14\nYou are terse.\n\nuser:\nhi\n', 'PM204', 'a.prompty');
    assert.match(g.message, /^'Current date: 2025-03-14' puts/);
    const [h] = ofRule('system:\nYou are helping {{user_name}} on {{current_date}}.\nYou are terse.\n\nuser:\nhi\n', 'PM204', 'a.prompty');
    assert.match(h.message, /^'\{\{current_date\}\}' puts/);
  });

  it('no finding states a zero or negative saving, and the summaries never say "save 0" or "save -1"', () => {
    for (const file of [...corpusFiles(), join(FIXTURES, 'fix-all.prompty'), join(FIXTURES, 'cache-order.prompty')]) {
      for (const f of lint(read(file), file).findings) {
        assert.ok(f.tokensSaved >= 0, `${basename(file)} ${f.ruleId} tokensSaved ${f.tokensSaved}`);
        for (const s of [f.message, f.fix?.title ?? '']) assert.doesNotMatch(s, /saves? -?0 tokens?|saves? -\d|-\d+ tokens?/, `${basename(file)} ${f.ruleId}: ${s}`);
      }
    }
    assert.strictEqual(describeFixes(6, 29), '6 fixes save 29 tokens');
    assert.strictEqual(describeFixes(1, 1), '1 fix saves 1 token');
    assert.strictEqual(describeFixes(2, 0), '2 fixes available');
    assert.strictEqual(describeFixes(1, -1), '1 fix adds 1 token (moved for caching)');
    assert.strictEqual(describeApplied(1, -2), '1 fix applied, 2 tokens added per call (moved for caching)');
    assert.strictEqual(describeApplied(3, 0), '3 fixes applied');
  });

  it('PM103: blank lines and spaces at a message\'s edges cost nothing (runtimes trim them), so they are not reported; the docs say so', () => {
    const text = 'system:\n \n  \n \n\nAnswer briefly.\n \n  \n \n\nuser:\n\n \n  \n{{q}}   \n \n  \n \n';
    const fs = ofRule(text, 'PM103', 'a.prompty');
    assert.deepStrictEqual(fs.map((f) => f.range.start.line + 1), []);
    // Inside a message the same run is reported, with its exact cost.
    const inside = ofRule('system:\nAnswer briefly.\n \n  \n \n\nUse the glossary.\n\nuser:\n{{q}}\n', 'PM103', 'a.prompty');
    assert.ok(inside.length >= 1);
    assert.ok(inside.every((f) => f.tokensSaved > 0));
    const docs = readFileSync(resolve(__dirname, '../../../docs/rules/PM103.md'), 'utf8');
    assert.match(docs, /start or end of a message/);
    assert.match(docs, /trim/);
  });

  it('PM201 moves a tag that spans two lines whole, and the file still parses', () => {
    const statics = Array.from({ length: 40 }, (_, i) => `Rule ${i}: answer politely, cite the policy section and never invent order numbers or dates.`).join('\n');
    const text = `---\nname: t\n---\nsystem:\nYou help {{ customer_name\n  | default('our customer') }} today.\n${statics}\n\nuser:\n{{question}}\n`;
    const [f] = ofRule(text, 'PM201', 'a.prompty');
    assert.ok(f?.fix, 'PM201 offers no fix');
    const after = applyEdits(text, f.fix.edits);
    assert.match(after, /\{\{question\}\}\s+You help \{\{ customer_name\n {2}\| default\('our customer'\) \}\} today\.\s*$/);
    assert.ok(!/\{\{[^}]*$/.test(after.slice(0, after.indexOf('user:'))), 'half a tag stayed behind');
    assert.deepStrictEqual(parsePrompt(after, 'a.prompty').problems.filter((p) => p.severity === 'error'), []);
  });

  it('never writes inside a fence: a move into a user message that ends in an unclosed fence is not offered', () => {
    const text = 'system:\nToday is {{current_date}}.\nYou are terse and helpful to every customer.\n\nuser:\n{{q}}\n```python\nprint(1)\n';
    const [f] = ofRule(text, 'PM204', 'a.prompty');
    assert.ok(f, 'no PM204 finding');
    assert.strictEqual(f.fix, undefined);
    // With the fence closed the move lands after it, and the fence is unchanged.
    const closed = text + '```\n';
    const [g] = ofRule(closed, 'PM204', 'a.prompty');
    assert.ok(g?.fix);
    assert.ok(applyEdits(closed, g.fix.edits).includes('```python\nprint(1)\n```'));
  });

  it('"Disable PMxxx for this line / this file" comments, in each format\'s syntax, silence exactly that rule', () => {
    const cases: [string, string, RegExp][] = [
      ['a.prompt.md', 'Please answer in English.\nPlease be brief.\n', /<!-- promptmeter-disable/],
      ['a.prompty', '---\nname: x\n---\nsystem:\nPlease answer in English.\nPlease be brief.\n\nuser:\n{{q}}\n', /\{# promptmeter-disable/],
      ['a.prompt', '---\nmodel: gpt-4o\n---\n{{role "system"}}\nPlease answer in English.\nPlease be brief.\n{{role "user"}}\n{{q}}\n', /\{\{! promptmeter-disable/],
      ['a.prompt.txt', 'Please answer in English.\nPlease be brief.\n', /^# promptmeter-disable/m],
    ];
    for (const [file, text, syntax] of cases) {
      const doc = parsePrompt(text, file);
      const findings = lintPrompt(doc, { model: 'gpt-4o', prices }).filter((f) => f.ruleId === 'PM101');
      assert.strictEqual(findings.length, 2, file);
      const lines = new LineIndex(text);
      const second = findings[1];
      const lineEdit = disableEdit(doc, lines, second, 'line')!;
      const oneLine = applyEdits(text, [lineEdit]);
      assert.match(oneLine, syntax, file);
      const left = lint(oneLine, file).findings.filter((f) => f.ruleId === 'PM101');
      assert.deepStrictEqual(left.map((f) => f.message), [findings[0].message], `${file}: line disable`);
      const whole = applyEdits(text, [disableEdit(doc, lines, second, 'file')!]);
      assert.deepStrictEqual(lint(whole, file).findings.filter((f) => f.ruleId === 'PM101'), [], `${file}: file disable`);
      assert.deepStrictEqual(parsePrompt(whole, file).problems.filter((p) => p.severity === 'error'), [], file);
    }
    const chat = parsePrompt('{"messages":[{"role":"system","content":"Please be brief."}]}', 'a.chat.json');
    const f = lintPrompt(chat, { model: 'gpt-4o', prices }).find((x) => x.ruleId === 'PM101');
    assert.ok(f);
    assert.strictEqual(disableEdit(chat, new LineIndex(chat.text), f, 'line'), undefined);
  });
});

let shuffledSeed = 1;
