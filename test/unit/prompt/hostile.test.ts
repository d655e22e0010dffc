import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { parsePrompt, type PromptDocument } from '../../../src/core/prompt';
import { MAX_JSON_DEPTH } from '../../../src/core/prompt/jsonScanner';
import { MAX_TAG_PROBLEMS } from '../../../src/core/prompt/tags';
import { deepFlowAt, MAX_FLOW_DEPTH } from '../../../src/core/prompt/yamlGuard';
import { corpusFiles, read } from './helpers';
import { analyzePrompt } from '../../../src/core/analysis/analyze';
import { lintPrompt } from '../../../src/core/lint';
import { PriceBook } from '../../../src/core/pricing/prices';
import { MAX_BLOCK_DEPTH } from '../../../src/core/prompt/tags';
import { renderMessages } from '../../../src/core/render';
import { clearCountMemo } from '../../../src/core/tokens';

const REGRESSIONS = path.resolve(__dirname, '../../fixtures/regressions');

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/**
 * Best of three parses in CPU time: on a machine shared by many processes wall time mostly measures waiting for a
 * core; the CPU time the parse used is what it costs the extension host.
 */
function parseTimed(text: string, fileName: string): { doc: PromptDocument; ms: number } {
  let ms = Infinity;
  let doc!: PromptDocument;
  for (let k = 0; k < 3; k++) {
    const t0 = cpuMs();
    doc = parsePrompt(text, fileName);
    ms = Math.min(ms, cpuMs() - t0);
  }
  return { doc, ms };
}

const messages = (doc: PromptDocument) => doc.problems.map(p => p.message);

