import * as assert from 'assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { lintCommand } from '../../../src/cli/lint';
import type { CliIO } from '../../../src/cli/io';
import { CORPUS, FIXTURES, fencedBlocks } from './helpers';

function io(cwd: string): CliIO & { out: string; err: string } {
  const x = { out: '', err: '', cwd, env: {}, stdout: (t: string) => { x.out += t; }, stderr: (t: string) => { x.err += t; } };
  return x;
}

describe('lint: CLI', function () {
  this.timeout(300_000);

  it('lint --json over the markdown corpus reports findings and total tokens saved', async () => {
    const x = io(CORPUS);
    const code = await lintCommand(['--json', 'markdown'], x);
    assert.strictEqual(x.err, '');
    const json = JSON.parse(x.out);
    assert.strictEqual(json.files.length, readdirSync(join(CORPUS, 'markdown')).length);
    assert.ok(json.tokensSaved > 0);
    assert.strictEqual(json.fixes, json.files.reduce((n: number, f: { fixes: number }) => n + f.fixes, 0));
    // tokensSaved appears only where a fix saves tokens: no finding states a zero or negative saving.
    for (const f of json.files.flatMap((x: { findings: Record<string, unknown>[] }) => x.findings)) {
      const keys = Object.keys(f).sort();
      assert.ok(['message,range,ruleId,severity', 'message,range,ruleId,severity,tokensSaved'].includes(keys.join(',')), keys.join(','));
      if ('tokensSaved' in f) assert.ok((f.tokensSaved as number) > 0);
    }
    assert.strictEqual(code, json.files.some((f: { findings: { severity: string }[] }) => f.findings.some((g) => g.severity === 'error')) ? 1 : 0);
  });

  it('--fix on a copy leaves every fenced code block byte for byte and converges', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-lint-'));
    try {
      cpSync(join(CORPUS, 'markdown'), dir, { recursive: true });
      const before = new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
      const x = io(dir);
      await lintCommand(['--fix', '.'], x);
      assert.match(x.out, /fixes applied, [\d,]+ tokens saved per call/);
      let changed = 0;
      for (const [f, text] of before) {
        const after = readFileSync(join(dir, f), 'utf8');
        if (after !== text) changed++;
        assert.deepStrictEqual(fencedBlocks(after), fencedBlocks(text), f);
      }
      assert.ok(changed > 0);
      const again = io(dir);
      await lintCommand(['--json', '.'], again);
      assert.strictEqual(JSON.parse(again.out).tokensSaved, 0);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('the totals lint --json states equal what lint --fix applies, for the corpus and the examples; afterwards nothing is fixable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-lint-'));
    try {
      for (const d of ['markdown', 'prompty', 'dotprompt']) cpSync(join(CORPUS, d), join(dir, d), { recursive: true });
      cpSync(join(CORPUS, '../../../examples'), join(dir, 'examples'), { recursive: true });
      cpSync(join(FIXTURES, 'fix-all.prompty'), join(dir, 'fix-all.prompty'));
      // The deliberately broken dotprompt files do not parse: lint reports them and does not fix them.
      const stated = io(dir);
      await lintCommand(['--json', '.'], stated);
      const before = JSON.parse(stated.out);
      const fixing = io(dir);
      await lintCommand(['--fix', '--json', '.'], fixing);
      const applied = JSON.parse(fixing.out);
      assert.ok(before.fixes > 0);
      assert.strictEqual(applied.fixed, before.fixes);
      assert.strictEqual(applied.tokensSaved, before.tokensSaved);
      const perFile = (j: { files: { path: string; tokensSaved: number }[] }) => Object.fromEntries(j.files.map((f) => [f.path, f.tokensSaved]));
      assert.deepStrictEqual(perFile(applied), perFile(before));
      const again = io(dir);
      await lintCommand(['--json', '.'], again);
      const after = JSON.parse(again.out);
      assert.strictEqual(after.fixes, 0);
      assert.strictEqual(after.tokensSaved, 0);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('a file that does not parse: lint reports the parse error and exits 1, and --fix leaves it alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-lint-'));
    try {
      const name = 'examples_error-unclosed-block.prompt';
      cpSync(join(CORPUS, 'dotprompt', name), join(dir, name));
      const text = readFileSync(join(dir, name), 'utf8');
      const x = io(dir);
      assert.strictEqual(await lintCommand([name], x), 1);
      assert.match(x.out, /examples_error-unclosed-block\.prompt:\d+:\d+ +error +parse +.*never closed/);
      const y = io(dir);
      assert.strictEqual(await lintCommand(['--fix', '--json', name], y), 1);
      const json = JSON.parse(y.out);
      assert.strictEqual(json.files[0].parseErrors.length, 1);
      assert.strictEqual(json.fixed, 0);
      assert.strictEqual(readFileSync(join(dir, name), 'utf8'), text);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('exits 1 on error findings, 2-style usage errors throw, missing files are reported without a stack', async () => {
    const x = io(FIXTURES);
    assert.strictEqual(await lintCommand(['cache-order.prompty'], x), 0);
    assert.match(x.out, /PM201/);
    const y = io(FIXTURES);
    assert.strictEqual(await lintCommand(['nope.prompty'], y), 1);
    assert.match(y.err, /nope\.prompty: no such file/);
    assert.doesNotMatch(y.err, /at .*\.ts:\d+/);
    await assert.rejects(lintCommand([], io(FIXTURES)), /needs at least one file/);
  });
});
