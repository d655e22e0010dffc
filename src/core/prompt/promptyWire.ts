// Prompty v2 `tools` and `outputs` as Prompty's own runtime sends them to OpenAI Chat Completions
// (microsoft/prompty spec §7.1.3, §7.1.4, §7.1.6; runtime/typescript/packages/openai/src/wire.ts).

type Json = Record<string, unknown>;

const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

const JSON_TYPE: Record<string, string> = {
  string: 'string', integer: 'integer', float: 'number', number: 'number', boolean: 'boolean', array: 'array', object: 'object',
};

const SCALAR_KIND: Record<string, string> = { string: 'string', boolean: 'boolean', object: 'object' };

/** Spec §2.7 scalar shorthand: a plain value stands for a property of its inferred kind. */
function inferKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  return SCALAR_KIND[typeof value] ?? 'string';
}

/** A property list as written: `[{name, kind, ...}]`, a name-keyed map, or `{properties: [...]}`. */
export function propertyList(value: unknown): Json[] | undefined {
  if (Array.isArray(value)) return value.filter(isObj);
  if (!isObj(value)) return undefined;
  if (Array.isArray(value.properties)) return value.properties.filter(isObj);
  return Object.entries(value).map(([name, p]) => (isObj(p) ? { name, ...p } : { name, kind: inferKind(p), default: p }));
}

function addNullability(schema: Json): void {
  if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  else if (Array.isArray(schema.anyOf)) schema.anyOf.push({ type: 'null' });
  // An unknown kind stays unconstrained rather than becoming null-only (§7.1.4).
  else if (Object.keys(schema).length > 0) schema.anyOf = [{ ...schema }, { type: 'null' }];
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
}

/** Object `properties` and `required`; in strict mode every child is required and optional ones nullable. */
function objectSchema(props: Json[], strict: boolean): { properties: Json; required: string[] } {
  const properties: Json = {};
  const required: string[] = [];
  for (const p of props) {
    if (typeof p.name !== 'string' || !p.name) continue;
    properties[p.name] = propertyToJsonSchema(p, strict && p.required !== true, strict);
    if (strict || p.required === true) required.push(p.name);
  }
  return { properties, required };
}

export function propertyToJsonSchema(prop: Json, optional: boolean, strict: boolean): Json {
  const kind = typeof prop.kind === 'string' ? prop.kind : '';
  const schema: Json = JSON_TYPE[kind] ? { type: JSON_TYPE[kind] } : {};
  if (typeof prop.description === 'string' && prop.description) schema.description = prop.description;
  // A copy: nullability appends null, and the parsed frontmatter must stay as written.
  if (Array.isArray(prop.enumValues) && prop.enumValues.length > 0) schema.enum = [...prop.enumValues];
  if (kind === 'array') schema.items = isObj(prop.items) ? propertyToJsonSchema(prop.items, false, strict) : { type: 'string' };
  if (kind === 'object') {
    const { properties, required } = objectSchema(propertyList(prop.properties) ?? [], strict);
    schema.properties = properties;
    if (required.length > 0) schema.required = required;
    schema.additionalProperties = false;
  }
  if (kind === 'union') {
    // OpenAI takes anyOf; a oneOf union is written as declared (the reference runtime refuses it).
    const key = Array.isArray(prop.anyOf) && prop.anyOf.length > 0 ? 'anyOf' : Array.isArray(prop.oneOf) && prop.oneOf.length > 0 ? 'oneOf' : undefined;
    if (key) schema[key] = (prop[key] as unknown[]).filter(isObj).map(b => propertyToJsonSchema(b, false, strict));
  }
  if (prop.nullable === true || (strict && optional)) addNullability(schema);
  return schema;
}

/** §7.1.4 schema_to_wire: `required` lists only required properties (all in strict mode) and is left out when empty. */
export function schemaToWire(props: Json[], strict: boolean): Json {
  const { properties, required } = objectSchema(props, strict);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

/** Bound parameter names: `bindings: {name: {input}}` or `bindings: [{name, input}]`. */
function boundNames(bindings: unknown): Set<string> {
  if (Array.isArray(bindings)) return new Set(bindings.filter(isObj).map(b => b.name).filter((n): n is string => typeof n === 'string'));
  return new Set(isObj(bindings) ? Object.keys(bindings) : []);
}

/** §7.1.3 for `kind: function`: bound parameters stripped, `strict` on the function with additionalProperties false. */
export function functionToolToWire(tool: Json): Json {
  const strict = tool.strict === true;
  const fn: Json = { name: tool.name };
  if (typeof tool.description === 'string' && tool.description) fn.description = tool.description;
  const params = propertyList(tool.parameters);
  if (params) {
    const bound = boundNames(tool.bindings);
    fn.parameters = schemaToWire(params.filter(p => !bound.has(p.name as string)), strict);
  }
  if (strict) {
    fn.strict = true;
    if (isObj(fn.parameters)) fn.parameters.additionalProperties = false;
  }
  return { type: 'function', function: fn };
}

export interface PromptyTools {
  /** The `tools` value to send: unchanged when no entry is in Prompty's v2 shape. */
  tools: unknown;
  /** `name (kind)` of v2 tools that need a server or registry to list their functions (mcp, openapi, custom). */
  unsent: string[];
}

/** A v2 tool carries a `kind`; OpenAI-shaped v1 tools (`type`, `function`) pass through as written. */
const isV2Tool = (t: unknown): t is Json => isObj(t) && typeof t.kind === 'string' && t.type === undefined && !isObj(t.function);

/** Frontmatter `tools` as Prompty's OpenAI chat wire sends them. */
export function promptyToolsToWire(value: unknown): PromptyTools {
  // Name-keyed map form: `tools: {get_weather: {kind: function, ...}}`.
  const list = Array.isArray(value) ? value
    : isObj(value) && Object.values(value).length > 0 && Object.values(value).every(isV2Tool)
      ? Object.entries(value).map(([name, t]) => ({ name, ...(t as Json) })) : undefined;
  if (!list || !list.some(isV2Tool)) return { tools: value, unsent: [] };
  const tools: unknown[] = [];
  const unsent: string[] = [];
  for (const t of list) {
    if (!isV2Tool(t)) tools.push(t);
    else if (t.kind === 'function' && typeof t.name === 'string' && t.name) tools.push(functionToolToWire(t));
    else unsent.push(`${typeof t.name === 'string' && t.name ? t.name : '(unnamed)'} (${t.kind})`);
  }
  return { tools, unsent };
}

/** §7.1.6: non-empty `outputs` become a strict `json_schema` response format named `structured_output`. */
export function outputsToWire(outputs: unknown): Json | undefined {
  const props = propertyList(outputs);
  if (!props || props.length === 0) return undefined;
  const { properties, required } = objectSchema(props, true);
  return {
    type: 'json_schema',
    json_schema: {
      name: 'structured_output',
      strict: true,
      schema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false },
    },
  };
}
