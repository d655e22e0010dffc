import * as vscode from 'vscode';
import type { PromptDocuments } from '../promptDocuments';
import { registerEval } from '../eval';
import { clearCacheCommand } from './clearCache';
import { RunOutputProvider, RUN_SCHEME } from './runOutput';
import { RunPromptCommand } from './runPrompt';
import { ledgerPath, RunServices } from './services';

export { getLedger, ledgerPath } from './services';

/** Running prompts: the Run, Set API Key and Clear Cache commands over one lazily built pipeline. */
export function registerRun(context: vscode.ExtensionContext, docs: PromptDocuments, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const services = new RunServices(context, log);
  const output = new RunOutputProvider();
  const run = new RunPromptCommand(docs, services, output, log);
  return [
    services, output, ...registerEval(context, services),
    vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, output),
    vscode.commands.registerCommand('promptmeter.runPrompt', (uri?: unknown) => run.execute(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('promptmeter.setApiKey', () => services.keys.setApiKeyCommand()),
    vscode.commands.registerCommand('promptmeter.clearCache', () => clearCacheCommand(services, docs)),
    // Not contributed (hidden from the palette): where run keeps its files, for the integration suite and support.
    vscode.commands.registerCommand('_promptmeter.runPaths', () => ({
      globalStorage: context.globalStorageUri.toString(), ledger: ledgerPath(context),
    })),
  ];
}
