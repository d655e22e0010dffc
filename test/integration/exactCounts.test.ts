// Exact Claude counts in the real workbench against the local provider server (issue 10, "Claude counts").
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyzePrompt } from '../../src/core/analysis/analyze';
import { PriceBook } from '../../src/core/pricing/prices';
import { parsePrompt } from '../../src/core/prompt';
import { ProviderServer } from '../support/providerServer';
import { eventually, extension } from './util';

const KEY = 'sk-ant-test-integration-exact-0123456789';

const prompt = (topic: string) => `---
name: exact
model:
  id: claude-sonnet-4-5
inputs:
  - name: question
    default: Why is the sky blue?
---
system:
You are a patient teacher of ${topic}.

user:
{{question}}
`;

/** The file lens title (the one with "/call" or "unpriced"). */
async function fileLens(uri: vscode.Uri): Promise<string | undefined> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  // "N in + M out" or, with input defaults, "N in template · M rendered + K out".
  return (lenses ?? []).map((l) => l.command?.title ?? '').find((t) => / in( template · .* rendered)? \+ /.test(t));
}

const lensShowing = (uri: vscode.Uri, test: (title: string) => boolean, what: string) =>
  eventually(async () => {
    const t = await fileLens(uri);
    if (t && test(t)) return t;
    throw new Error(`the file lens shows "${t}"`);
  }, what);

const idle = () => eventually(async () => ((await vscode.commands.executeCommand<boolean>('_promptmeter.exactCountsBusy')) ? undefined : true), 'exact counts to be idle');

