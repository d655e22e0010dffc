import * as vscode from 'vscode';
import { describeApplied, disableEdit, type Finding, type FixAllResult, type TextEdit } from '../../core/lint';
import { LineIndex } from '../../core/prompt';
import type { PromptDocuments } from '../promptDocuments';
import { fixAllPlan } from './computer';
import type { LintManager } from './manager';
import { activeOrVisiblePrompt } from '../activePrompt';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('promptmeter');
const FIX_ALL_TITLE = 'Fix all Promptmeter problems';

function workspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  return we;
}

function rangeOf(f: Finding): vscode.Range {
  return new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character);
}

/** "Fix all PM101 problems in this file": its edit is computed only when chosen. */
class RuleFixAllAction extends vscode.CodeAction {
  constructor(readonly document: vscode.TextDocument, readonly version: number, readonly ruleId: string) {
    super(`Fix all ${ruleId} problems in this file`, vscode.CodeActionKind.QuickFix);
  }
}

/**
 * Per finding at the cursor: its fix (preferred), "Fix all PMxxx in this file", "Disable PMxxx for this line /
 * this file"; and `source.fixAll.promptmeter`, which applies the same plan as the file lens and Fix All.
 */
export class LintCodeActions implements vscode.CodeActionProvider<vscode.CodeAction> {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly docs: PromptDocuments, private readonly manager: LintManager) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!this.manager.enabled || !this.docs.isPrompt(document)) return [];
    const findings = this.manager.resultFor(document);
    const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);
    const out: vscode.CodeAction[] = [];
    if (wants(vscode.CodeActionKind.QuickFix)) {
      const here = findings.filter((f) => { const r = rangeOf(f); return !!r.intersection(range) || r.contains(range.start); });
      for (const f of here) {
        if (!f.fix) continue;
        const action = new vscode.CodeAction(f.fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = workspaceEdit(document, f.fix.edits);
        action.isPreferred = true;
        action.diagnostics = this.diagnosticsOf(context, f);
        out.push(action);
      }
      for (const ruleId of [...new Set(here.map((f) => f.ruleId))]) {
        if (findings.filter((f) => f.ruleId === ruleId && f.fix).length > 1) out.push(new RuleFixAllAction(document, document.version, ruleId));
      }
      out.push(...this.disableActions(document, here, context));
    }
    if (context.only && wants(FIX_ALL_KIND) && !context.only.contains(vscode.CodeActionKind.QuickFix)) {
      const plan = fixAllPlan(this.docs, document, findings);
      if (plan?.edits.length) {
        const action = new vscode.CodeAction(FIX_ALL_TITLE, FIX_ALL_KIND);
        action.edit = workspaceEdit(document, plan.edits);
        out.push(action);
      }
    }
    return out;
  }

  resolveCodeAction(action: vscode.CodeAction): vscode.CodeAction {
    if (action instanceof RuleFixAllAction && action.document.version === action.version) {
      const plan = fixAllPlan(this.docs, action.document, this.manager.resultFor(action.document), action.ruleId);
      if (plan?.edits.length) action.edit = workspaceEdit(action.document, plan.edits);
    }
    return action;
  }

  /** One "for this line" and one "for this file" per rule at the cursor, as comments in the format's syntax. */
  private disableActions(document: vscode.TextDocument, here: Finding[], context: vscode.CodeActionContext): vscode.CodeAction[] {
    const doc = this.docs.parse(document);
    if (!doc) return [];
    const lines = new LineIndex(doc.text);
    const out: vscode.CodeAction[] = [];
    const done = new Set<string>();
    for (const f of here) {
      if (done.has(f.ruleId)) continue;
      done.add(f.ruleId);
      for (const scope of ['line', 'file'] as const) {
        const edit = disableEdit(doc, lines, f, scope);
        if (!edit) continue;
        const action = new vscode.CodeAction(`Disable ${f.ruleId} for this ${scope}`, vscode.CodeActionKind.QuickFix);
        action.edit = workspaceEdit(document, [edit]);
        action.diagnostics = this.diagnosticsOf(context, f);
        out.push(action);
      }
    }
    return out;
  }

  private diagnosticsOf(context: vscode.CodeActionContext, f: Finding): vscode.Diagnostic[] {
    const r = rangeOf(f);
    return context.diagnostics.filter((d) => d.source === 'promptmeter' && typeof d.code === 'object' && d.code.value === f.ruleId && d.range.isEqual(r));
  }
}

async function documentFor(uri: vscode.Uri | undefined, docs: PromptDocuments): Promise<vscode.TextDocument | undefined> {
  if (!uri) return activeOrVisiblePrompt((d) => docs.isPrompt(d));
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? vscode.workspace.openTextDocument(uri);
}

/**
 * `promptmeter.fixAll` (from the file lens, with the document it sits on; else the active editor): applies the
 * plan the lens showed as one workspace edit, so one undo restores the text.
 */
export async function fixAllCommand(manager: LintManager, docs: PromptDocuments, uri?: vscode.Uri): Promise<FixAllResult | undefined> {
  const document = await documentFor(uri instanceof vscode.Uri ? uri : undefined, docs);
  if (!document || !docs.isPrompt(document)) {
    void vscode.window.showInformationMessage('Promptmeter: open a prompt file to fix its problems.');
    return undefined;
  }
  const plan = fixAllPlan(docs, document, manager.resultFor(document));
  if (!plan || plan.edits.length === 0) {
    void vscode.window.setStatusBarMessage('Promptmeter: nothing to fix in this file', 5000);
    return plan;
  }
  if (!(await vscode.workspace.applyEdit(workspaceEdit(document, plan.edits)))) {
    void vscode.window.showWarningMessage('Promptmeter: the fixes could not be applied (the file changed meanwhile). Try Fix All again.');
    return undefined;
  }
  void vscode.window.setStatusBarMessage(`Promptmeter: ${describeApplied(plan.fixes, plan.tokensSaved)}`, 5000);
  if (plan.refused.length) {
    const list = plan.refused.map((r) => `${r.finding.ruleId} on line ${r.finding.range.start.line + 1} (${r.reason})`).join('; ');
    void vscode.window.showWarningMessage(`Promptmeter left ${plan.refused.length} fix${plan.refused.length === 1 ? '' : 'es'} unapplied because the file would no longer parse: ${list}.`);
  }
  return plan;
}
