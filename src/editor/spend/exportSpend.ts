import * as vscode from 'vscode';
import type { Ledger } from '../../core/ledger/ledgerFile';
import { CSV_HEADER, csvRow } from '../../core/spend/export';
import type { SpendFilter } from '../../core/spend/protocol';
import type { SpendSnapshot } from '../../core/spend/snapshot';

/** CSV: every call in the filter, one row each; JSON: the snapshot the panel shows. Written where the user picks. */
export async function exportSpend(format: 'csv' | 'json', ledger: Ledger, filter: SpendFilter, since: Date | undefined, snapshot: SpendSnapshot): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `promptmeter-spend-${filter.range}.${format}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    saveLabel: `Export ${format.toUpperCase()}`,
  });
  if (!target) return;
  let text: string;
  if (format === 'json') {
    text = JSON.stringify({ filter, snapshot }, null, 2) + '\n';
  } else {
    const rows = [CSV_HEADER];
    for await (const r of ledger.read({ since })) {
      if (!filter.workspace || r.workspace === filter.workspace) rows.push(csvRow(r));
    }
    text = rows.join('');
  }
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  void vscode.window.showInformationMessage(`Promptmeter: spend exported to ${vscode.workspace.asRelativePath(target)}.`);
}
