import type { PromptDocument } from '../prompt/model';

export type InputType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
const TYPES = new Set<InputType>(['string', 'number', 'integer', 'boolean', 'array', 'object']);

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function typeName(x: unknown): InputType | undefined {
  if (typeof x !== 'string') return undefined;
  const t = x.trim().toLowerCase().replace(/,.*$/, '');
  const alias: Record<string, InputType> = { str: 'string', int: 'integer', float: 'number', bool: 'boolean', list: 'array', dict: 'object' };
  const name = (alias[t] ?? t) as InputType;
  return TYPES.has(name) ? name : undefined;
}

/**
 * Declared input types: Prompty v1 `inputs: {x: {type}}`, Prompty v2 `inputs: [{name, kind}]`,
 * Dotprompt Picoschema `input.schema: {x: string, y?: integer, z(array): string}` or a JSON schema.
 */
export function declaredInputTypes(doc: PromptDocument): Map<string, InputType> {
  const out = new Map<string, InputType>();
  const raw = doc.frontmatter.raw;
  const inputs = raw.inputs;
  if (Array.isArray(inputs)) {
    for (const i of inputs) if (isObj(i) && typeof i.name === 'string') set(out, i.name, i.kind ?? i.type);
  } else if (isObj(inputs)) {
    for (const [name, spec] of Object.entries(inputs)) set(out, name, isObj(spec) ? spec.kind ?? spec.type : spec);
  }
  const schema = isObj(raw.input) ? raw.input.schema : undefined;
  if (isObj(schema)) {
    const props = schema.type === 'object' && isObj(schema.properties) ? schema.properties : schema;
    for (const [key, spec] of Object.entries(props)) {
      const m = /^([A-Za-z_][\w-]*)\??(?:\((\w+)\))?$/.exec(key);
      if (!m) continue;
      set(out, m[1], m[2] ?? (isObj(spec) ? spec.type : spec));
    }
  }
  return out;
}

function set(out: Map<string, InputType>, name: string, type: unknown): void {
  const t = typeName(type);
  if (t) out.set(name, t);
}
