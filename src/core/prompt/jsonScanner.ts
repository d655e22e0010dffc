/** A JSON syntax tree that keeps every value's offsets, so ranges can point at string literals. */
export type JsonNode =
  | { kind: 'object'; start: number; end: number; props: JsonProperty[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'number'; start: number; end: number; value: number }
  | { kind: 'boolean'; start: number; end: number; value: boolean }
  | { kind: 'null'; start: number; end: number; value: null };

export interface JsonProperty { key: string; keyStart: number; keyEnd: number; value?: JsonNode }
export interface JsonError { message: string; start: number; end: number; severity: 'error' | 'warning' }

class Stop extends Error {}

/** Deeper nesting is refused with a clear error: the scanner (and jsonValue) recurse, and a hostile file must not overflow the stack. */
export const MAX_JSON_DEPTH = 256;

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** Parses JSON (comments tolerated); on a fatal error the tree built so far is still returned. */
export function scanJson(text: string): { root?: JsonNode; errors: JsonError[] } {
  const errors: JsonError[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let root: JsonNode | undefined;

  const fail = (message: string, start: number, end = start + 1): never => {
    errors.push({ message, start, end: Math.min(Math.max(end, start), text.length), severity: 'error' });
    throw new Stop();
  };

  const skip = () => {
    for (;;) {
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (text.startsWith('//', i)) { const nl = text.indexOf('\n', i); i = nl < 0 ? text.length : nl + 1; continue; }
      if (text.startsWith('/*', i)) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) fail('Comment is never closed.', i, i + 2);
        i = close + 2;
        continue;
      }
      return;
    }
  };

  const readString = (): { value: string; start: number; end: number } => {
    const start = i;
    let value = '';
    i++;
    while (i < text.length) {
      // Copy the run up to the next quote, backslash or newline in one slice.
      let j = i;
      while (j < text.length) {
        const code = text.charCodeAt(j);
        if (code === 34 || code === 92 || code === 10) break;
        j++;
      }
      value += text.slice(i, j);
      i = j;
      if (i >= text.length) break;
      const c = text[i];
      if (c === '"') { i++; return { value, start, end: i }; }
      if (c === '\\') {
        const e = text[i + 1];
        if (e in SIMPLE_ESCAPES) { value += SIMPLE_ESCAPES[e]; i += 2; continue; }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)); i += 6; continue; }
        fail('Invalid escape sequence in string.', i, i + 2);
      }
      if (c === '\n') fail('String is not closed before the end of the line.', start, i);
      value += c;
      i++;
    }
    return fail('String is not closed.', start, text.length);
  };

  let depth = 0;
  const readValue = (attach: (node: JsonNode) => void): void => {
    skip();
    const start = i;
    const c = text[i];
    if ((c === '{' || c === '[') && depth >= MAX_JSON_DEPTH) fail(`Objects and arrays nest more than ${MAX_JSON_DEPTH} levels deep; Promptmeter does not read JSON nested this deep.`, i);
    depth++;
    try { readContainerOrValue(attach, start, c); } finally { depth--; }
  };

  const readContainerOrValue = (attach: (node: JsonNode) => void, start: number, c: string): void => {
    if (c === '{') {
      const node: JsonNode = { kind: 'object', start, end: text.length, props: [] };
      attach(node);
      i++;
      skip();
      if (text[i] === '}') { i++; node.end = i; return; }
      for (;;) {
        skip();
        if (text[i] !== '"') fail(i >= text.length ? 'Object is not closed with }.' : 'Expected a property name in double quotes.', i >= text.length ? start : i);
        const key = readString();
        const prop: JsonProperty = { key: key.value, keyStart: key.start, keyEnd: key.end };
        node.props.push(prop);
        skip();
        if (text[i] !== ':') fail("Expected ':' after the property name.", i);
        i++;
        readValue(v => { prop.value = v; });
        skip();
        if (text[i] === ',') {
          const comma = i;
          i++;
          skip();
          if (text[i] === '}') { errors.push({ message: 'Trailing comma.', start: comma, end: comma + 1, severity: 'error' }); i++; node.end = i; return; }
          continue;
        }
        if (text[i] === '}') { i++; node.end = i; return; }
        fail(i >= text.length ? 'Object is not closed with }.' : "Expected ',' or '}'.", i >= text.length ? start : i);
      }
    }
    if (c === '[') {
      const node: JsonNode = { kind: 'array', start, end: text.length, items: [] };
      attach(node);
      i++;
      skip();
      if (text[i] === ']') { i++; node.end = i; return; }
      for (;;) {
        readValue(v => node.items.push(v));
        skip();
        if (text[i] === ',') {
          const comma = i;
          i++;
          skip();
          if (text[i] === ']') { errors.push({ message: 'Trailing comma.', start: comma, end: comma + 1, severity: 'error' }); i++; node.end = i; return; }
          continue;
        }
        if (text[i] === ']') { i++; node.end = i; return; }
        fail(i >= text.length ? 'Array is not closed with ].' : "Expected ',' or ']'.", i >= text.length ? start : i);
      }
    }
    if (c === '"') { const s = readString(); attach({ kind: 'string', ...s }); return; }
    const lit = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (lit) {
      i += lit[0].length;
      const t = lit[0];
      if (t === 'true' || t === 'false') attach({ kind: 'boolean', start, end: i, value: t === 'true' });
      else if (t === 'null') attach({ kind: 'null', start, end: i, value: null });
      else attach({ kind: 'number', start, end: i, value: Number(t) });
      return;
    }
    fail(i >= text.length ? 'Unexpected end of file; a value was expected.' : 'Unexpected character; a JSON value was expected.', Math.min(i, text.length - 1));
  };

  try {
    skip();
    if (i >= text.length) return { errors: [{ message: 'The file is empty; a JSON value was expected.', start: 0, end: 0, severity: 'error' }] };
    readValue(v => { root = v; });
    skip();
    if (i < text.length) fail('Unexpected text after the JSON value.', i);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return { root, errors };
}

/** Plain JS value of a node (incomplete containers give what was read). */
export function jsonValue(node: JsonNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of node.props) if (p.value) o[p.key] = jsonValue(p.value);
      return o;
    }
    case 'array': return node.items.map(jsonValue);
    default: return node.value;
  }
}

export function prop(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.kind !== 'object') return undefined;
  for (let k = node.props.length - 1; k >= 0; k--) if (node.props[k].key === key) return node.props[k].value;
  return undefined;
}
