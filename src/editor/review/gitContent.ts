import * as vscode from 'vscode';
import { fileAt } from '../../core/review/git';

export const GIT_SCHEME = 'promptmeter-git';

/** A read-only document of `file` (repository-relative) at `rev`; rev undefined: empty (the side before a file existed). */
export function gitUri(root: string, rev: string | undefined, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: GIT_SCHEME, path: `/${file}`, query: JSON.stringify({ root, rev: rev ?? '' }) });
}

/** Serves gitUri documents with `git show`, so a revision's diff opens without the git extension. */
export class GitContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let q: { root?: unknown; rev?: unknown };
    try { q = JSON.parse(uri.query) as typeof q; } catch { return ''; }
    if (typeof q.root !== 'string' || typeof q.rev !== 'string' || !q.rev) return '';
    return (await fileAt(q.root, q.rev, uri.path.slice(1))) ?? '';
  }
}
