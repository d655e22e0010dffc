import { parse as parseCsv } from 'csv-parse/sync';
import type { DatasetProblem } from './types';

/** A row as read from the file, before it is checked against the prompt. */
export interface RawRow {
  line: number;
  record: Record<string, unknown>;
}

export interface RawDataset {
  rows: RawRow[];
  problems: DatasetProblem[];
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** JSON Lines: one object per line; blank lines and `//` comments are skipped, a bad line is reported and skipped. */
export function parseJsonl(text: string): RawDataset {
  const out: RawDataset = { rows: [], problems: [] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('//')) return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      out.problems.push({ line, message: `not valid JSON (${(err as Error).message.replace(/^.*?JSON[^:]*:\s*/, '')})` });
      return;
    }
    if (!isObj(value)) out.problems.push({ line, message: 'a row must be a JSON object of variable values' });
    else out.rows.push({ line, record: value });
  });
  return out;
}

/** Most errors reported before parsing stops (a file of errors is not a dataset). */
const MAX_CSV_ERRORS = 1000;

/**
 * CSV with a header row. A malformed record (bad quoting, wrong column count) is reported with its line and
 * skipped; parsing resumes on the next physical line, so the rows after it are kept.
 */
export function parseCsvDataset(text: string): RawDataset {
  const out: RawDataset = { rows: [], problems: [] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!lines[0]?.trim()) {
    out.problems.push({ line: 1, message: 'the first line must be a header naming the columns' });
    return out;
  }
  let start = 1;
  while (start < lines.length && out.problems.length < MAX_CSV_ERRORS) {
    const chunk = [lines[0], ...lines.slice(start)].join('\n');
    let firstError: { line: number; message: string } | undefined;
    let records: { record: Record<string, string>; info: { lines: number } }[];
    try {
      records = parseCsv(chunk, {
        columns: true, info: true, skip_empty_lines: true, bom: true,
        skip_records_with_error: true,
        on_skip: (err: (Error & { lines?: number }) | undefined) => {
          if (err && !firstError) firstError = { line: err.lines ?? 1, message: err.message };
        },
      }) as typeof records;
    } catch (err) {
      // Header errors (duplicate or empty column names) cannot be skipped.
      out.problems.push({ line: 1, message: (err as Error).message });
      return out;
    }
    const offset = start - 1; // chunk line 2 is file line start + 1
    const cut = firstError?.line ?? Infinity;
    for (const r of records) {
      if (r.info.lines >= cut) break;
      out.rows.push({ line: startLine(r.info.lines, r.record) + offset, record: r.record });
    }
    if (!firstError) break;
    out.problems.push({ line: firstError.line + offset, message: firstError.message.replace(/ at line \d+/, '') });
    start = firstError.line + offset; // file line after the bad one (0-based index == 1-based line)
  }
  return out;
}

/** csv-parse reports the line a record ends on; a quoted field may span lines, so count back to its start. */
function startLine(endLine: number, record: Record<string, string>): number {
  const spanned = Object.values(record).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
  return endLine - spanned;
}
