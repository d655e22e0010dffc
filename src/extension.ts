import * as vscode from 'vscode';
import { recordActivation } from './editor/activationTiming';
import { registerCounting } from './editor/counting';
import { registerExactCounts } from './editor/exactCountsFeature';
import { registerLint } from './editor/lint';
import { PromptDocuments } from './editor/promptDocuments';
import { registerReview } from './editor/review';
import { getLedger, registerRun } from './editor/run';
import { SettingsStore } from './editor/settings';
import { registerSpend } from './editor/spend';
import { registerWelcome } from './editor/welcome';

/** Composition root: build the services, register the features, hand every disposable to VS Code. */
export function activate(context: vscode.ExtensionContext): void {
  const startedAt = performance.now();
  const log = vscode.window.createOutputChannel('Promptmeter', { log: true });
  const settings = new SettingsStore();
  const docs = new PromptDocuments(context.workspaceState, settings);
  const exact = registerExactCounts(context, docs, log);
  const counting = registerCounting(docs, log, context.extensionPath, exact.exact);
  exact.exact.follow(counting.tracker, counting.analyses);
  context.subscriptions.push(log, settings, docs, ...exact.disposables, ...counting.disposables);
  context.subscriptions.push(registerLint(context, docs, counting.analyses, counting.lenses));
  context.subscriptions.push(...registerRun(context, docs, log));
  context.subscriptions.push(...registerReview(context, settings), registerWelcome(context));
  context.subscriptions.push(registerSpend(context, { ledger: () => getLedger(context, settings.current), settings: () => settings.current }, settings.onDidChange));
  recordActivation(startedAt, log);
}

export function deactivate(): void {}
