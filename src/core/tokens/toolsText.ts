// The text OpenAI models are shown for function tools: TypeScript declarations in a "namespace functions" block.
import type { FunctionTool } from '../exact/toolShapes';
import type { EncodingName } from './families';

type Schema = Record<string, unknown>;
const isObj = (x: unknown): x is Schema => typeof x === 'object' && x !== null && !Array.isArray(x);
const literal = (v: unknown) => (typeof v === 'string' ? `"${v}"` : String(v));

// cl100k models (gpt-3.5-turbo, gpt-4): hmarr/openai-chat-tokens' rendering, checked against the API there.
function legacyType(p: Schema, indent: number): string {
  if (Array.isArray(p.anyOf)) return p.anyOf.filter(isObj).map((x) => legacyType(x, indent)).join(' | ');
  if (Array.isArray(p.type)) return p.type.map((t) => legacyType({ ...p, type: t }, indent)).join(' | ');
  switch (p.type) {
    case 'string': return Array.isArray(p.enum) ? p.enum.map(literal).join(' | ') : 'string';
    case 'number': case 'integer': return Array.isArray(p.enum) ? p.enum.map(String).join(' | ') : 'number';
    case 'boolean': return 'boolean';
    case 'null': return 'null';
    case 'object': return ['{', legacyProperties(p, indent + 2), '}'].join('\n');
    case 'array': return isObj(p.items) ? `${legacyType(p.items, indent)}[]` : 'any[]';
    default: return Array.isArray(p.enum) ? p.enum.map(literal).join(' | ') : 'any';
  }
}

