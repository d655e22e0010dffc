import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { PromptDocument } from '../prompt/model';
import { readAssertions } from './assertionSpec';
import { parseCsvDataset, parseJsonl } from './parse';
import { checkRows, defaultsRow } from './rows';
import type { Assertion, Dataset } from './types';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `support.prompty` -> `support`; `review.prompt.md` -> `review`; `summarize.prompt` -> `summarize`. */
export function promptBaseName(file: string): string {
  return path.basename(file).replace(/(\.prompt)?\.(prompty|prompt|md|txt|json)$/i, '').replace(/\.(chat|prompt)$/i, '');
}

/** Frontmatter `promptmeter: {dataset: path}` (relative to the prompt), else `<name>.dataset.jsonl|csv` beside it. */
export async function findDataset(promptFile: string, doc: PromptDocument): Promise<string | undefined> {
  const pm = doc.frontmatter.raw.promptmeter;
  const declared = isObj(pm) && typeof pm.dataset === 'string' ? pm.dataset : undefined;
  if (declared) return path.resolve(path.dirname(promptFile), declared);
  const base = path.join(path.dirname(promptFile), promptBaseName(promptFile));
  for (const ext of ['.dataset.jsonl', '.dataset.csv']) {
    const candidate = base + ext;
    if (await fs.stat(candidate).then((s) => s.isFile(), () => false)) return candidate;
  }
  return undefined;
}

/** Parses and checks a dataset file's text; `.csv` by extension, JSON Lines otherwise. */
export function datasetFromText(doc: PromptDocument, text: string, file: string): Dataset {
  const csv = /\.csv$/i.test(file);
  return checkRows(doc, csv ? parseCsvDataset(text) : parseJsonl(text), { csv, path: file });
}

/** The prompt's dataset: an explicit file, the one found beside it, or its defaults / sample as one row. */
export async function loadDataset(promptFile: string, doc: PromptDocument, explicit?: string): Promise<Dataset> {
  const file = explicit ? path.resolve(explicit) : await findDataset(promptFile, doc);
  if (file) {
    let text: string;
    try { text = await fs.readFile(file, 'utf8'); } catch (err) {
      throw new Error(`cannot read dataset ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return datasetFromText(doc, text, file);
  }
  const row = defaultsRow(doc);
  return { rows: row ? [row] : [], problems: row ? [] : [{ line: 0, message: 'no dataset beside the prompt, and its inputs have no defaults or sample' }] };
}

/** Assertions that apply to every row: frontmatter `promptmeter: {assert: [...]}`. */
export function promptAssertions(doc: PromptDocument): Assertion[] {
  const pm = doc.frontmatter.raw.promptmeter;
  return isObj(pm) ? readAssertions(pm.assert) : [];
}
