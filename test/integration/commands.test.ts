import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension } from './util';

describe('commands', () => {
  before(() => extension().activate());

  for (const id of ['promptmeter.pickModel', 'promptmeter.runPrompt', 'promptmeter.showSpend']) {
    it(`registers ${id}`, async () => {
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes(id), `${id} is not registered`);
    });
  }

  it('registers every command contributed in package.json', async () => {
    const contributed: { command: string }[] = (extension().packageJSON as any).contributes.commands;
    const commands = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !commands.has(id));
    assert.deepEqual(missing, []);
  });
});
