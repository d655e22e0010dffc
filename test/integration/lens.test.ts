import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, exampleUri, extension } from './util';

describe('code lenses', () => {
  before(() => extension().activate());

  it('shows token lenses on examples/support.prompty', async () => {
    const doc = await vscode.workspace.openTextDocument(exampleUri('support.prompty'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'prompty');

    const titles = await eventually(async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider', doc.uri, 100);
      const titles = (lenses ?? []).map((l) => l.command?.title ?? '');
      return titles.some((t) => t.includes('tokens')) ? titles : undefined;
    }, 'a code lens whose title includes "tokens"');

    assert.ok(titles.some((t) => t.includes('/call')), `no file lens with a per-call cost in ${JSON.stringify(titles)}`);
  });
});
