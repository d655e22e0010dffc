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
    const sample = json.files.flatMap((f: { findings: unknown[] }) => f.findings)[0];
    assert.deepStrictEqual(Object.keys(sample).sort(), ['message', 'range', 'ruleId', 'severity', 'tokensSaved']);
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
