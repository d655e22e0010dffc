// The first row of the dataset beside a prompt, for the rendered count: read synchronously (analysis is), from the
// start of the file only, and remembered while the file is unchanged.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { PromptDocument } from '../prompt/model';
import { datasetFromText, promptBaseName } from './load';

export interface FirstRow {
  /** The dataset file. */
  path: string;
  /** 1-based line where the row starts. */
  line: number;
  vars: Record<string, unknown>;
}

/** Enough of the file for a first row; a longer file is cut at its last whole line within this. */
const HEAD_BYTES = 256 * 1024;
const remembered = new Map<string, { key: string; row: FirstRow | undefined }>();

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const statOf = (file: string) => { try { const s = statSync(file); return s.isFile() ? s : undefined; } catch { return undefined; } };

/** Frontmatter `promptmeter: {dataset}` or `<name>.dataset.jsonl|csv` beside the prompt, when it exists. */
function datasetBeside(promptFile: string, doc: PromptDocument): string | undefined {
  const pm = doc.frontmatter.raw.promptmeter;
  if (isObj(pm) && typeof pm.dataset === 'string') return path.resolve(path.dirname(promptFile), pm.dataset);
  const base = path.join(path.dirname(promptFile), promptBaseName(promptFile));
  return ['.dataset.jsonl', '.dataset.csv'].map((ext) => base + ext).find((f) => statOf(f));
}

function head(file: string, size: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    return size > HEAD_BYTES ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
  } finally {
    closeSync(fd);
  }
}

/** The dataset's first usable row, or undefined (no dataset, unreadable, or no row that fits the prompt). */
export function firstDatasetRow(promptFile: string, doc: PromptDocument): FirstRow | undefined {
  const file = datasetBeside(promptFile, doc);
  const stat = file ? statOf(file) : undefined;
  if (!file || !stat) return undefined;
  // The prompt's inputs decide which row fits, so they are part of the key.
  const key = `${stat.mtimeMs}:${stat.size}:${JSON.stringify(doc.frontmatter.inputs)}`;
  const hit = remembered.get(file);
  if (hit?.key === key) return hit.row;
  let row: FirstRow | undefined;
  try {
    const first = datasetFromText(doc, head(file, stat.size), file).rows[0];
    row = first ? { path: file, line: first.line, vars: first.vars } : undefined;
  } catch {
    row = undefined;
  }
  if (remembered.size > 64) remembered.clear();
  remembered.set(file, { key, row });
  return row;
}
