import * as vscode from 'vscode';
import { chooseFixes, type TextEdit } from '../../core/lint';
import type { PromptDocuments } from '../promptDocuments';
import type { LintManager } from './manager';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('promptmeter');
const FIX_ALL_TITLE = 'Fix all Promptmeter problems';
const MAX_FIX_PASSES = 5;

function workspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  return we;
}

/** One quick fix per finding at the cursor (it is the safe one, so preferred) and `source.fixAll.promptmeter`. */
export class LintCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly docs: PromptDocuments, private readonly manager: LintManager) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!this.manager.enabled || !this.docs.isPrompt(document)) return [];
    const findings = this.manager.resultFor(document);
    const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);
    const out: vscode.CodeAction[] = [];
    if (wants(vscode.CodeActionKind.QuickFix)) {
      for (const f of findings) {
        if (!f.fix) continue;
        const r = new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character);
        if (!r.intersection(range) && !r.contains(range.start)) continue;
        const action = new vscode.CodeAction(f.fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = workspaceEdit(document, f.fix.edits);
        action.isPreferred = true;
        action.diagnostics = context.diagnostics.filter((d) => d.source === 'promptmeter' && typeof d.code === 'object' && d.code.value === f.ruleId && d.range.isEqual(r));
        out.push(action);
      }
    }
    if (context.only && wants(FIX_ALL_KIND) && !context.only.contains(vscode.CodeActionKind.QuickFix)) {
      const { edits } = chooseFixes(findings);
      if (edits.length) {
        const action = new vscode.CodeAction(FIX_ALL_TITLE, FIX_ALL_KIND);
        action.edit = workspaceEdit(document, edits);
        out.push(action);
      }
    }
    return out;
  }
}

/** `promptmeter.fixAll`: applies every fix in the active prompt, re-linting between passes until nothing is left. */
export async function fixAllCommand(manager: LintManager, docs: PromptDocuments): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document;
  if (!document || !docs.isPrompt(document)) {
    void vscode.window.showInformationMessage('Promptmeter: open a prompt file to fix its problems.');
    return;
  }
  let fixes = 0;
  let saved = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const { edits, applied } = chooseFixes(manager.resultFor(document));
    if (!edits.length) break;
    if (!(await vscode.workspace.applyEdit(workspaceEdit(document, edits)))) break;
    fixes += applied.length;
    saved += applied.reduce((n, f) => n + f.tokensSaved, 0);
  }
  void vscode.window.setStatusBarMessage(`Promptmeter: ${fixes} fixes applied, ${saved} tokens saved per call`, 5000);
}
