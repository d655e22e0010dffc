import * as vscode from 'vscode';
import { activeOrVisiblePrompt } from './activePrompt';
import type { PromptDocuments } from './promptDocuments';

const CUSTOM = 'Enter a model id…';
const RESET = 'Use the file\'s or default model';

/** Choose the model counts and costs use for one file; kept in workspace state, not in the file. */
export async function pickModelCommand(docs: PromptDocuments, uri?: vscode.Uri): Promise<void> {
  const target = uri ?? activeOrVisiblePrompt((d) => docs.isPrompt(d))?.uri;
  const document = target && vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (!document || !docs.isPrompt(document)) {
    void vscode.window.showInformationMessage('Promptmeter: open a prompt file to pick its model.');
    return;
  }
  const doc = docs.parse(document)!;
  const current = docs.modelFor(document, doc);
  const items: vscode.QuickPickItem[] = [...new Set([current, ...docs.current.compareModels, docs.current.defaultModel])]
    .map((m) => {
      const a = docs.analyze(document, m)?.analysis;
      return { label: m, description: m === current ? 'current' : undefined, detail: a && `${a.estimated ? '≈' : ''}${a.inputTokens} input tokens` };
    });
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: CUSTOM }, { label: RESET });
  const pick = await vscode.window.showQuickPick(items, { title: 'Promptmeter: model for this file', placeHolder: doc.frontmatter.model ? `The file names ${doc.frontmatter.model}; a pick here overrides it for counts and costs` : current });
  if (!pick) return;
  if (pick.label === RESET) return docs.pickModel(document.uri, undefined);
  const model = pick.label === CUSTOM ? await vscode.window.showInputBox({ prompt: 'Model id, e.g. gpt-4.1-mini or claude-sonnet-4-5' }) : pick.label;
  if (model) await docs.pickModel(document.uri, model.trim());
}
