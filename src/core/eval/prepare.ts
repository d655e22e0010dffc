import { requestFromDocument, type RequestOptions } from '../client/request';
import type { ChatRequest } from '../client/types';
import { loadDataset, promptAssertions } from '../dataset/load';
import type { Assertion, Dataset, DatasetRow } from '../dataset/types';
import { parsePrompt } from '../prompt';
import type { PromptDocument } from '../prompt/model';

export interface PrepareOptions extends Omit<RequestOptions, 'vars' | 'model'> {
  /** Absolute path of the prompt file. */
  path: string;
  text: string;
  /** An explicit dataset file (`--dataset`); else the one beside the prompt, else its defaults / sample. */
  dataset?: string;
  /** Models to compare; else frontmatter `promptmeter.models`, else the file's (or the default) model. */
  models?: readonly string[];
}

export interface PreparedEval {
  doc: PromptDocument;
  dataset: Dataset;
  models: string[];
  assertions: Assertion[];
  requestFor(row: DatasetRow, model: string): ChatRequest;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Everything a dataset run needs from a prompt file, the same for the CLI and the editor. Throws on a broken prompt. */
export async function prepareEval(o: PrepareOptions): Promise<PreparedEval> {
  const doc = parsePrompt(o.text, o.path);
  const error = doc.problems.find((p) => p.severity === 'error');
  if (error) throw new Error(`${o.path}:${error.range.start.line + 1}: ${error.message}`);
  const dataset = await loadDataset(o.path, doc, o.dataset);
  const pm = doc.frontmatter.raw.promptmeter;
  const declared = isObj(pm) && Array.isArray(pm.models) ? pm.models.filter((m): m is string => typeof m === 'string') : [];
  const fallback = doc.frontmatter.model?.trim() || o.defaultModel;
  const models = [...new Set(o.models?.length ? o.models : declared.length ? declared : fallback ? [fallback] : [])];
  if (!models.length) throw new Error('no model: the file names none; pass --models or pick one');
  return {
    doc, dataset, models, assertions: promptAssertions(doc),
    requestFor: (row, model) => requestFromDocument(doc, { ...o, vars: row.vars, model, stream: false }),
  };
}
