import * as vscode from 'vscode';
import type { GitRepositoryLike } from './headSource';

interface Repository extends GitRepositoryLike { state: GitRepositoryLike['state'] & { onDidChange: vscode.Event<void> } }
interface GitApi {
  state: 'uninitialized' | 'initialized';
  repositories: Repository[];
  getRepository(uri: vscode.Uri): Repository | null;
  onDidOpenRepository: vscode.Event<Repository>;
}

/**
 * VS Code's built-in git extension, when it is installed, enabled and already active (we never activate it):
 * a repository lookup for the vs-HEAD lens, and an event when a repository's HEAD or index moves. Undefined
 * otherwise, and the lens runs `git` itself.
 */
export function gitExtension(): { repositoryFor(file: string): GitRepositoryLike | null; onDidChange(fire: () => void): vscode.Disposable } | undefined {
  const ext = vscode.extensions.getExtension<{ enabled: boolean; getAPI(version: 1): GitApi }>('vscode.git');
  if (!ext?.isActive || !ext.exports?.enabled) return undefined;
  let api: GitApi;
  try { api = ext.exports.getAPI(1); } catch { return undefined; }
  if (api.state !== 'initialized') return undefined;
  return {
    repositoryFor: (file) => api.getRepository(vscode.Uri.file(file)),
    onDidChange: (fire) => {
      const subs = api.repositories.map((r) => r.state.onDidChange(fire));
      subs.push(api.onDidOpenRepository((r) => { subs.push(r.state.onDidChange(fire)); fire(); }));
      return new vscode.Disposable(() => { for (const s of subs) s.dispose(); });
    },
  };
}
