import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { applyFixes, type Finding, lintPrompt, type LintOptions } from '../../../src/core/lint';
import { PriceBook } from '../../../src/core/pricing/prices';
import { parsePrompt, type PromptDocument } from '../../../src/core/prompt';

export const CORPUS = resolve(__dirname, '../../fixtures/corpus');
export const FIXTURES = resolve(__dirname, '../../fixtures/lint');
export const prices = new PriceBook();

export function lint(text: string, fileName = 'a.prompt.md', opts: Partial<LintOptions> = {}): { doc: PromptDocument; findings: Finding[] } {
  const doc = parsePrompt(text, fileName);
  return { doc, findings: lintPrompt(doc, { model: 'gpt-4o', prices, ...opts }) };
}

export function ofRule(text: string, ruleId: string, fileName = 'a.prompt.md', opts: Partial<LintOptions> = {}): Finding[] {
  return lint(text, fileName, opts).findings.filter((f) => f.ruleId === ruleId);
}

/** Applies one finding's fix to the text it was computed for. */
export function fixed(text: string, f: Finding): string {
  return applyFixes(text, [f]).text;
}

export function corpusFiles(): string[] {
  return ['markdown', 'prompty', 'dotprompt'].flatMap((d) => readdirSync(join(CORPUS, d)).sort().map((f) => join(CORPUS, d, f)));
}

export function read(path: string): string { return readFileSync(path, 'utf8'); }

/** Every fenced code block, in order, byte for byte. */
export function fencedBlocks(text: string): string[] {
  return [...text.matchAll(/^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^[ \t]{0,3}\1[ \t]*$/gm)].map((m) => m[0]);
}