describe('hostile prompt files (issue 9)', () => {
  before(() => parsePrompt('---\nname: warm\n---\nuser:\n{{a}}\n', 'warm.prompty'));

  describe('every committed regression input parses in under 100 ms', () => {
    const files = readdirSync(REGRESSIONS).filter(f => f !== 'README.md').sort();
    it('has the inputs named in issue 9', () => {
      for (const f of ['yaml-800-unclosed-braces.prompty', 'yaml-300-unclosed-braces.prompty', 'run-8000-spaces.prompt.txt', 'run-8000-dashes.prompt.txt', 'run-2000-emoji.prompt.txt']) assert.ok(files.includes(f), f);
    });
    for (const file of files) {
      it(file, () => {
        const { doc, ms } = parseTimed(readFileSync(path.join(REGRESSIONS, file), 'utf8'), file);
        assert.ok(ms < 100, `${file} took ${ms.toFixed(1)} ms`);
        for (const p of doc.problems) assert.ok(p.message.length > 10 && !/\bat \w+ \(/.test(p.message), `a clear message, not a stack: ${p.message}`);
      });
    }
  });

  describe('every committed regression input is analysed (rendered count included) and linted in linear time: under 100 ms, or 8 ms per KB', () => {
    const prices = new PriceBook();
    before(() => lintPrompt(parsePrompt('---\nname: warm\n---\nuser:\nHi  there\n', 'warm.prompty'), { model: 'gpt-4o', prices }));
    for (const file of readdirSync(REGRESSIONS).filter(f => f !== 'README.md').sort()) {
      it(file, () => {
        const text = readFileSync(path.join(REGRESSIONS, file), 'utf8');
        const doc = parsePrompt(text, file);
        const limit = Math.max(100, 8 * Buffer.byteLength(text) / 1024);
        let ms = Infinity;
        for (let k = 0; k < 3; k++) {
          clearCountMemo();
          const t0 = cpuMs();
          analyzePrompt(doc, { model: 'gpt-4o', prices, expectedOutputTokens: 500 });
          lintPrompt(doc, { model: 'gpt-4o', prices });
          ms = Math.min(ms, cpuMs() - t0);
        }
        assert.ok(ms < limit, `${file} took ${ms.toFixed(1)} ms (limit ${limit.toFixed(0)} ms)`);
      });
    }
  });

  it('does not render blocks nested deeper than the limit, and says so', () => {
    const deep = (n: number) => `---\nname: t\ninputs:\n  a:\n    type: boolean\n    default: true\n---\nuser:\n${'{% if a %}'.repeat(n)}x${'{% endif %}'.repeat(n)}\n`;
    const ok = parsePrompt(deep(MAX_BLOCK_DEPTH), 'ok.prompty');
    assert.deepStrictEqual(ok.problems, []);
    assert.strictEqual(renderMessages(ok, {}).messages[0].content, 'x');
    const tooDeep = parsePrompt(deep(MAX_BLOCK_DEPTH + 1), 'deep.prompty');
    assert.match(messages(tooDeep).join('\n'), /Blocks nest more than 64 deep here, so it is not rendered/);
    assert.throws(() => renderMessages(tooDeep, {}), /blocks nest more than 64 deep; not rendered/);
  });

  it('reports a 1.2 KB frontmatter with 800 unclosed { as an error in under 50 ms (issue 9 acceptance)', () => {
    const text = readFileSync(path.join(REGRESSIONS, 'yaml-800-unclosed-braces.prompty'), 'utf8');
    assert.ok(text.length > 1200 && text.split('{').length - 1 >= 800);
    const { doc, ms } = parseTimed(text, 'x.prompty');
    assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
    const error = doc.problems.find(p => p.severity === 'error' && /nest more than 32 levels/.test(p.message));
    assert.ok(error, messages(doc).join('\n'));
    assert.strictEqual(error.range.start.line, text.split('\n').findIndex(l => l.startsWith('model:')));
    // The body is still read: lenses keep working below a broken header.
    assert.deepStrictEqual(doc.messages.map(m => m.role), ['system', 'user']);
  });

  it('reads ordinary flow YAML, braces in plain, quoted and block scalars, and comments as before', () => {
    const text = [
      '---', 'model: {id: gpt-4o, options: {temperature: 0.2, stop: ["}", "{{"]}}', 'note: a {b} [c', "quoted: '{{{{'", 'block: |',
      '  ' + '{'.repeat(100), 'folded: >-', '  ' + '['.repeat(100), '# ' + '{'.repeat(100), 'list:', '  - [1, [2, [3]]]', '---', 'user:', 'hi', '',
    ].join('\n');
    const doc = parsePrompt(text, 'a.prompty');
    assert.deepStrictEqual(doc.problems, []);
    assert.strictEqual(doc.frontmatter.model, 'gpt-4o');
    assert.deepStrictEqual(doc.frontmatter.raw.list, [[1, [2, [3]]]]);
    assert.strictEqual(doc.frontmatter.raw.block, '{'.repeat(100) + '\n');
  });

  it('flags flow nesting exactly past the limit', () => {
    assert.strictEqual(deepFlowAt('a: ' + '['.repeat(MAX_FLOW_DEPTH) + ']'.repeat(MAX_FLOW_DEPTH)), -1);
    assert.strictEqual(deepFlowAt('a: ' + '['.repeat(MAX_FLOW_DEPTH + 1)), 3 + MAX_FLOW_DEPTH);
    assert.strictEqual(deepFlowAt('- ' + '{a: '.repeat(MAX_FLOW_DEPTH + 1)), 2 + 4 * MAX_FLOW_DEPTH);
    assert.strictEqual(deepFlowAt('a: "' + '{'.repeat(100) + '"\nb: c ' + '{'.repeat(100)), -1);
  });

  it('no corpus file trips a YAML guard', () => {
    for (const folder of ['prompty', 'dotprompt', 'markdown']) for (const file of corpusFiles(folder)) {
      const doc = parsePrompt(read(file), file);
      assert.ok(!doc.problems.some(p => /nest more than|used as a key|aliases \(\*name\)/.test(p.message)), `${file}: ${messages(doc).join('; ')}`);
    }
  });

  it('refuses collection keys and alias floods, and still reports duplicate keys', () => {
    const keys = parsePrompt(readFileSync(path.join(REGRESSIONS, 'yaml-collection-keys.prompty'), 'utf8'), 'a.prompty');
    assert.match(messages(keys).join('\n'), /Invalid YAML frontmatter: a mapping or list is used as a key/);
    const aliases = parsePrompt(readFileSync(path.join(REGRESSIONS, 'yaml-alias-chain.prompt.md'), 'utf8'), 'a.prompt.md');
    assert.match(messages(aliases).join('\n'), /more than 100 aliases/);
    const dup = parsePrompt('---\nmodel: a\nname: x\nmodel: b\n---\nhi\n', 'a.prompt.md');
    assert.deepStrictEqual(dup.problems.map(p => [p.message, p.range.start.line]), [['Invalid YAML frontmatter: Map keys must be unique', 3]]);
  });

  it('refuses JSON nested deeper than the limit with a clear error, also when detecting a plain .json file', () => {
    const deep = '{"messages": ' + '['.repeat(MAX_JSON_DEPTH + 5);
    const doc = parsePrompt(deep, 'a.chat.json');
    assert.match(messages(doc).join('\n'), new RegExp(`nest more than ${MAX_JSON_DEPTH} levels`));
    assert.doesNotThrow(() => parsePrompt('{"messages": ' + '['.repeat(100000), 'plain.json'));
    const ok = parsePrompt('{"messages": [{"role": "user", "content": "x", "meta": ' + '['.repeat(100) + ']'.repeat(100) + '}]}', 'a.chat.json');
    assert.deepStrictEqual(ok.problems, []);
  });

  it(`lists at most ${MAX_TAG_PROBLEMS} tag problems and says how many more there are`, () => {
    const doc = parsePrompt('---\nmodel: x\n---\n' + '{{'.repeat(2000), 'a.prompt');
    assert.strictEqual(doc.problems.length, MAX_TAG_PROBLEMS + 1);
    assert.match(doc.problems[MAX_TAG_PROBLEMS].message, /^\d+ more template tag problems are not listed/);
  });
});
