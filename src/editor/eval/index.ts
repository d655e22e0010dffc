import * as vscode from 'vscode';
import type { BatchJob } from '../../core/batch/types';
import type { RunServices } from '../run/services';
import { BatchJobsView } from './batchView';
import { editorBatchContext } from './context';
import { DatasetLensProvider } from './datasetLens';
import { EvalPanels } from './panel';
import { DatasetDiagnostics } from './prepare';
import { type RunDatasetArgs, RunDatasetCommand } from './runDataset';

const isJob = (x: unknown): x is BatchJob => typeof x === 'object' && x !== null && typeof (x as BatchJob).id === 'string';

/** Datasets, model comparison and provider batches: the Run Dataset command, its lens, the Batches view. */
export function registerEval(context: vscode.ExtensionContext, services: RunServices): vscode.Disposable[] {
  const panels = new EvalPanels(context.extensionUri);
  const pollMs = () => Math.max(1, services.current.batchPollSeconds) * 1000;
  const batches = new BatchJobsView(() => editorBatchContext(context, services), panels, pollMs);
  const diagnostics = new DatasetDiagnostics();
  const runDataset = new RunDatasetCommand(context, services, panels, batches, diagnostics);
  const lens = new DatasetLensProvider();
  // Jobs submitted before a reload or restart are polled again, and their results still land.
  batches.start();
  return [
    panels, batches, diagnostics, lens,
    vscode.window.registerTreeDataProvider('promptmeter.batches', batches),
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lens),
    vscode.commands.registerCommand('promptmeter.runDataset', (uri?: unknown, args?: RunDatasetArgs) =>
      runDataset.execute(uri instanceof vscode.Uri ? uri : undefined, args ?? {})),
    vscode.commands.registerCommand('promptmeter.batch.refresh', () => batches.pollOnce()),
    vscode.commands.registerCommand('promptmeter.batch.cancel', (job?: unknown) => isJob(job) && batches.cancel(job)),
    vscode.commands.registerCommand('promptmeter.batch.openResults', (job?: unknown) => isJob(job) && batches.openResults(job)),
  ];
}