/** One line per property; descriptions only at the top level, as the API shows them to gpt-3.5-turbo and gpt-4. */
function legacyProperties(o: Schema, indent: number): string {
  const required = Array.isArray(o.required) ? o.required : [];
  const lines: string[] = [];
  for (const [name, raw] of Object.entries(isObj(o.properties) ? o.properties : {})) {
    const p = isObj(raw) ? raw : {};
    if (typeof p.description === 'string' && p.description && indent < 2) lines.push(`// ${p.description}`);
    lines.push(`${name}${required.includes(name) ? '' : '?'}: ${legacyType(p, indent)},`);
  }
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

// o200k models (gpt-4o and later): fitted to recorded API usage (test/fixtures/tools/README.md); see the tests.
/** A description as comment lines: each line trimmed, blank ones dropped. */
const commentLines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
/** Whether a property is shown with a comment (description, title or default). */
/** Far more than any real tool declares; a hostile file cannot make the text grow past it. */
const MAX_REF_EXPANSIONS = 1000;
const hasComment = (p: Schema) => (typeof p.description === 'string' && p.description.trim() !== '') || typeof p.title === 'string' || p.default !== undefined;

/**
 * Renders one function's parameter schema as the model sees it. An object whose properties carry no comment is one
 * line (`{a: number, b?: string}`); otherwise one property per line, each after its comments, nested objects not
 * indented (recorded gpt-4o and gpt-4.1 requests bill 6 to 16 tokens less than with indentation).
 */
class ParamsText {
  /** The definitions being expanded on the current path: a recursive schema refers back to one of them. */
  private readonly expanding = new Set<string>();
  /** Expansions left: definitions that refer to others twice, level after level, would grow the text exponentially. */
  private budget = MAX_REF_EXPANSIONS;

  constructor(private readonly defs: Schema) {}

  /** The definition `p` refers to (`#/$defs/X` or `#/definitions/X`, as pydantic and zod emit them), else `p`. */
  private target(p: unknown): { schema: Schema; ref?: string } {
    if (!isObj(p) || typeof p.$ref !== 'string') return { schema: isObj(p) ? p : {} };
    const ref = p.$ref.split('/').pop() ?? '';
    const target = this.defs[ref];
    return { schema: isObj(target) ? target : {}, ref };
  }

  private deref(p: unknown): Schema { return this.target(p).schema; }

  type(raw: unknown): string {
    const { schema: p, ref } = this.target(raw);
    if (ref === undefined) return this.typeOf(p);
    // A recursive reference, or one past the budget, is not expanded again.
    if (this.expanding.has(ref) || this.budget <= 0) return 'any';
    this.budget--;
    this.expanding.add(ref);
    try {
      return this.typeOf(p);
    } finally {
      this.expanding.delete(ref);
    }
  }

  private typeOf(p: Schema): string {
    const alternatives = Array.isArray(p.anyOf) ? p.anyOf : Array.isArray(p.oneOf) ? p.oneOf : undefined;
    if (alternatives) return alternatives.map((x) => this.type(x)).join(' | ');
    if (Array.isArray(p.type)) return p.type.map((t) => this.typeOf({ ...p, type: t })).join(' | ');
    switch (p.type) {
      case 'string': return Array.isArray(p.enum) ? p.enum.map(literal).join(' | ') : 'string';
      case 'number': case 'integer': return Array.isArray(p.enum) ? p.enum.map(String).join(' | ') : 'number';
      case 'boolean': return 'boolean';
      case 'null': return 'null';
      case 'object': return this.object(p);
      case 'array': return p.items !== undefined ? `${this.type(p.items)}[]` : 'any[]';
      default: return Array.isArray(p.enum) ? p.enum.map(literal).join(' | ') : 'any';
    }
  }

  object(o: Schema): string {
    const props = Object.entries(isObj(o.properties) ? o.properties : {});
    if (props.length === 0) return 'object';
    const required = Array.isArray(o.required) ? o.required : [];
    const key = (name: string) => `${name}${required.includes(name) ? '' : '?'}`;
    // Extra keys allowed are shown as an index signature (OpenAI's .NET SDK recordings: 7 tokens more than without).
    const open = o.additionalProperties === true ? ['[key: string]: any'] : [];
    if (!props.some(([, v]) => hasComment(this.deref(v)))) return `{${[...props.map(([k, v]) => `${key(k)}: ${this.type(v)}`), ...open].join(', ')}}`;
    const lines = ['{'];
    for (const [name, raw] of props) {
      const p = this.deref(raw);
      if (typeof p.title === 'string') lines.push(`// ${p.title}`);
      if (typeof p.description === 'string') for (const l of commentLines(p.description)) lines.push(`// ${l}`);
      // A string default is quoted unless the property is an enum (as openai/harmony renders it).
      const byDefault = p.default === undefined ? '' : ` // default: ${typeof p.default === 'string' && Array.isArray(p.enum) ? p.default : JSON.stringify(p.default)}`;
      lines.push(`${key(name)}: ${this.type(raw)},${byDefault}`);
    }
    lines.push(...open.map((l) => `${l},`), '}');
    return lines.join('\n');
  }
}

/** The text OpenAI puts in the prompt for `fns`, as the models of `encoding` are shown it. */
export function openaiToolsText(fns: readonly FunctionTool[], encoding: EncodingName = 'o200k_base'): string {
  const legacy = encoding === 'cl100k_base';
  const lines = ['namespace functions {', ''];
  for (const f of fns) {
    const params = f.parameters;
    // The parameters' own title and description are shown as comments too (pydantic's model name and docstring).
    if (!legacy && typeof params.title === 'string') lines.push(`// ${params.title}`);
    if (!legacy && typeof params.description === 'string' && params.description !== f.description) lines.push(...commentLines(params.description).map((l) => `// ${l}`));
    if (f.description) lines.push(...(legacy ? [f.description] : commentLines(f.description)).map((l) => `// ${l}`));
    if (!isObj(params.properties) || Object.keys(params.properties).length === 0) lines.push(`type ${f.name} = () => any;`);
    else if (legacy) lines.push(`type ${f.name} = (_: {`, legacyProperties(params, 0), '}) => any;');
    else {
      const defs = isObj(params.$defs) ? params.$defs : isObj(params.definitions) ? params.definitions : {};
      lines.push(`type ${f.name} = (_: ${new ParamsText(defs).object(params)}) => any;`);
    }
    lines.push('');
  }
  lines.push('} // namespace functions');
  return lines.join('\n');
}

// Keywords the API leaves out of the schema text it shows the model (fitted; see test/fixtures/tools/README.md).
const HIDDEN_SCHEMA_KEYS = new Set(['required', 'additionalProperties', '$schema']);

/** The schema as the model is shown it: compact JSON without the keywords in HIDDEN_SCHEMA_KEYS. */
function shownSchema(x: unknown, inNames = false): unknown {
  if (Array.isArray(x)) return x.map((y) => shownSchema(y));
  if (!isObj(x)) return x;
  // Under `properties` and `$defs` the keys are names, not keywords: a property called "required" stays.
  const entries = Object.entries(x).filter(([k]) => inNames || !HIDDEN_SCHEMA_KEYS.has(k));
  return Object.fromEntries(entries.map(([k, v]) => [k, shownSchema(v, !inNames && (k === 'properties' || k === '$defs' || k === 'definitions'))]));
}

/** Whether a tool's parameters define a titled or described `$defs` entry: recorded requests show the API renders those differently. */
function hasDescribedDefinitions(parameters: Schema): boolean {
  const defs = [parameters.$defs, parameters.definitions].filter(isObj).flatMap((d) => Object.values(d));
  return defs.some((d) => isObj(d) && (typeof d.title === 'string' || typeof d.description === 'string'));
}

/** Whether `x` uses a construct that recorded requests bill differently from this rendering, in ways not yet fitted. */
function hasUnfittedConstruct(x: unknown, inNames = false): boolean {
  if (Array.isArray(x)) return x.some((y) => hasUnfittedConstruct(y));
  if (!isObj(x)) return false;
  if (!inNames && (Array.isArray(x.anyOf) || Array.isArray(x.allOf) || Array.isArray(x.oneOf) || Array.isArray(x.type))) return true;
  if (!inNames && isObj(x.items) && (x.items.type === 'object' || typeof x.items.$ref === 'string')) return true;
  if (!inNames && x.additionalProperties !== undefined && x.additionalProperties !== false) return true;
  return Object.entries(x).some(([k, v]) => hasUnfittedConstruct(v, !inNames && (k === 'properties' || k === '$defs' || k === 'definitions')));
}

/** Extra keys allowed on the parameters themselves, in the one-line form: the only shape the recordings confirm. */
function confirmedOpenObject(parameters: Schema): boolean {
  const props = isObj(parameters.properties) ? Object.values(parameters.properties) : [];
  return parameters.additionalProperties === true && props.length > 0 && !props.some((p) => isObj(p) && hasComment(p));
}

/**
 * Whether a tool's count is an estimate: its schema uses a construct the recorded requests do not confirm (unions,
 * arrays of objects, a described $defs entry, a description on the parameters themselves, extra keys allowed
 * anywhere but on simple parameters).
 */
export function toolCountUnfitted(parameters: unknown): boolean {
  if (!isObj(parameters)) return false;
  const rest = confirmedOpenObject(parameters) ? { ...parameters, additionalProperties: false } : parameters;
  return typeof parameters.description === 'string' || hasDescribedDefinitions(parameters) || hasUnfittedConstruct(rest);
}

/** The "Response Formats" section OpenAI adds to the system text for a `json_schema` response format (o200k models). */
export function openaiResponseFormatText(rs: { name: string; description?: string; schema: unknown }): string {
  const comment = rs.description ? commentLines(rs.description).map((l) => `// ${l}\n`).join('') : '';
  return `# Response Formats\n\n## ${rs.name}\n\n${comment}${JSON.stringify(shownSchema(rs.schema))}`;
}