describe('exact counts (Anthropic count_tokens)', function () {
  this.timeout(90_000);
  let server: ProviderServer;
  let dir: string;
  const env = { ANTHROPIC_BASE_URL: process.env.ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY: process.env.ANTHROPIC_API_KEY };
  const config = () => vscode.workspace.getConfiguration('promptmeter');

  before(async () => {
    await extension().activate();
    server = await ProviderServer.start();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'promptmeter-exact-it-'));
    process.env.ANTHROPIC_BASE_URL = server.anthropicBaseUrl;
    process.env.ANTHROPIC_API_KEY = KEY;
    await config().update('exactCounts.anthropic', true, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('exactCounts.anthropic', undefined, vscode.ConfigurationTarget.Global);
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const file = () => vscode.Uri.file(path.join(dir, 'teacher.prompty'));

  it('shows exactly the input_tokens the server returned, with no ≈', async () => {
    await fs.writeFile(file().fsPath, prompt('physics'));
    server.counts.answer('anthropic', 4321, 1);
    await vscode.window.showTextDocument(file());
    const title = await lensShowing(file(), (t) => t.startsWith('4,321 in'), 'the file lens to show 4,321 exact');
    assert.doesNotMatch(title, /≈/);
    await idle();
    assert.equal(server.counts.requests('anthropic').length, 1);
    const sent = server.counts.requests('anthropic')[0]!.body;
    assert.equal(sent.model, 'claude-sonnet-4-5');
    assert.deepEqual(sent.system, [{ type: 'text', text: 'You are a patient teacher of physics.', cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual(sent.messages, [{ role: 'user', content: 'Why is the sky blue?' }], 'the input default is rendered');
    // The calibration compares the exact figure with the local count of the same rendered request, not the template.
    const local = analyzePrompt(parsePrompt(prompt('physics'), file().fsPath), { model: 'claude-sonnet-4-5', prices: new PriceBook(), expectedOutputTokens: 1 });
    assert.ok(local.rendered && local.rendered.inputTokens !== local.inputTokens);
    const paths = await vscode.commands.executeCommand<{ globalStorage: string }>('_promptmeter.runPaths');
    const table = JSON.parse(await fs.readFile(path.join(vscode.Uri.parse(paths.globalStorage).fsPath, 'calibration.json'), 'utf8')) as Record<string, { exact: number; estimate: number; ratio: number }>;
    assert.deepEqual(table['claude-sonnet-4-5'] && { ...table['claude-sonnet-4-5'], at: undefined, model: undefined },
      { exact: 4321, estimate: local.rendered.inputTokens, ratio: 4321 / local.rendered.inputTokens, at: undefined, model: undefined });
  });

  it('sends nothing for a request counted before: the disk cache answers, as on a second open', async () => {
    // The extension host keeps a closed editor's document for minutes, so a copy stands in for the reopened file:
    // same request, fresh editor state, only the on-disk count cache can answer.
    const copy = vscode.Uri.file(path.join(dir, 'teacher-again.prompty'));
    await fs.writeFile(copy.fsPath, prompt('physics'));
    await idle();
    const before = server.counts.requests().length;
    await vscode.window.showTextDocument(copy);
    const title = await lensShowing(copy, (t) => t.startsWith('4,321 in'), 'the copy\'s file lens to show 4,321 exact');
    assert.doesNotMatch(title, /≈/);
    await idle();
    assert.equal(server.counts.requests().length, before, 'the unchanged request was sent again');
  });

  it('sends at most one count request for 20 keystrokes within 2 s, and shows ≈ while waiting', async () => {
    const typing = vscode.Uri.file(path.join(dir, 'typing.prompty'));
    await fs.writeFile(typing.fsPath, prompt('biology'));
    await idle();
    server.counts.answer('anthropic', 1111, 1);
    const editor = await vscode.window.showTextDocument(typing);
    await lensShowing(typing, (t) => t.startsWith('1,111 in'), 'the file lens to show 1,111 exact');
    await idle();
    const line = editor.document.lineAt(9);
    assert.match(line.text, /teacher of biology/);
    editor.selection = new vscode.Selection(line.range.end, line.range.end);
    server.counts.answer('anthropic', 2222, 1);
    const before = server.counts.requests('anthropic').length;
    const started = Date.now();
    // Twenty keystrokes queued back to back, as fast typing delivers them.
    await Promise.all([...' and of zoology!!!!.'].map((ch) => vscode.commands.executeCommand('type', { text: ch })));
    const typingMs = Date.now() - started;
    assert.ok(typingMs < 2000, `typing took ${typingMs} ms`);
    assert.match(editor.document.getText(), /teacher of biology\. and of zoology!!!!\./);
    // Between exact counts the estimate, scaled by the file's last ratio, keeps its ≈.
    const waiting = await fileLens(typing);
    assert.match(waiting ?? '', /^≈/, `lens while typing: ${waiting}`);
    const title = await lensShowing(typing, (t) => t.startsWith('2,222 in'), 'the file lens to show 2,222 exact');
    assert.doesNotMatch(title, /≈/);
    await idle();
    assert.equal(server.counts.requests('anthropic').length - before, 1);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('with the setting off sends nothing until "Count Exactly" is run', async () => {
    await config().update('exactCounts.anthropic', false, vscode.ConfigurationTarget.Global);
    const other = vscode.Uri.file(path.join(dir, 'other.prompty'));
    await fs.writeFile(other.fsPath, prompt('chemistry'));
    await idle();
    const before = server.counts.requests().length;
    const editor = await vscode.window.showTextDocument(other);
    await lensShowing(other, (t) => t.startsWith('≈'), 'an estimated file lens');
    editor.selection = new vscode.Selection(editor.document.lineAt(9).range.end, editor.document.lineAt(9).range.end);
    for (const ch of ' too') await vscode.commands.executeCommand('type', { text: ch });
    // Nothing is waiting for a pause in typing and nothing is in flight: no request can follow.
    assert.equal(await vscode.commands.executeCommand<boolean>('_promptmeter.exactCountsBusy'), false);
    assert.equal(server.counts.requests().length, before);

    server.counts.answer('anthropic', 987, 1);
    const result = await vscode.commands.executeCommand<{ ok: boolean }>('promptmeter.countExactly', other);
    assert.deepEqual(result && { ...result, hash: '' }, { ok: true, inputTokens: 987, source: 'provider', hash: '' });
    assert.equal(server.counts.requests().length, before + 1);
    const title = await lensShowing(other, (t) => t.startsWith('987 in'), 'the file lens to show 987 exact');
    assert.doesNotMatch(title, /≈/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('keeps the key out of the count cache and the calibration table', async () => {
    const paths = await vscode.commands.executeCommand<{ globalStorage: string }>('_promptmeter.runPaths');
    const storage = vscode.Uri.parse(paths.globalStorage).fsPath;
    for (const name of ['count-cache.json', 'calibration.json']) {
      const text = await fs.readFile(path.join(storage, name), 'utf8');
      assert.match(text, /claude-sonnet-4-5/, `${name} holds no count`);
      assert.ok(!text.includes(KEY), `${name} holds the API key`);
    }
  });
});
