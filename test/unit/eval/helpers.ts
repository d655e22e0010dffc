import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { batchCommand } from '../../../src/cli/batch';
import { evalCommand } from '../../../src/cli/eval';
import { runCli } from '../../support/cliIo';
import type { ProviderServer } from '../../support/providerServer';
export { shoutAnswers } from '../../support/shoutAnswers';

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

/** As src/cli.ts dispatches (its dynamic imports need the bundle). */
export async function cli(args: string[], dir: string, env: NodeJS.ProcessEnv) {
  const [name, ...rest] = args;
  return runCli(name === 'batch' ? batchCommand : evalCommand, rest, dir, env);
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
