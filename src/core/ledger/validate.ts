import { type LedgerRecord, USAGE_FIELDS } from './record';

const CACHE = new Set(['miss', 'memory', 'disk', 'redis', 'semantic']);
const STATUS = new Set(['ok', 'error', 'cancelled', 'truncated', 'budget-blocked']);

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
// Money is never negative: a negative cost would silently lower every total it is summed into.
const isMoney = (v: unknown): v is number => isInt(v) && v >= 0;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why `value` is not a LedgerRecord, or undefined when it is one (extra fields are allowed). */
export function recordShapeProblem(value: unknown): string | undefined {
  if (!isObj(value)) return 'is not a JSON object';
  if (value.v !== 1) return `has unknown version ${JSON.stringify(value.v)}`;
  if (typeof value.id !== 'string') return 'has no id';
  if (typeof value.time !== 'string') return 'has no time';
  if (typeof value.workspace !== 'string') return 'has no workspace';
  if (typeof value.model !== 'string') return 'has no model';
  if (typeof value.provider !== 'string') return 'has no provider';
  if (typeof value.route !== 'string') return 'has no route';
  if (Number.isNaN(Date.parse(value.time))) return 'has an invalid time';
  if (!CACHE.has(value.cache as string)) return 'has an unknown cache layer';
  if (!STATUS.has(value.status as string)) return 'has an unknown status';
  if (typeof value.priced !== 'boolean') return 'has no priced flag';
  if (value.costMicros === undefined) return 'has no integer costMicros';
  if (!isMoney(value.costMicros)) return `has costMicros ${JSON.stringify(value.costMicros)}, which is not a non-negative integer`;
  if (typeof value.latencyMs !== 'number') return 'has no latencyMs';
  const usage = value.usage;
  if (!isObj(usage)) return 'has an invalid usage';
  for (let i = 0; i < USAGE_FIELDS.length; i++) {
    const n = usage[USAGE_FIELDS[i]];
    if (typeof n !== 'number' || !(n >= 0)) return 'has an invalid usage';
  }
  if (usage.webSearches !== undefined && !(typeof usage.webSearches === 'number' && usage.webSearches >= 0)) return 'has an invalid usage';
  const saved = value.savedMicros;
  if (!isObj(saved)) return 'has invalid savedMicros';
  // for-in without allocating the values array: this runs once per ledger line.
  for (const k in saved) if (Object.prototype.hasOwnProperty.call(saved, k) && !isMoney(saved[k])) return 'has invalid savedMicros (each must be a non-negative integer)';
  return undefined;
}

export type ParsedLine = { record: LedgerRecord } | { problem: string };

/** One ledger line to a record, or the reason it was skipped. */
export function parseLedgerLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'is not valid JSON' };
  }
  const problem = recordShapeProblem(value);
  return problem ? { problem } : { record: value as LedgerRecord };
}

/**
 * Parses consecutive ledger lines (`texts[i]` is line `firstLine + i`), skipping blank ones. One JSON.parse per
 * line: parsing groups of lines joined into one array was measured no faster here (object creation and GC
 * dominate either way), and per line a damaged line can never merge with its neighbours.
 */
export function parseLedgerLines(
  texts: readonly string[], firstLine: number, onRecord: (r: LedgerRecord) => void, onProblem: (line: number, problem: string) => void,
): void {
  for (let i = 0; i < texts.length; i++) {
    let t = texts[i];
    // A file saved by an editor may start with a byte-order mark; it is not part of record 1.
    if (firstLine + i === 1 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    // Records start with '{': only other lines need the whitespace check.
    if (t.charCodeAt(0) !== 123 && t.trim() === '') continue;
    const parsed = parseLedgerLine(t);
    if ('record' in parsed) onRecord(parsed.record);
    else onProblem(firstLine + i, parsed.problem);
  }
}
