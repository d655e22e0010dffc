import { type Assertion, ASSERTION_TYPES, type AssertionType } from './types';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Reads assertions from a row or frontmatter: an array of `{type, value}` objects, one such object,
 * or strings written `type:value` (CSV cells, as promptfoo's `__expected` columns).
 * Throws a message naming what is wrong; nothing is guessed.
 */
export function readAssertions(raw: unknown): Assertion[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((item) => {
    if (typeof item === 'string') return fromString(item);
    if (!isObj(item) || typeof item.type !== 'string') throw new Error(`an assertion needs a "type" (one of ${ASSERTION_TYPES.join(', ')})`);
    return checked(item.type, item.value);
  });
}

function fromString(s: string): Assertion {
  const trimmed = s.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try { parsed = JSON.parse(trimmed); } catch { throw new Error(`assertion is not valid JSON: ${trimmed.slice(0, 60)}`); }
    const list = readAssertions(parsed);
    if (list.length !== 1) throw new Error('write one assertion per cell');
    return list[0];
  }
  const colon = trimmed.indexOf(':');
  const type = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const value = colon < 0 ? undefined : trimmed.slice(colon + 1);
  return checked(type, value);
}

function checked(type: string, value: unknown): Assertion {
  if (!(ASSERTION_TYPES as readonly string[]).includes(type)) {
    throw new Error(`unknown assertion type '${type}' (use ${ASSERTION_TYPES.join(', ')})`);
  }
  const t = type as AssertionType;
  if ((t === 'max-cost' || t === 'max-latency')) {
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`${t} needs a non-negative number, got ${JSON.stringify(value)}`);
    return { type: t, value: n };
  }
  if (t === 'regex') {
    if (typeof value !== 'string') throw new Error('regex needs a pattern string');
    try { new RegExp(value); } catch (err) { throw new Error(`regex does not compile: ${(err as Error).message}`); }
  }
  if (t === 'json-schema') {
    const schema = typeof value === 'string' ? safeJson(value) : value;
    if (!isObj(schema)) throw new Error('json-schema needs a JSON schema object');
    return { type: t, value: schema };
  }
  if ((t === 'equals' || t === 'contains' || t === 'icontains') && (value === undefined || typeof value === 'object')) {
    throw new Error(`${t} needs a value`);
  }
  return value === undefined ? { type: t } : { type: t, value: typeof value === 'string' ? value : String(value) };
}

function safeJson(s: string): unknown {
  try { return JSON.parse(s); } catch { return undefined; }
}
