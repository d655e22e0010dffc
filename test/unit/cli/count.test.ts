import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli';
import type { CliIO } from '../../../src/cli/io';

const ROOT = join(__dirname, '../../..');
const CORPUS = join(ROOT, 'test/fixtures/corpus');

async function cli(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd, env: {} };
  const code = await main(args, io);
  return { code, out, err };
}

describe('promptmeter count', () => {
  it('bills the cookbook example as the API did: 124 for gpt-4o, 129 for gpt-4', async () => {
    for (const [model, expected] of [['gpt-4o', 124], ['gpt-4', 129]] as const) {
      const r = await cli(['count', '--json', '--model', model, 'examples/cookbook.chat.json']);
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out);
      assert.equal(json.files[0].inputTokens, expected);
      assert.equal(json.files[0].messages.length, 6);
      assert.equal(json.files[0].messages[1].name, 'example_user');
    }
  });

  it('prints exactly one JSON object with the documented shape', async () => {
    const r = await cli(['count', '--json', '--model', 'gpt-4o', 'examples/support.prompty']);
    const json = JSON.parse(r.out);
    const f = json.files[0];
    assert.deepEqual(Object.keys(json), ['files', 'errors']);
    assert.equal(f.encoding, 'o200k_base');
    assert.equal(f.estimated, false);
    assert.deepEqual(Object.keys(f.cost), ['priced', 'inputUSD', 'outputTokens', 'outputUSD', 'perCallUSD']);
    assert.equal(f.cost.outputTokens, 600, "the file's max output tokens");
    const plain = JSON.parse((await cli(['count', '--json', 'examples/plain.prompt.txt'])).out).files[0];
    assert.equal(plain.cost.outputTokens, 500, 'the default expected output when the file sets none');
    assert.ok(Math.abs(f.cost.perCallUSD - (f.cost.inputUSD + f.cost.outputUSD)) < 1e-9);
    assert.ok(f.inputTokens > f.messages.reduce((s: number, m: { tokens: number }) => s + m.tokens, 0), 'input includes chat overhead');
    assert.equal(typeof f.messages[0].range.start.line, 'number');
  });

  it('counts the whole corpus, listing each broken dotprompt file under errors with a line', async () => {
    const r = await cli(['count', '--json', CORPUS]);
    assert.ok(r.code === 0 || r.code === 1);
    assert.doesNotMatch(r.out + r.err, /\n\s+at /, 'no stack trace');
    const json = JSON.parse(r.out);
    assert.ok(json.files.length >= 250, `${json.files.length} files counted`);
    for (const f of json.files) assert.ok(Number.isInteger(f.inputTokens) && f.inputTokens >= 0, f.path);
    // A stray '}}' (unbalanced-brace) is text in Handlebars: counted, not an error.
    const broken = ['invalid-yaml', 'multiple-issues', 'unclosed-block', 'unmatched-closing-block'];
    for (const b of broken) {
      const e = json.errors.find((x: { path: string }) => x.path.endsWith(`examples_error-${b}.prompt`));
      assert.ok(e, `examples_error-${b} not listed`);
      assert.ok(Number.isInteger(e.line) && e.line > 0, `examples_error-${b} has no line`);
    }
    assert.equal(r.code, 1);
  });

  it('shows unpriced models as unpriced, never $0', async () => {
    const r = await cli(['count', '--json', '--model', 'my-local-llama', 'examples/plain.prompt.txt']);
    const f = JSON.parse(r.out).files[0];
    assert.equal(f.cost.priced, false);
    assert.equal(f.estimated, true);
    assert.equal(f.cost.perCallUSD, undefined);
    const table = await cli(['count', '--model', 'my-local-llama', 'examples/plain.prompt.txt']);
    assert.match(table.out, /unpriced/);
    assert.doesNotMatch(table.out, /\$0\b/);
  });

  it('reports unreadable and malformed files without stopping the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-count-'));
    writeFileSync(join(dir, 'bad.prompt.json'), '{"messages": [ {"role": "user", "content": "hi"} ');
    writeFileSync(join(dir, 'ok.prompt.txt'), 'Summarise this.');
    const r = await cli(['count', '--json', 'bad.prompt.json', 'ok.prompt.txt', 'missing.prompty'], dir);
    const json = JSON.parse(r.out);
    assert.equal(r.code, 1);
    assert.ok(json.files.some((f: { path: string }) => f.path === 'ok.prompt.txt'));
    assert.ok(json.errors.some((e: { path: string }) => e.path === 'bad.prompt.json'));
    assert.ok(json.errors.some((e: { path: string }) => e.path === 'missing.prompty'));
  });

  it('exits 2 on bad usage, with the usage line', async () => {
    assert.equal((await cli(['count'])).code, 2);
    const r = await cli(['count', '--nope', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.err, /Usage: promptmeter count/);
    assert.equal((await cli(['frobnicate'])).code, 2);
  });
});
