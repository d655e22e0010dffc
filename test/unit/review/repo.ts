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
