import { execFile } from 'node:child_process';

/** Runs git (no shell) in `cwd`; rejects with git's own message on a non-zero exit. */
export function git(cwd: string, args: readonly string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', signal }, (err, stdout, stderr) => {
      if (err) reject(new Error((stderr || err.message).trim().split('\n')[0]));
      else resolve(stdout);
    });
  });
}

export async function repoRoot(cwd: string): Promise<string | undefined> {
  return git(cwd, ['rev-parse', '--show-toplevel']).then((s) => s.trim(), () => undefined);
}

export type ChangeStatus = 'added' | 'deleted' | 'modified' | 'renamed';
export interface ChangedFile { status: ChangeStatus; path: string; oldPath?: string }

const STATUS: Record<string, ChangeStatus> = { A: 'added', D: 'deleted', M: 'modified', R: 'renamed', C: 'added', T: 'modified' };

/**
 * Files changed between `base` and `head` (undefined: the working tree, untracked files included), with renames
 * found by git (-M). Paths are relative to the repository root.
 */
export async function changedFiles(root: string, base: string, head?: string): Promise<ChangedFile[]> {
  const out = await git(root, ['diff', '--name-status', '-M', '-z', base, ...(head ? [head] : []), '--']);
  const parts = out.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length - 1;) {
    const code = parts[i++];
    const status = STATUS[code[0]];
    if (!status) { i++; continue; }
    if (code[0] === 'R' || code[0] === 'C') {
      const from = parts[i++]; const to = parts[i++];
      files.push(code[0] === 'R' ? { status, path: to, oldPath: from } : { status, path: to });
    } else files.push({ status, path: parts[i++] });
  }
  if (!head) {
    const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
    for (const p of untracked.split('\0').filter(Boolean)) files.push({ status: 'added', path: p });
  }
  return files;
}

/** A file's text at a revision (undefined: the working tree), or undefined when it does not exist there. */
export async function fileAt(root: string, rev: string | undefined, path: string): Promise<string | undefined> {
  if (rev === undefined) {
    const { promises: fs } = await import('node:fs');
    const { join } = await import('node:path');
    return fs.readFile(join(root, path), 'utf8').catch(() => undefined);
  }
  return git(root, ['show', `${rev}:${path}`]).catch(() => undefined);
}

/** A short commit id for a revision name, for reports. */
export async function shortRev(root: string, rev: string): Promise<string> {
  return (await git(root, ['rev-parse', '--short', rev])).trim();
}
