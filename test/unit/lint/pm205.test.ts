import * as assert from 'node:assert';
import { ofRule } from './helpers';

describe('PM205: content that changes often in an always-on context file', () => {
  const text = 'Last updated: 2025-03-03.\nThe repo has 42 open issues; build 1187 is green.\nRun tests with `npm test`.\n';

  it('flags dates, "last updated" notes and counters in AGENTS.md, quoting each', () => {
    const found = ofRule(text, 'PM205', 'repo/AGENTS.md');
    const quoted = found.map((f) => /'([^']+)'/.exec(f.message)?.[1]);
    assert.deepStrictEqual(quoted, ['Last updated: 2025-03-03.', '42 open issues', 'build 1187']);
    assert.ok(found.every((f) => f.severity === 'info' && !f.fix && f.tokensSaved === 0));
    assert.match(found[0]!.message, /AGENTS\.md, which is sent with every turn/);
  });

  it('covers CLAUDE.md, Copilot instructions and Cursor rules', () => {
    for (const file of ['CLAUDE.md', '.github/copilot-instructions.md', '.github/instructions/ts.instructions.md', '.cursor/rules/style.mdc']) {
      assert.strictEqual(ofRule('As of March 3, 2025 we use pnpm.\n', 'PM205', `/w/${file}`).length, 1, file);
    }
  });

  it('stays silent on stable instructions and on ordinary prompt files', () => {
    assert.deepStrictEqual(ofRule('Use pnpm. Run tests with `npm test` before each commit.\n', 'PM205', 'AGENTS.md'), []);
    assert.deepStrictEqual(ofRule(text, 'PM205', 'notes.prompt.md'), []);
  });
});
