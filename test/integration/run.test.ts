import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ProviderServer } from '../support/providerServer';
import { eventually, extension } from './util';

const PROMPT = `---
model:
  id: gpt-4o-mini
  options:
    temperature: 0
    maxOutputTokens: 50
inputs:
  - name: city
    default: Oslo
---
system:
You answer in one sentence.

user:
Say hello to {{city}}.
`;

/** The run documents (`promptmeter-run:`) open now, newest last. */
const runDocuments = () => vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'promptmeter-run');

/** A run document's text once it matches: the editor re-reads the provider's content after each change event. */
const textOnceMatching = (doc: vscode.TextDocument, re: RegExp) =>
  eventually(async () => (re.test(doc.getText()) ? doc.getText() : undefined), `the run document to match ${re}`);

describe('run', () => {
  let server: ProviderServer;
  let dir: string;
  const env = { OPENAI_BASE_URL: process.env.OPENAI_BASE_URL, OPENAI_API_KEY: process.env.OPENAI_API_KEY };

  before(async () => {
    await extension().activate();
    server = await ProviderServer.start();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'promptmeter-run-it-'));
    // The extension host is this process: the run reads its key and base URL from here, as from a user's shell.
    process.env.OPENAI_BASE_URL = server.openaiBaseUrl;
    process.env.OPENAI_API_KEY = 'sk-test-integration-000000';
  });

  after(async () => {
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    await server?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  for (const id of ['promptmeter.runPrompt', 'promptmeter.setApiKey', 'promptmeter.clearCache']) {
    it(`registers ${id}`, async () => {
      assert.ok((await vscode.commands.getCommands(true)).includes(id), `${id} is not registered`);
    });
  }

  it('keeps the spend ledger in the extension\'s global storage', async () => {
    const paths = await vscode.commands.executeCommand<{ globalStorage: string; ledger: string }>('_promptmeter.runPaths');
    const storage = vscode.Uri.parse(paths.globalStorage);
    assert.equal(storage.scheme, 'file');
    assert.equal(path.dirname(paths.ledger), storage.fsPath);
    assert.equal(path.basename(paths.ledger), 'ledger.jsonl');
  });

  it('runs a prompt file against the local provider server, then serves the repeat from the memory cache', async () => {
    const file = path.join(dir, 'hello.prompty');
    await fs.writeFile(file, PROMPT);
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    const opened = runDocuments().length;

    await vscode.commands.executeCommand('promptmeter.runPrompt', uri);
    assert.equal(server.requestsTo('/chat/completions').length, 1);
    const first = runDocuments().at(-1)!;
    assert.equal(runDocuments().length, opened + 1);
    const firstText = await textOnceMatching(first, /cache:\s+miss/);
    assert.match(firstText, /Answer to: Say hello to Oslo\./);

    assert.match(firstText, /^# .*hello\.prompty · run 1\n/);

    // Run Again from the result tab (its editor/title action passes the tab's URI): the same document shows run 2.
    await vscode.commands.executeCommand('promptmeter.runAgain', first.uri);
    assert.equal(server.requestsTo('/chat/completions').length, 1, 'the repeat reached the server');
    assert.equal(runDocuments().length, opened + 1, 'the repeat opened another result document');
    const second = runDocuments().at(-1)!;
    assert.equal(second.uri.toString(), first.uri.toString(), 'the result tab is reused');
    const secondText = await textOnceMatching(second, /cache:\s+hit \(memory\)/);
    assert.match(secondText, /^# .*hello\.prompty · run 2\n/);
    assert.doesNotMatch(secondText, /cache:\s+miss/, 'the first run\'s text was replaced, not appended to');
    assert.match(secondText, /Answer to: Say hello to Oslo\./);
    assert.match(secondText, /cost:\s+\$0\.00\n/);
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === first.uri.toString()).length, 1, 'one result tab');

    const paths = await vscode.commands.executeCommand<{ ledger: string }>('_promptmeter.runPaths');
    const ledger = await fs.readFile(paths.ledger, 'utf8');
    assert.doesNotMatch(ledger, /sk-test-integration/);
    const mine = ledger.trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.file?.endsWith('hello.prompty'));
    assert.deepEqual(mine.slice(-2).map((r) => r.cache), ['miss', 'memory']);
  });

  it('Clear Cache > All cached answers makes the next run call the provider again', async () => {
    const uri = vscode.Uri.file(path.join(dir, 'hello.prompty'));
    const before = server.requestsTo('/chat/completions').length;
    let settled = false;
    const cleared = Promise.resolve(vscode.commands.executeCommand('promptmeter.clearCache')).finally(() => { settled = true; });
    // Accept the first pick ("All cached answers") once the quick pick is up.
    await eventually(async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled ? true : undefined;
    }, 'the Clear Cache quick pick to be answered');
    await cleared;

    await vscode.commands.executeCommand('promptmeter.runPrompt', uri);
    assert.equal(server.requestsTo('/chat/completions').length, before + 1, 'the run after clearing was not sent');
    await textOnceMatching(runDocuments().at(-1)!, /cache:\s+miss/);
  });

  it('writes a clear error into the run document when no API key is set, and sends nothing', async () => {
    const file = path.join(dir, 'nokey.prompty');
    await fs.writeFile(file, PROMPT.replace('Say hello', 'Say goodbye'));
    const before = server.requests.length;
    const key = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      await vscode.commands.executeCommand('promptmeter.runPrompt', vscode.Uri.file(file));
    } finally {
      process.env.OPENAI_API_KEY = key;
    }
    const doc = runDocuments().at(-1)!;
    const text = await textOnceMatching(doc, /error:/);
    assert.match(text, /No OpenAI API key is set/);
    assert.equal(server.requests.length, before);
  });
});
