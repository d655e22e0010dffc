import * as vscode from 'vscode';
import type { ClearFilter } from '../../core/client/cache';
import type { PromptDocuments } from '../promptDocuments';
import type { RunServices } from './services';

type Choice = { label: string; description?: string; filter: () => Promise<ClearFilter | undefined> };

/** "Promptmeter: Clear Cache": everything, this prompt file's entries, or entries older than N days. */
export async function clearCacheCommand(services: RunServices, docs: PromptDocuments): Promise<void> {
  const active = vscode.window.activeTextEditor?.document;
  const file = active && docs.isPrompt(active) ? vscode.workspace.asRelativePath(active.uri, false) : undefined;
  const choices: Choice[] = [{ label: 'All cached answers', filter: async () => ({ all: true }) }];
  if (file) choices.push({ label: 'This prompt file', description: file, filter: async () => ({ file }) });
  choices.push({ label: 'Older than…', description: 'a number of days', filter: askDays });
  const pick = await vscode.window.showQuickPick(choices, { title: 'Promptmeter: Clear Cache', placeHolder: 'Which cached answers?' });
  const filter = await pick?.filter();
  if (!filter) return;
  try {
    const counts = await services.clearCache(filter);
    const total = Object.values(counts).reduce((s, c) => s + c, 0);
    const detail = Object.entries(counts).map(([layer, c]) => `${layer} ${c}`).join(', ');
    services.logLine(`cache cleared (${JSON.stringify(filter)}): ${detail}`);
    void vscode.window.showInformationMessage(`Promptmeter: removed ${total} cached answer${total === 1 ? '' : 's'} (${detail}).`);
  } catch (err) {
    void vscode.window.showErrorMessage(`Promptmeter: clearing the cache failed: ${services.redact((err as Error).message)}`);
  }
}

/** Whole days, at least 1: the validation message shows while typing. */
export function validateDays(value: string): string | undefined {
  return /^\s*[1-9]\d{0,4}\s*$/.test(value) ? undefined : 'Enter a whole number of days, 1 or more.';
}

async function askDays(): Promise<ClearFilter | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Promptmeter: clear cached answers older than', prompt: 'Days', value: '7', validateInput: validateDays,
  });
  return value === undefined ? undefined : { olderThanDays: Number(value.trim()) };
}
