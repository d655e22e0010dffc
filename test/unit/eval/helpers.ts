import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { batchCommand } from '../../../src/cli/batch';
import { evalCommand } from '../../../src/cli/eval';
import { type CliIO, UsageError } from '../../../src/cli/io';
import type { ProviderServer, RecordedRequest } from '../../support/providerServer';

export const SHOUT = `---
name: shout
model:
  api: chat
  configuration: {type: openai, name: gpt-4o-mini}
  parameters: {max_tokens: 20, temperature: 0}
inputs:
  word: {type: string}
---
system:
Repeat the word in capitals.

user:
{{word}}
`;

export const words = (n: number) => Array.from({ length: n }, (_, i) => `word-${i + 1}`);

/** A 'shout' workspace: the prompt and a dataset of `n` rows expecting each word in capitals. */
export function shoutWorkspace(n: number, prompt = SHOUT): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-eval-'));
  writeFileSync(path.join(dir, 'shout.prompty'), prompt);
  writeFileSync(path.join(dir, 'shout.dataset.jsonl'), words(n).map((w) => JSON.stringify({ word: w, expected: w.toUpperCase() })).join('\n') + '\n');
  return dir;
}

/**
 * The answer each model gives: capitals, except that gpt-4o-mini lower-cases words ending in 3 (so it fails
 * those rows). Packed requests get numbered answers; `drop` leaves one item out, as a sloppy model would.
 */
export function shoutAnswers(server: ProviderServer, opts: { drop?: string } = {}): void {
  const one = (model: string, word: string) => (model === 'gpt-4o-mini' && word.endsWith('3') ? word : word.toUpperCase());
  server.answer((rec: RecordedRequest) => {
    const b = rec.body ?? {};
    const msgs: any[] = b.messages ?? [];
    const last = [...msgs].reverse().find((m) => m.role === 'user');
    const text = typeof last?.content === 'string' ? last.content : (last?.content ?? []).map((c: any) => c.text ?? '').join('');
    if (!/numbered items/.test(text)) return one(b.model, text.trim());
    const items = [...text.matchAll(/^\[(\d+)\] (.*)$/gm)];
    return items.filter((m) => m[2] !== opts.drop).map((m) => `[${m[1]}] ${one(b.model, m[2])}`).join('\n');
  }, { times: Infinity });
}

export async function cli(args: string[], dir: string, env: NodeJS.ProcessEnv) {
  let stdout = ''; let stderr = '';
  const io: CliIO = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd: dir, env };
  // As src/cli.ts dispatches (its dynamic imports need the bundle): usage errors exit 2.
  const [name, ...rest] = args;
  const command = name === 'batch' ? batchCommand : evalCommand;
  let code: number;
  try { code = await command(rest, io); } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    stderr += `${err.message}\n`;
    code = 2;
  }
  return { code, stdout, stderr };
}

export function ledgerRecords(file: string): any[] {
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export function serverEnv(server: ProviderServer, dir: string, cache = 'cache'): NodeJS.ProcessEnv {
  return {
    OPENAI_API_KEY: 'sk-eval-test-key', ANTHROPIC_API_KEY: 'sk-ant-eval-test-key',
    OPENAI_BASE_URL: server.openaiBaseUrl, ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
    PROMPTMETER_CACHE_DIR: path.join(dir, cache),
  };
}
