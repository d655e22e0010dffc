import * as path from 'node:path';
import { fileAt, git, repoRoot } from '../../core/review/git';

/** The part of a repository from VS Code's built-in git extension (`vscode.git`, API version 1) the lens reads. */
export interface GitRepositoryLike {
  rootUri: { fsPath: string };
  state: { HEAD?: { commit?: string } };
  /** The file's text at `ref`; `file` is an absolute path. Rejects when the file is not there. */
  show(ref: string, file: string): Promise<string>;
}

export interface HeadSource {
  root: string;
  head: string;
  /** Which way HEAD was read: the git extension's API, or the `git` command. */
  via: 'git-extension' | 'git';
  /** The file's text at HEAD, undefined when HEAD does not have it. */
  text(): Promise<string | undefined>;
}

/**
 * Where `file`'s repository is and what HEAD holds: through the git extension's repository when it knows the file
 * and has a HEAD commit (no process started), else through `git` itself. Undefined outside a git repository or
 * before the first commit.
 */
export async function headSource(
  file: string, repositoryFor?: (file: string) => GitRepositoryLike | null | undefined, rootOf: (dir: string) => Promise<string | undefined> = repoRoot,
): Promise<HeadSource | undefined> {
  const repo = repositoryFor?.(file);
  const commit = repo?.state.HEAD?.commit;
  if (repo && commit) {
    return { root: repo.rootUri.fsPath, head: commit, via: 'git-extension', text: () => repo.show(commit, file).then((t) => t, () => undefined) };
  }
  const root = await rootOf(path.dirname(file));
  if (!root) return undefined;
  const head = (await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']).catch(() => '')).trim();
  if (!head) return undefined;
  const rel = path.relative(root, file).split(path.sep).join('/');
  return { root, head, via: 'git', text: () => fileAt(root, head, rel) };
}

/**
 * `repoRoot` remembered per folder: the lens asks on every request, and every lens waits for the slowest provider,
 * so a `git` process per request (outside a repository too) delayed all of them. `clear()` when repositories may
 * have changed.
 */
export class RepoRoots {
  private readonly roots = new Map<string, Promise<string | undefined>>();
  readonly of = (dir: string): Promise<string | undefined> => {
    let root = this.roots.get(dir);
    if (!root) this.roots.set(dir, (root = repoRoot(dir)));
    return root;
  };
  clear(): void { this.roots.clear(); }
}
