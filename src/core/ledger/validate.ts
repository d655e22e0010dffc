import type { LedgerRecord } from './record';

const CACHE = new Set(['miss', 'memory', 'disk', 'redis', 'semantic']);
const STATUS = new Set(['ok', 'error', 'cancelled', 'truncated', 'budget-blocked']);
const USAGE_FIELDS = ['inputUncached', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output', 'reasoning'] as const;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
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
  if (!isInt(value.costMicros)) return 'has no integer costMicros';
  if (typeof value.latencyMs !== 'number') return 'has no latencyMs';
  const usage = value.usage;
  if (!isObj(usage)) return 'has an invalid usage';
  for (let i = 0; i < USAGE_FIELDS.length; i++) if (typeof usage[USAGE_FIELDS[i]] !== 'number') return 'has an invalid usage';
  const saved = value.savedMicros;
  if (!isObj(saved)) return 'has invalid savedMicros';
  // for-in without allocating the values array: this runs once per ledger line.
  for (const k in saved) if (Object.prototype.hasOwnProperty.call(saved, k) && !isInt(saved[k])) return 'has invalid savedMicros';
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

const BATCH_LINES = 512;
const looksLikeObject = (t: string) => t.charCodeAt(0) === 123 && t.charCodeAt(t.length - 1) === 125;

/**
 * Parses consecutive ledger lines (`texts[i]` is line `firstLine + i`) with one JSON.parse per few hundred lines.
 * A group is accepted only when every line looks like an object, the array has one element per line and each
 * element is a record; otherwise that group is parsed line by line, so problems read exactly as `parseLedgerLine`'s.
 */
export function parseLedgerLines(
  texts: readonly string[], firstLine: number, onRecord: (r: LedgerRecord) => void, onProblem: (line: number, problem: string) => void,
): void {
  const group: string[] = [];
  for (let from = 0; from < texts.length; from += BATCH_LINES) {
    const to = Math.min(from + BATCH_LINES, texts.length);
    group.length = 0;
    let plain = true;
    for (let i = from; i < to; i++) {
      const t = texts[i];
      if (looksLikeObject(t)) group.push(t);
      else if (t.trim() !== '') { plain = false; break; }
    }
    if (plain && group.length > 0 && parseGroup(group, onRecord)) continue;
    for (let i = from; i < to; i++) {
      const t = texts[i];
      if (t.trim() === '') continue;
      const parsed = parseLedgerLine(t);
      if ('record' in parsed) onRecord(parsed.record);
      else onProblem(firstLine + i, parsed.problem);
    }
  }
}

function parseGroup(group: readonly string[], onRecord: (r: LedgerRecord) => void): boolean {
  let values: unknown;
  try {
    values = JSON.parse(`[${group.join(',')}]`);
  } catch {
    return false;
  }
  if (!Array.isArray(values) || values.length !== group.length) return false;
  for (let i = 0; i < values.length; i++) if (recordShapeProblem(values[i]) !== undefined) return false;
  for (let i = 0; i < values.length; i++) onRecord(values[i] as LedgerRecord);
  return true;
}
