import Ajv from 'ajv';
import type { Assertion } from '../dataset/types';

/** What an assertion is checked against. */
export interface Answer {
  text: string;
  /** What the call billed; null when the model is unpriced. */
  costMicros: number | null;
  latencyMs: number;
}

export interface AssertionResult {
  type: Assertion['type'];
  pass: boolean;
  /** Why it failed, for the results view; empty when it passed. */
  reason: string;
}

// Openings that models use to decline (Anthropic and OpenAI refusal styles).
const REFUSAL = /^(?:\W*)(?:I(?:'m| am) (?:sorry|unable|not able)|I (?:can(?:no|')t|won't|will not) (?:help|assist|provide|do|comply)|Sorry, (?:but )?I|As an AI\b|I must decline)/i;

let ajv: Ajv | undefined;
const schemaCache = new Map<string, ReturnType<Ajv['compile']>>();

function validator(schema: unknown) {
  const key = JSON.stringify(schema);
  let v = schemaCache.get(key);
  if (!v) {
    ajv ??= new Ajv({ allErrors: false, strict: false });
    v = ajv.compile(schema as object);
    schemaCache.set(key, v);
  }
  return v;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try { return { ok: true, value: JSON.parse(text.trim()) }; } catch (err) { return { ok: false, error: (err as Error).message }; }
}

const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

export function checkAssertion(a: Assertion, answer: Answer): AssertionResult {
  const result = (pass: boolean, reason: string): AssertionResult => ({ type: a.type, pass, reason: pass ? '' : reason });
  const value = typeof a.value === 'string' ? a.value : '';
  const text = answer.text;
  switch (a.type) {
    case 'equals': return result(text.trim() === value.trim(), `expected '${short(value)}'`);
    case 'contains': return result(text.includes(value), `does not contain '${short(value)}'`);
    case 'icontains': return result(text.toLowerCase().includes(value.toLowerCase()), `does not contain '${short(value)}' (any case)`);
    case 'regex': return result(new RegExp(value).test(text), `does not match /${short(value)}/`);
    case 'is-json': {
      const j = parseJson(text);
      return result(j.ok, j.ok ? '' : `not JSON: ${j.error}`);
    }
    case 'json-schema': {
      const j = parseJson(text);
      if (!j.ok) return result(false, `not JSON: ${j.error}`);
      const v = validator(a.value);
      const pass = v(j.value) as boolean;
      const e = v.errors?.[0];
      return result(pass, e ? `${e.instancePath || '(root)'} ${e.message}` : 'does not match the schema');
    }
    case 'max-cost': {
      const limit = Math.round(Number(a.value) * 1_000_000);
      if (answer.costMicros === null) return result(false, 'cost unknown (unpriced model)');
      return result(answer.costMicros <= limit, `cost ${answer.costMicros} µ$ over ${limit} µ$`);
    }
    case 'max-latency': return result(answer.latencyMs <= Number(a.value), `${answer.latencyMs} ms over ${a.value} ms`);
    case 'not-refusal': return result(!REFUSAL.test(text), 'the model refused');
  }
}

export function checkAll(list: readonly Assertion[], answer: Answer): AssertionResult[] {
  return list.map((a) => checkAssertion(a, answer));
}
