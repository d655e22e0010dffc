import { parseDocument } from 'yaml';
import type { LineIndex } from './lines';
import type { Frontmatter, InputSpec, ParseProblem } from './model';
import { checkYamlDocument, preScanYaml, type YamlHazard } from './yamlGuard';

/** Where a fenced frontmatter block sits in the document. */
export interface FrontmatterBlock {
  /** Start of the opening fence and end of the closing fence (newline excluded). */
  start: number;
  end: number;
  /** The YAML text between the fences. */
  yamlStart: number;
  yamlEnd: number;
  /** First offset after the closing fence line. */
  bodyStart: number;
}

export interface FindOptions {
  /** Fence strings accepted on the first line; Prompty also allows `+++`. */
  fences?: string[];
  /** Dotprompt allows blank lines and `#` licence-header lines before the opening fence. */
  allowHeaderComments?: boolean;
}

interface Line { start: number; end: number; text: string }

function lineAt(text: string, pos: number): Line {
  let end = text.indexOf('\n', pos);
  if (end < 0) end = text.length;
  const raw = text.slice(pos, end);
  return { start: pos, end, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw };
}

function isFence(line: string, fence: string): boolean {
  return line.startsWith(fence) && line.slice(fence.length).trim() === '';
}

/** Finds the fenced block; an opening fence without a closing one is a problem and the whole text stays body. */
export function findFrontmatter(text: string, index: LineIndex, problems: ParseProblem[], options: FindOptions = {}): FrontmatterBlock | undefined {
  const fences = options.fences ?? ['---'];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (options.allowHeaderComments) {
    let p = pos;
    while (p < text.length) {
      const line = lineAt(text, p);
      if (fences.some(f => isFence(line.text, f))) { pos = p; break; }
      if (line.text.trim() !== '' && !line.text.startsWith('#')) break;
      p = line.end + 1;
    }
  }
  const open = lineAt(text, pos);
  const fence = fences.find(f => isFence(open.text, f));
  if (!fence) return undefined;
  let p = open.end + 1;
  while (p <= text.length) {
    const line = lineAt(text, p);
    if (isFence(line.text, fence)) {
      return { start: open.start, end: line.end, yamlStart: open.end + 1, yamlEnd: p, bodyStart: Math.min(line.end + 1, text.length) };
    }
    if (line.end >= text.length) break;
    p = line.end + 1;
  }
  problems.push({ message: `Frontmatter opened with '${fence}' is never closed; the file is read as template text.`, range: index.range(open.start, open.end), severity: 'error' });
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}

// Clean frontmatter parses the same every time: each keystroke, and each revision of a file's history, reparses
// the same few lines. Only problem-free results are kept (problems carry positions of one document).
const cleanYaml = new Map<string, Record<string, unknown>>();

/** Parses the YAML of a block; errors land at their own line, and whatever parsed is still returned. */
export function parseFrontmatterYaml(text: string, block: FrontmatterBlock, index: LineIndex, problems: ParseProblem[]): Record<string, unknown> {
  const source = text.slice(block.yamlStart, block.yamlEnd);
  if (source.trim() === '') return {};
  const known = cleanYaml.get(source);
  if (known) return structuredClone(known);
  const before = problems.length;
  const value = parseYamlMapping(source, block, index, problems);
  if (problems.length === before) {
    if (cleanYaml.size >= 64) cleanYaml.delete(cleanYaml.keys().next().value!);
    cleanYaml.set(source, structuredClone(value));
  }
  return value;
}

/** Runs `f` without capturing stack traces: broken YAML makes the library build an Error per line, and only messages are used. */
function withoutStacks<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function parseYamlMapping(source: string, block: FrontmatterBlock, index: LineIndex, problems: ParseProblem[]): Record<string, unknown> {
  let value: unknown;
  const hazardProblem = (h: YamlHazard) => yamlProblem(h.message, [h.start, h.end], block, index, 'error');
  // The yaml library is super-linear on deep flow nesting: refuse it before parsing (see yamlGuard.ts).
  const deep = preScanYaml(source);
  if (deep) { problems.push(hazardProblem(deep)); return {}; }
  try {
    // logLevel 'error': the library's own warnings (e.g. collection keys) would go to the process's stderr.
    const doc = withoutStacks(() => parseDocument(source, { prettyErrors: false, uniqueKeys: false, logLevel: 'error' }));
    const { fatal, duplicate } = checkYamlDocument(doc);
    if (fatal) { problems.push(hazardProblem(fatal)); return {}; }
    // Only the first error and warning: YAML errors cascade, and later ones rarely point at the real mistake.
    const [error] = doc.errors;
    const [warning] = doc.warnings;
    if (error) problems.push(yamlProblem(error.message, error.pos, block, index, 'error'));
    else if (duplicate) problems.push(hazardProblem(duplicate));
    if (warning) problems.push(yamlProblem(warning.message, warning.pos, block, index, 'warning'));
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    problems.push({ message: `Invalid YAML frontmatter: ${firstLine(String((err as Error)?.message ?? err))}`, range: index.range(block.start, block.end), severity: 'error' });
    return {};
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ message: 'Frontmatter should be a YAML mapping (key: value lines).', range: index.range(block.yamlStart, block.yamlEnd), severity: 'warning' });
    return {};
  }
  return value as Record<string, unknown>;
}

