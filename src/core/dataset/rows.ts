import Ajv from 'ajv';
import { inputValues, missingInputs } from '../render';
import type { PromptDocument } from '../prompt/model';
import { readAssertions } from './assertionSpec';
import { declaredInputTypes, type InputType } from './inputs';
import type { RawDataset, RawRow } from './parse';
import type { Assertion, Dataset, DatasetProblem, DatasetRow } from './types';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
/** Row keys that are not template variables. */
const RESERVED = /^(expected|assert|description|__expected\d*|__description)$/;

/**
 * Checks raw rows against the prompt: every variable it needs is present (or has a default), declared types
 * hold (CSV cells are converted to a declared number/boolean, never guessed otherwise), assertions are well formed.
 * A row that fails is reported with its line and skipped.
 */
export function checkRows(doc: PromptDocument, raw: RawDataset, opts: { csv: boolean; path?: string }): Dataset {
  const problems: DatasetProblem[] = [...raw.problems];
  const rows: DatasetRow[] = [];
  const typeOf = declaredInputTypes(doc);
  const validate = compileTypes(typeOf, opts.csv);
  for (const r of raw.rows) {
    try {
      rows.push(toRow(doc, r, validate, typeOf, opts.csv));
    } catch (err) {
      problems.push({ line: r.line, message: (err as Error).message });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { path: opts.path, rows, problems };
}

type Validate = (vars: Record<string, unknown>) => string | undefined;

function compileTypes(types: Map<string, InputType>, csv: boolean): Validate {
  if (types.size === 0) return () => undefined;
  const ajv = new Ajv({ allErrors: false, coerceTypes: csv, strict: false });
  const properties = Object.fromEntries([...types].map(([name, type]) => [name, { type }]));
  const check = ajv.compile({ type: 'object', properties });
  return (vars) => {
    if (check(vars)) return undefined;
    const e = check.errors?.[0];
    const name = e?.instancePath.replace(/^\//, '') || '?';
    return `'${name}' ${e?.message ?? 'has the wrong type'}`;
  };
}

function toRow(doc: PromptDocument, r: RawRow, validate: Validate, types: Map<string, InputType>, csv: boolean): DatasetRow {
  const rec = r.record;
  const vars: Record<string, unknown> = isObj(rec.vars) ? { ...rec.vars } : {};
  if (!isObj(rec.vars)) for (const [k, v] of Object.entries(rec)) if (!RESERVED.test(k)) vars[k] = v;
  if (csv) {
    // An empty cell is an absent value (so a default applies), and a JSON cell fills a declared array/object.
    for (const [k, v] of Object.entries(vars)) {
      if (v === '') delete vars[k];
      else if ((types.get(k) === 'array' || types.get(k) === 'object') && typeof v === 'string') vars[k] = parseCell(k, v);
    }
  }
  const missing = missingInputs(doc, vars);
  if (missing.length) throw new Error(`missing variable${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}`);
  const typeError = validate(vars);
  if (typeError) throw new Error(typeError);
  const assert: Assertion[] = [];
  const expected = rec.expected === undefined || rec.expected === null || rec.expected === '' ? undefined : String(rec.expected);
  if (expected !== undefined) assert.push({ type: 'equals', value: expected });
  assert.push(...readAssertions(rec.assert));
  for (const [k, v] of Object.entries(rec)) {
    if (/^__expected\d*$/.test(k) && v !== '' && v !== undefined) assert.push(...expectedCell(String(v)));
  }
  const row: DatasetRow = { line: r.line, vars, assert };
  if (expected !== undefined) row.expected = expected;
  return row;
}

/** promptfoo's `__expected` cell: `type:value` for a known type, else the whole cell must equal the answer. */
function expectedCell(cell: string): Assertion[] {
  try { return readAssertions(cell); } catch { return [{ type: 'equals', value: cell }]; }
}

function parseCell(name: string, cell: string): unknown {
  try { return JSON.parse(cell); } catch { throw new Error(`'${name}' must be JSON (it is declared as an array or object)`); }
}

/** Prompty `sample` and the declared defaults as a one-row dataset, or undefined when they leave a variable unset. */
export function defaultsRow(doc: PromptDocument): DatasetRow | undefined {
  const sample = isObj(doc.frontmatter.raw.sample) ? doc.frontmatter.raw.sample : {};
  const vars = inputValues(doc, sample);
  if (missingInputs(doc, vars).length) return undefined;
  return { line: 0, vars, assert: [] };
}
