import { readFileSync } from 'node:fs';
import { analyzePrompt, resolveModel } from '../core/analysis/analyze';
import { formatCost, formatCount } from '../core/money';
import { PriceBook } from '../core/pricing/prices';
import { parsePrompt } from '../core/prompt';
import { toMicros, toUSD } from '../core/money';
import { firstDatasetRow } from '../core/dataset/firstRow';
import { partialsBeside } from '../core/render/partials';
import { parseArgs } from './args';
import { displayPath, resolveFiles } from './files';
import { readInputs } from './inputs';
import { alignColumns, type CliIO, EXIT_OK, EXIT_PROBLEMS, UsageError } from './io';
import { DEFAULTS } from '../core/settings';
import { localEstimate, withInputTokens } from '../core/exact/adjust';
import { countRequest } from '../core/exact/countRequest';
import type { ExactCounter } from '../core/exact/exactCounter';
import { cliExactCounter } from './exactCount';

export const COUNT_USAGE = 'promptmeter count [--model M] [--output-tokens N] [--var k=v]... [--input FILE] [--exact] [--json] <files or globs>';

interface FileError { path: string; line: number; column: number; message: string }
interface CostJson { priced: boolean; inputUSD?: number; outputTokens: number; outputUSD?: number; perCallUSD?: number }
interface FileCount {
  path: string; format: string; model: string; encoding: string; estimated: boolean;
  messages: { role: string; name?: string; tokens: number; range: unknown }[]; inputTokens: number; cost: CostJson;
  /** With --exact: where the figure came from, and the local estimate it replaced. */
  exact?: { source: 'cache' | 'provider'; estimateTokens: number };
  /**
   * The request rendered with the inputs' defaults/samples, the first row of the dataset beside the file and any
   * --input/--var values (each winning over the one before); `cost` is priced on it.
   */
  rendered?: { inputTokens: number; estimated: boolean; values: Record<string, unknown>; datasetRow?: { path: string; line: number } };
  renderError?: string;
  /** What the declared tools and the json_schema response format add (included in inputTokens). */
  tools?: { functions: number; tokens: number; estimated: boolean };
  schema?: { tokens: number; estimated: boolean };
}

export async function countCommand(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { boolean: ['json', 'exact'], value: ['model', 'output-tokens', 'input'], list: ['var'] });
  if (a.positionals.length === 0) throw new UsageError('count needs at least one file or glob');
  const outputTokens = Number(a.flags.get('output-tokens') ?? DEFAULTS.expectedOutputTokens);
  if (!Number.isInteger(outputTokens) || outputTokens < 0) throw new UsageError('--output-tokens must be a whole number');
  const modelFlag = a.flags.get('model') as string | undefined;
  const prices = new PriceBook();
  const vars = await readInputs(a.flags.get('input') as string | undefined, a.lists.get('var') ?? [], io.cwd);
  const { files, missing } = await resolveFiles(a.positionals, io.cwd);
  const errors: FileError[] = missing.map((p) => ({ path: p, line: 0, column: 0, message: 'no such file, or the glob matched nothing' }));
  const results: FileCount[] = [];
  const exact: ExactCounter | undefined = a.flags.has('exact') ? cliExactCounter(io.env) : undefined;
  for (const file of files) {
    const path = displayPath(file, io.cwd);
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch (err) {
      errors.push({ path, line: 0, column: 0, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}` });
      continue;
    }
    const doc = parsePrompt(text, file);
    for (const p of doc.problems.filter((x) => x.severity === 'error')) {
      errors.push({ path, line: p.range.start.line, column: p.range.start.character, message: p.message });
    }
    const model = modelFlag ?? resolveModel(doc, undefined, DEFAULTS.defaultModel);
    const render = { resolvePartial: partialsBeside(file) };
    const dataset = firstDatasetRow(file, doc);
    let an = analyzePrompt(doc, { model, prices, expectedOutputTokens: outputTokens, render: { vars, dataset, ...render } });
    let exactInfo: FileCount['exact'];
    if (exact) {
      // A failure (no key, 429, offline) keeps the estimate and says why on stderr.
      // The same rendered request the analysis counted, so the calibration ratio compares like with like.
      const local = localEstimate(an);
      const r = await exact.count(countRequest(doc, an.model, { workspace: io.cwd, vars: { ...dataset?.vars, ...vars }, render }), local).catch((e: Error) => ({ ok: false as const, reason: e.message }));
      if (r.ok) {
        exactInfo = { source: r.source, estimateTokens: local };
        an = withInputTokens(an, r.inputTokens, false, prices);
      } else io.stderr(`note: ${path}: no exact count, keeping the estimate: ${r.reason}\n`);
    }
    results.push({
      path, format: doc.format, model: an.model, encoding: an.encoding, estimated: an.estimated,
      messages: an.messages.map((m) => ({ role: m.role, ...(m.name ? { name: m.name } : {}), tokens: m.tokens, range: m.range })),
      inputTokens: an.inputTokens,
      ...(an.tools ? { tools: { functions: an.tools.tools, tokens: an.tools.tokens, estimated: an.tools.estimated } } : {}),
      ...(an.schema ? { schema: { tokens: an.schema.tokens, estimated: an.schema.estimated } } : {}),
      ...(exactInfo ? { exact: exactInfo } : {}),
      cost: an.cost.priced
        ? { priced: true, inputUSD: toUSD(an.cost.inputMicros), outputTokens: an.outputTokens, outputUSD: toUSD(an.cost.outputMicros), perCallUSD: toUSD(an.cost.totalMicros) }
        : { priced: false, outputTokens: an.outputTokens },
      ...(an.rendered ? { rendered: { inputTokens: an.rendered.inputTokens, estimated: an.rendered.estimated, values: Object.fromEntries(an.rendered.used.map((u) => [u.name, u.value])),
        ...(dataset && an.rendered.used.some((u) => u.from === 'dataset') ? { datasetRow: { path: displayPath(dataset.path, io.cwd), line: dataset.line } } : {}) } } : {}),
      ...(an.renderError ? { renderError: an.renderError } : {}),
    });
  }
  if (a.flags.has('json')) io.stdout(JSON.stringify({ files: results, errors }) + '\n');
  else io.stdout(renderTable(results, errors));
  return errors.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

function renderTable(rows: FileCount[], errors: FileError[]): string {
  const table = [['file', 'format', 'model', 'msgs', 'input tokens', 'per call'],
    ...rows.map((r) => [r.path, r.format, r.model, String(r.messages.length), formatCount(r.inputTokens, r.estimated),
      formatCost(r.cost.priced ? toMicros(r.cost.perCallUSD ?? 0) : undefined, r.estimated)])];
  const lines = alignColumns(table, 3);
  for (const e of errors) lines.push(`error: ${e.path}:${e.line + 1}:${e.column + 1}: ${e.message}`);
  return lines.join('\n') + '\n';
}
