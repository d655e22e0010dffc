import * as path from 'node:path';
import * as vscode from 'vscode';

/** Candidates for a ledger file path inside the workspace folders; nothing that escapes them (`..`, other roots). */
export function candidateUris(folders: readonly vscode.Uri[], file: string): vscode.Uri[] {
  const posix = file.replace(/\\/g, '/');
  const out: vscode.Uri[] = [];
  for (const folder of folders) {
    const root = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
    const absolute = path.posix.isAbsolute(posix) || /^[a-zA-Z]:\//.test(posix);
    const target = absolute
      ? folder.with({ path: path.posix.normalize(posix.startsWith('/') ? posix : `/${posix}`) })
      : folder.with({ path: path.posix.normalize(path.posix.join(folder.path, posix)) });
    if (target.path.startsWith(root)) out.push(target);
  }
  return out;
}

/** Opens a prompt file named in the ledger, refusing paths outside the open workspace folders. */
export async function openLedgerFile(file: string): Promise<void> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
  for (const uri of candidateUris(folders, file)) {
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      continue;
    }
    await vscode.window.showTextDocument(uri, { preview: true });
    return;
  }
  void vscode.window.showWarningMessage(`Promptmeter: ${file} is not a file in the open workspace folders.`);
}