function yamlProblem(message: string, pos: [number, number], block: FrontmatterBlock, index: LineIndex, severity: 'error' | 'warning'): ParseProblem {
  const start = block.yamlStart + pos[0];
  const end = Math.max(start, Math.min(block.yamlStart + pos[1], block.yamlEnd));
  return { message: `Invalid YAML frontmatter: ${firstLine(message)}`, range: index.range(start, end), severity };
}

/** Reads a plain object property, or undefined when the value is not an object. */
export function obj(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

/** Prompty v1's `model.parameters`, which its runtime passes through to the API. */
export const modelParameters = (raw: Record<string, unknown>): Record<string, unknown> | undefined => obj(obj(raw.model)?.parameters);

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

const DURATION: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `promptmeter: {cacheTtl}` or the dotted extension key `promptmeter.cacheTtl`; seconds or `10m`/`1h`/`7d`. */
export function cacheTtlSeconds(raw: Record<string, unknown>): number | undefined {
  const value = obj(raw.promptmeter)?.cacheTtl ?? raw['promptmeter.cacheTtl'];
  const n = num(value);
  if (n !== undefined) return n >= 0 ? n : undefined;
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/i.exec(value) : null;
  return m ? Number(m[1]) * DURATION[m[2].toLowerCase()] : undefined;
}

/** Inputs declared as a list of `{name, default}` or a map `name: {default}` (a scalar counts as the default). */
export function readInputs(value: unknown, into: InputSpec[] = []): InputSpec[] {
  const add = (name: string, spec: unknown) => {
    if (!name || into.some(i => i.name === name)) return;
    const o = obj(spec);
    const input: InputSpec = { name };
    if (o) {
      if ('default' in o) input.default = o.default;
      else if ('sample' in o) input.default = o.sample;
      const description = str(o.description);
      if (description) input.description = description;
    } else if (spec !== null && spec !== undefined) {
      input.default = spec;
    }
    into.push(input);
  };
  if (Array.isArray(value)) {
    for (const item of value) {
      const o = obj(item);
      if (o && typeof o.name === 'string') add(o.name, o);
      else if (typeof item === 'string') add(item, undefined);
    }
  } else {
    const o = obj(value);
    if (o) for (const [name, spec] of Object.entries(o)) add(name, spec);
  }
  return into;
}

/** Top-level sample values (Prompty v1) fill defaults and add inputs that were not declared. */
export function applySampleDefaults(inputs: InputSpec[], sample: unknown): void {
  const o = obj(sample);
  if (!o) return;
  for (const [name, value] of Object.entries(o)) {
    const input = inputs.find(i => i.name === name);
    if (!input) inputs.push({ name, default: value });
    else if (input.default === undefined) input.default = value;
  }
}

/** Tool definitions are serialised only when they are objects; a list of tool names is not what is sent. */
export function serialiseTools(value: unknown): string | undefined {
  if (Array.isArray(value) ? value.some(t => obj(t)) : obj(value)) return JSON.stringify(value);
  return undefined;
}

type Sampling = Pick<Frontmatter, 'maxOutputTokens' | 'temperature' | 'seed'>;

/** Sets the sampling settings a format declared; one it did not declare stays absent. */
export function setSampling(fm: Frontmatter, values: Sampling): void {
  for (const key of ['maxOutputTokens', 'temperature', 'seed'] as const) {
    const value = values[key];
    if (value !== undefined) fm[key] = value;
  }
}

export function emptyFrontmatter(): Frontmatter {
  return { inputs: [], raw: {} };
}

/** The shared part of reading a fenced YAML header: block offsets, raw YAML, cache TTL. */
export function readFrontmatter(text: string, index: LineIndex, problems: ParseProblem[], options: FindOptions = {}): { frontmatter: Frontmatter; bodyStart: number } {
  const block = findFrontmatter(text, index, problems, options);
  if (!block) return { frontmatter: emptyFrontmatter(), bodyStart: text.charCodeAt(0) === 0xfeff ? 1 : 0 };
  const raw = parseFrontmatterYaml(text, block, index, problems);
  const frontmatter: Frontmatter = { inputs: [], raw, start: block.start, end: block.end };
  const ttl = cacheTtlSeconds(raw);
  if (ttl !== undefined) frontmatter.cacheTtlSeconds = ttl;
  return { frontmatter, bodyStart: block.bodyStart };
}
