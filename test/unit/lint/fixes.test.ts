import * as assert from 'assert';
import { basename } from 'path';
import { applyFixes, lintPrompt, protectedSpans, RULES } from '../../../src/core/lint';
import { parsePrompt } from '../../../src/core/prompt';
import { countTokens, countingRuleFor } from '../../../src/core/tokens';
import { corpusFiles, prices, read } from './helpers';

const MAX_PASSES = 5;

function lintFile(text: string, file: string) {
  const doc = parsePrompt(text, file);
  return { doc, findings: lintPrompt(doc, { model: doc.frontmatter.model ?? 'gpt-4o', prices }) };
}

describe('lint: fixes over the corpus', function () {
  this.timeout(300_000);
  const files = corpusFiles();

  it('each fix changes nothing outside its edits, and its tokensSaved equals a full recount', () => {
    let checked = 0;
    for (const file of files) {
      const text = read(file);
      const { doc, findings } = lintFile(text, file);
      const encoding = countingRuleFor(doc.frontmatter.model ?? 'gpt-4o').encoding;
      const total = (d: typeof doc) => d.messages.reduce((n, m) => n + countTokens(encoding, m.content), 0);
      for (const f of findings.filter((x) => x.fix)) {
        const after = applyFixes(text, [f]).text;
        const edits = [...f.fix!.edits].sort((a, b) => a.start - b.start);
        // Rebuild the text from the untouched pieces and the new texts: identical means nothing else moved.
        let rebuilt = '';
        let at = 0;
        for (const e of edits) { rebuilt += text.slice(at, e.start) + e.newText; at = e.end; }
        assert.strictEqual(after, rebuilt + text.slice(at), `${basename(file)} ${f.ruleId}`);
        assert.strictEqual(f.tokensSaved, total(doc) - total(parsePrompt(after, file)), `${basename(file)} ${f.ruleId} at ${f.range.start.line + 1}`);
        checked++;
      }
    }
    assert.ok(checked > 50, `only ${checked} fixes checked`);
  });

  it('fixing everything and linting again leaves no fixable finding (idempotent), protected spans untouched', () => {
    for (const file of files) {
      let text = read(file);
      const protectedBefore = protectedSpans(parsePrompt(text, file)).length;
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        const next = applyFixes(text, lintFile(text, file).findings).text;
        if (next === text) break;
        text = next;
      }
      const left = lintFile(text, file).findings.filter((f) => f.fix);
      assert.deepStrictEqual(left.map((f) => `${f.ruleId}@${f.range.start.line + 1}`), [], basename(file));
      assert.strictEqual(applyFixes(text, lintFile(text, file).findings).text, text, `${basename(file)} changes on a second fix`);
      assert.ok(protectedSpans(parsePrompt(text, file)).length >= protectedBefore - 0, basename(file));
    }
  });

  it('never edits inside a protected span', () => {
    for (const file of files) {
      const text = read(file);
      const { doc, findings } = lintFile(text, file);
      const spans = protectedSpans(doc);
      for (const f of findings) for (const e of f.fix?.edits ?? []) {
        if (e.start === e.end) continue; // an insertion at a message end
        const inside = spans.some(([s, x]) => e.start < x && s < e.end);
        assert.ok(!inside || f.ruleId === 'PM201' || f.ruleId === 'PM204' || f.ruleId === 'PM105', `${basename(file)} ${f.ruleId} edits protected text`);
      }
    }
  });

  it('PM105 YAML over the corpus with its code fences opened: exact savings, nothing outside its range, idempotent', () => {
    // The corpus keeps its YAML in fences; without the fence lines that YAML is prose the rule may compact.
    const only = Object.fromEntries(RULES.map((r) => [r.id, r.id === 'PM105' ? 'warning' : 'off'] as const));
    const yamlFindings = (text: string, file: string) => lintPrompt(parsePrompt(text, file), { model: 'gpt-4o', prices, ruleSeverities: only })
      .filter((f) => f.message.startsWith('Pretty-printed YAML'));
    let checked = 0;
    for (const file of files) {
      let text = read(file).replace(/^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n/gm, '');
      const total = (t: string) => parsePrompt(t, file).messages.reduce((n, m) => n + countTokens('o200k_base', m.content), 0);
      for (const f of yamlFindings(text, file)) {
        const after = applyFixes(text, [f]).text;
        assert.strictEqual(after, text.slice(0, f.start) + f.fix!.edits[0].newText + text.slice(f.end), basename(file));
        assert.strictEqual(f.tokensSaved, total(text) - total(after), `${basename(file)} at ${f.range.start.line + 1}`);
        checked++;
      }
      text = applyFixes(text, yamlFindings(text, file)).text;
      assert.deepStrictEqual(yamlFindings(text, file).map((f) => f.range.start.line + 1), [], basename(file));
    }
    assert.ok(checked >= 3, `only ${checked} YAML fixes checked`);
  });

  it('applyFixes skips overlapping fixes and keeps the first', () => {
    const mk = (start: number, end: number, newText: string) => ({ ruleId: 'X', start, end, range: { start: { line: 0, character: start }, end: { line: 0, character: end } }, severity: 'warning' as const, message: '', tokensSaved: 1, fix: { title: '', edits: [{ start, end, newText }] } });
    const r = applyFixes('abcdef', [mk(0, 2, 'X'), mk(1, 3, 'Y'), mk(4, 5, 'Z')]);
    assert.strictEqual(r.text, 'XcdZf');
    assert.strictEqual(r.applied.length, 2);
  });
});
