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
  for (const key of ['id', 'time', 'workspace', 'model', 'provider', 'route'] as const) {
    if (typeof value[key] !== 'string') return `has no ${key}`;
  }
  if (Number.isNaN(Date.parse(value.time as string))) return 'has an invalid time';
  if (!CACHE.has(value.cache as string)) return 'has an unknown cache layer';
  if (!STATUS.has(value.status as string)) return 'has an unknown status';
  if (typeof value.priced !== 'boolean') return 'has no priced flag';
  if (!isInt(value.costMicros)) return 'has no integer costMicros';
  if (typeof value.latencyMs !== 'number') return 'has no latencyMs';
  const usage = value.usage;
  if (!isObj(usage) || USAGE_FIELDS.some((f) => typeof usage[f] !== 'number')) return 'has an invalid usage';
  if (!isObj(value.savedMicros) || Object.values(value.savedMicros).some((m) => !isInt(m))) return 'has invalid savedMicros';
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
