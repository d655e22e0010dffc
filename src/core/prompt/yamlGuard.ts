import { isAlias, isCollection, isScalar, visit, type Document } from 'yaml';

/**
 * Guards around the `yaml` library, whose time is super-linear on some small inputs: unclosed `{` nesting (300 `{` in a
 * 340-byte file took 6 s), collection keys (`? ? ? …`, exponential in toJS), alias chains (quadratic alias counting)
 * and many keys in one mapping (its duplicate-key check is quadratic). These checks are linear.
 */

/** Real frontmatter nests a few levels; 32 keeps the yaml library's flow parsing far from its slow range. */
export const MAX_FLOW_DEPTH = 32;
/** Real frontmatter rarely uses aliases at all; more than this is refused before toJS counts them. */
export const MAX_ALIASES = 100;

export interface YamlHazard { message: string; start: number; end: number }

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === undefined;

/** End of a quoted scalar starting at `i` (the quote), or the text's end when it is never closed. */
function skipQuoted(src: string, i: number): number {
  const quote = src[i];
  let j = i + 1;
  while (j < src.length) {
    const c = src[j];
    if (quote === '"' && c === '\\') { j += 2; continue; }
    if (c === quote) {
      if (quote === "'" && src[j + 1] === "'") { j += 2; continue; }
      return j + 1;
    }
    j++;
  }
  return src.length;
}

function lineIndent(src: string, lineStart: number): number {
  let k = lineStart;
  while (src[k] === ' ') k++;
  return k - lineStart;
}

/** After a block scalar header (`|` / `>`) on the line at `lineStart`: the first line not belonging to its content. */
function skipBlockScalar(src: string, lineStart: number, i: number): number {
  const parent = lineIndent(src, lineStart);
  let p = src.indexOf('\n', i);
  while (p >= 0) {
    const next = p + 1;
    const indent = lineIndent(src, next);
    const c = src[next + indent];
    const blank = c === '\n' || c === '\r' || c === undefined;
    if (!blank && indent <= parent) return next;
    p = src.indexOf('\n', next);
  }
  return src.length;
}

/**
 * One linear pass over YAML source that finds flow collections (`{` / `[`) nested deeper than `maxDepth`, skipping
 * quoted scalars, comments and block scalars; a `{` inside a plain scalar (`text: a {b}`) is not a collection.
 */
export function deepFlowAt(src: string, maxDepth = MAX_FLOW_DEPTH): number {
  let depth = 0;
  let lineStart = 0;
  // Whether a node may begin here: at a line's start, after `- ` / `? ` / `: `, inside flow after `{ [ ,`.
  let nodeStart = true;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') { i++; lineStart = i; if (depth === 0) nodeStart = true; continue; }
    const prevSpace = i === lineStart || isSpace(src[i - 1]);
    if (c === '#' && prevSpace) { const nl = src.indexOf('\n', i); i = nl < 0 ? src.length : nl; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (depth > 0) {
      if (c === '{' || c === '[') { if (++depth > maxDepth) return i; nodeStart = true; }
      else if (c === '}' || c === ']') { depth--; nodeStart = depth === 0 ? false : true; }
      else if (c === ',' || c === ':' || c === '?') nodeStart = true;
      else if ((c === '"' || c === "'") && (nodeStart || prevSpace)) { i = skipQuoted(src, i); nodeStart = false; continue; }
      else nodeStart = false;
      i++;
      continue;
    }
    if (nodeStart) {
      if (c === '{' || c === '[') { depth = 1; if (depth > maxDepth) return i; i++; continue; }
      if (c === '"' || c === "'") { i = skipQuoted(src, i); nodeStart = false; continue; }
      if ((c === '|' || c === '>')) { i = skipBlockScalar(src, lineStart, i); lineStart = i; continue; }
      if ((c === '-' || c === '?' || c === ':') && isSpace(src[i + 1])) { i++; continue; }
      if (c === '!' || c === '&') { while (i < src.length && !isSpace(src[i])) i++; continue; }
      nodeStart = false;
      i++;
      continue;
    }
    // Inside a plain scalar or key: `: ` starts a value.
    if (c === ':' && isSpace(src[i + 1])) nodeStart = true;
    i++;
  }
  return -1;
}

/** A hazard found before parsing: flow collections nested too deep. */
export function preScanYaml(src: string): YamlHazard | undefined {
  const at = deepFlowAt(src);
  if (at < 0) return undefined;
  const nl = src.indexOf('\n', at);
  return {
    message: `'{' / '[' nest more than ${MAX_FLOW_DEPTH} levels deep (an unclosed bracket?). Close them or flatten the YAML; Promptmeter does not read YAML nested this deep.`,
    start: at,
    end: nl < 0 ? src.length : nl,
  };
}

/** Hazards in a parsed document before toJS: collection keys, too many aliases, and duplicate keys (checked here in linear time because the library's own check is quadratic). */
export function checkYamlDocument(doc: Document.Parsed): { fatal?: YamlHazard; duplicate?: YamlHazard } {
  let fatal: YamlHazard | undefined;
  let duplicate: YamlHazard | undefined;
  let aliases = 0;
  const range = (node: { range?: [number, number, number] | null } | null | undefined): [number, number] => [node?.range?.[0] ?? 0, node?.range?.[1] ?? 0];
  visit(doc, {
    Map(_k, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (isCollection(key)) {
          const [start, end] = range(key);
          fatal = { message: 'a mapping or list is used as a key (`? …` or `{…}: …`); use plain text keys.', start, end };
          return visit.BREAK;
        }
        const value = isScalar(key) ? key.value : key;
        if (!duplicate && seen.has(value)) {
          const [start, end] = range(key as never);
          duplicate = { message: 'Map keys must be unique', start, end };
        }
        seen.add(value);
      }
    },
    Alias(_k, node) {
      if (isAlias(node) && ++aliases > MAX_ALIASES) {
        const [start, end] = range(node);
        fatal = { message: `more than ${MAX_ALIASES} aliases (*name); Promptmeter does not expand this many.`, start, end };
        return visit.BREAK;
      }
    },
  });
  return { fatal, duplicate };
}
