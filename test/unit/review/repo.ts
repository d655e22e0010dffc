import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A support prompt whose static system prefix is `policies` lines long (about 12 tokens a line). */
export function supportPrompt(policies: number, opts: { date?: boolean; callsPerDay?: number } = {}): string {
  const lines = Array.from({ length: policies }, (_, i) => `- Policy ${i + 1}: answer questions about order ${1000 + i} politely and check the warranty terms first.`);
  return `---
name: support
model:
  api: chat
  configuration: {type: openai, name: gpt-4o}
  parameters: {max_tokens: 300}
inputs:
  question: {type: string}
${opts.callsPerDay !== undefined ? `promptmeter:\n  callsPerDay: ${opts.callsPerDay}\n` : ''}---
system:
${opts.date ? 'Today is Monday, 3 March 2025.\n' : ''}You are the support assistant for Contoso Outdoor.
${lines.join('\n')}

user:
{{question}}
`;
}

export const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

/**
 * A fixture repository with five commits: the prompt is added (100 policy lines), grows (120), shrinks below the
 * 1,024-token cache minimum (40), is renamed, and gets a date prepended to its system message.
 */
export function fixtureRepo(): { dir: string; commits: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-review-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'dev@example.com');
  git(dir, 'config', 'user.name', 'Dev One');
  git(dir, 'config', 'commit.gpgsign', 'false');
  mkdirSync(path.join(dir, 'prompts'));
  const commit = (msg: string) => { git(dir, 'add', '-A'); git(dir, 'commit', '-q', '-m', msg); return git(dir, 'rev-parse', 'HEAD').trim(); };
  const file = path.join(dir, 'prompts', 'support.prompty');
  const commits: string[] = [];
  writeFileSync(file, supportPrompt(100));
  writeFileSync(path.join(dir, 'README.md'), '# not a prompt\n');
  commits.push(commit('Add the support prompt'));
  writeFileSync(file, supportPrompt(120));
  commits.push(commit('More policies'));
  writeFileSync(file, supportPrompt(40));
  commits.push(commit('Trim the policies'));
  renameSync(file, path.join(dir, 'prompts', 'helpdesk.prompty'));
  commits.push(commit('Rename to helpdesk'));
  writeFileSync(path.join(dir, 'prompts', 'helpdesk.prompty'), supportPrompt(40, { date: true }));
  commits.push(commit('Say the date'));
  return { dir, commits };
}

/**
 * A repository where one prompt has `n` commits (each adds a policy line; halfway it is renamed from
 * prompts/support.prompty to prompts/helpdesk.prompty), written with one `git fast-import`. Returns the commit ids, oldest first.
 */
export function longHistoryRepo(n: number, dir = mkdtempSync(path.join(tmpdir(), 'pm-history-'))): { dir: string; file: string; commits: string[] } {
  git(dir, 'init', '-q', '-b', 'main');
  const renameAt = Math.floor(n / 2);
  const chunks: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  for (let i = 1; i <= n; i++) {
    const file = i > renameAt ? 'prompts/helpdesk.prompty' : 'prompts/support.prompty';
    const when = 1_700_000_000 + i * 3600;
    chunks.push(`commit refs/heads/main\nmark :${i}\nauthor Dev ${i % 3} <dev${i % 3}@example.com> ${when} +0000\ncommitter Dev <dev@example.com> ${when} +0000\n`,
      data(i === renameAt + 1 ? 'Rename to helpdesk' : `Policy ${i}`), i > 1 ? `from :${i - 1}\n` : '',
      i === renameAt + 1 ? 'R prompts/support.prompty prompts/helpdesk.prompty\n' : `M 100644 inline ${file}\n${data(supportPrompt(i))}`, '\n');
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join('') });
  git(dir, 'reset', '-q', '--hard', 'main');
  const commits = git(dir, 'rev-list', '--reverse', 'main').trim().split('\n');
  return { dir, file: 'prompts/helpdesk.prompty', commits };
}
