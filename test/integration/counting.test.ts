import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, exampleUri, extension } from './util';

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return (lenses ?? []).map((l) => l.command?.title ?? '');
}

const fileLens = (titles: string[]) => titles.find((t) => t.includes('/call') || t.includes('unpriced'));

describe('counting in the editor', () => {
  before(() => extension().activate());

  it('hovers line 1 with the cost split and the compare models', async () => {
    const doc = await vscode.workspace.openTextDocument(exampleUri('support.prompty'));
    await vscode.window.showTextDocument(doc);
    await eventually(async () => fileLens(await lensTitles(doc.uri)), 'the file lens');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /cached input \| cache write \| output/);
    for (const model of vscode.workspace.getConfiguration('promptmeter').get<string[]>('compareModels')!) {
      assert.ok(text.includes(model), `hover lacks ${model}`);
    }
  });

  it('labels Claude counts and costs as estimates', async () => {
    const doc = await vscode.workspace.openTextDocument(exampleUri('anthropic.chat.json'));
    const titles = await eventually(async () => {
      const t = await lensTitles(doc.uri);
      return fileLens(t) ? t : undefined;
    }, 'lenses on anthropic.chat.json');
    assert.match(fileLens(titles)!, /^≈[\d,]+ in \+ [\d,]+ out · ≈\$[\d.]+\/call · claude/);
    assert.ok(titles.filter((t) => t.includes(' tokens')).every((t) => t.includes('≈')), JSON.stringify(titles));
  });

  it('recounts after an edit, and the total follows the text', async () => {
    const file = await vscode.workspace.openTextDocument(exampleUri('plain.prompt.txt'));
    const before = await eventually(async () => fileLens(await lensTitles(file.uri)), 'the file lens');
    const count = (t: string) => Number(/^≈?([\d,]+) in/.exec(t)![1].replace(/,/g, ''));
    const edit = new vscode.WorkspaceEdit();
    const added = 'Answer in exactly three short sentences, please. ';
    edit.insert(file.uri, new vscode.Position(0, 0), added);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await eventually(async () => {
      const t = fileLens(await lensTitles(file.uri));
      return t && count(t) !== count(before) ? t : undefined;
    }, 'the file lens to change');
    assert.ok(count(after) > count(before), `${after} vs ${before}`);
    const undo = new vscode.WorkspaceEdit();
    undo.delete(file.uri, new vscode.Range(0, 0, 0, added.length));
    assert.ok(await vscode.workspace.applyEdit(undo));
    await eventually(async () => (fileLens(await lensTitles(file.uri)) === before ? true : undefined), 'the lens to return to its first total');
  });
});
