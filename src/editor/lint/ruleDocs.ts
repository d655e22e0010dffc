import * as vscode from 'vscode';

export const SHOW_RULE_DOC = 'promptmeter.showRuleDoc';

/** A diagnostic's code link: a command that opens the rule's page as a Markdown preview, not as an editable file. */
export function ruleDocTarget(ruleId: string): vscode.Uri {
  return vscode.Uri.parse(`command:${SHOW_RULE_DOC}?${encodeURIComponent(JSON.stringify([ruleId]))}`);
}

export function registerRuleDocs(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_RULE_DOC, async (ruleId: unknown) => {
    if (typeof ruleId !== 'string' || !/^PM\d{3}$/.test(ruleId)) return;
    const page = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', page);
    } catch {
      // Without the built-in Markdown extension the page still opens, as text.
      await vscode.window.showTextDocument(page, { preview: true });
    }
  });
}
