import * as vscode from 'vscode';
import type { PromptDocuments } from '../promptDocuments';
import { registerEval } from '../eval';
import { clearCacheCommand } from './clearCache';
import { InputMemory } from '../../core/run/inputMemory';
import { RunOutputProvider, RUN_SCHEME } from './runOutput';
import { RunPromptCommand } from './runPrompt';
import { ledgerPath, RunServices } from './services';

export { getLedger, ledgerPath } from './services';

/** Running prompts: the Run, Run Again, Set API Key and Clear Cache commands over one lazily built pipeline. */
export function registerRun(context: vscode.ExtensionContext, docs: PromptDocuments, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const services = new RunServices(context, log, docs.settings);
  const output = new RunOutputProvider();
  const run = new RunPromptCommand(docs, services, output, log, new InputMemory(context.workspaceState));
  return [
    services, output, ...registerEval(context, services),
    vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, output),
    vscode.commands.registerCommand('promptmeter.runPrompt', (uri?: unknown) => run.execute(uri instanceof vscode.Uri ? uri : undefined)),
    // From a result tab's title (its URI names the prompt file) or the palette while a result tab is active.
    vscode.commands.registerCommand('promptmeter.runAgain', (uri?: unknown) => run.execute(uri instanceof vscode.Uri ? uri : undefined)),
    // A provider id when reached from that provider's error: no need to ask which provider.
    vscode.commands.registerCommand('promptmeter.setApiKey', (provider?: unknown) => services.keys.setApiKeyCommand(provider)),
    vscode.commands.registerCommand('promptmeter.clearCache', () => clearCacheCommand(services, docs)),
    // Not contributed (hidden from the palette): where run keeps its files, for the integration suite and support.
    vscode.commands.registerCommand('_promptmeter.runPaths', () => ({
      globalStorage: context.globalStorageUri.toString(), ledger: ledgerPath(context),
    })),
  ];
}
