import type { LineIndex } from './lines';
import type { PromptMessage, TemplateVariable } from './model';
import type { Tag } from './tags';

function variable(name: string, tag: Tag, index: LineIndex): TemplateVariable {
  return { name, start: tag.start, end: tag.end, range: index.range(tag.start, tag.end) };
}

/** Tags arrive in order, so a duplicate can only be among the trailing entries of the same tag. */
function pushUnique(out: TemplateVariable[], name: string, tag: Tag, index: LineIndex): void {
  for (let k = out.length - 1; k >= 0 && out[k].start === tag.start; k--) if (out[k].name === name) return;
  out.push(variable(name, tag, index));
}

// ---- Jinja2 ----

const JINJA_WORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'true', 'false', 'none', 'True', 'False', 'None', 'loop', 'recursive', 'self', 'super', 'varargs', 'kwargs', 'caller', 'range', 'dict', 'lipsum', 'cycler', 'joiner', 'namespace']);

/** Root identifiers an expression reads: not attributes, filters, tests, keyword arguments or function names. */
export function jinjaExpressionNames(expr: string): string[] {
  const names: string[] = [];
  const re = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][A-Za-z0-9_]*)|(\S)/g;
  let prev = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr))) {
    if (m[1]) { prev = 'str'; continue; }
    if (m[3]) { prev = m[3]; continue; }
    const word = m[2];
    const rest = expr.slice(re.lastIndex);
    const isAttribute = prev === '.';
    const isFilterOrTest = prev === '|' || prev === 'is';
    const isCall = /^\s*\(/.test(rest);
    const isKeyword = /^\s*=(?!=)/.test(rest);
    if (!isAttribute && !isFilterOrTest && !isCall && !isKeyword && !JINJA_WORDS.has(word) && !names.includes(word)) names.push(word);
    prev = word === 'is' || word === 'not' && prev === 'is' ? 'is' : word;
  }
  return names;
}

/** Variables in Jinja2 tags; names bound by `{% for %}` / `{% set %}` / macros are locals, not inputs. */
export function jinjaVariables(tags: Tag[], index: LineIndex): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  const scopes: string[][] = [[]];
  const isLocal = (name: string) => scopes.some(s => s.includes(name));
  const record = (expr: string, tag: Tag) => {
    for (const name of jinjaExpressionNames(expr)) if (!isLocal(name)) pushUnique(out, name, tag, index);
  };
  for (const tag of tags) {
    if (tag.kind === 'output') { record(tag.inner, tag); continue; }
    if (tag.kind !== 'statement') continue;
    const m = /^([a-z_]+)\s*([\s\S]*)$/.exec(tag.inner);
    if (!m) continue;
    const [, word, rest] = m;
    if (word === 'for') {
      const f = /^([\s\S]+?)\s+in\s+([\s\S]+?)(?:\s+recursive)?$/.exec(rest);
      if (f) {
        record(f[2].replace(/\s+if\s+[\s\S]*$/, ''), tag);
        scopes.push(f[1].split(',').map(s => s.trim().replace(/[()]/g, '')));
      } else scopes.push([]);
    } else if (word === 'endfor' || word === 'endmacro' || word === 'endcall') {
      if (scopes.length > 1) scopes.pop();
    } else if (word === 'if' || word === 'elif') record(rest, tag);
    else if (word === 'set') {
      const s = /^([\w\s,]+?)\s*(?:=([\s\S]*))?$/.exec(rest);
      if (s) {
        if (s[2] !== undefined) record(s[2], tag);
        scopes[scopes.length - 1].push(...s[1].split(',').map(x => x.trim()));
      }
    } else if (word === 'macro') {
      const mm = /^(\w+)\s*\(([^)]*)\)/.exec(rest);
      scopes[0].push(mm?.[1] ?? '');
      scopes.push((mm?.[2] ?? '').split(',').map(a => a.split('=')[0].trim()));
    } else if (word === 'call') scopes.push([]);
    else if (word === 'with') record(rest, tag);
  }
  return out;
}

// ---- Handlebars / Mustache ----

/** Dotprompt helpers and Handlebars built-ins: tag heads that are never inputs. */
const HANDLEBARS_HELPERS = new Set(['role', 'media', 'history', 'section', 'json', 'if', 'unless', 'each', 'with', 'lookup', 'log', 'else', 'ifEquals', 'unlessEquals', 'inline', 'this']);
const LITERALS = new Set(['true', 'false', 'null', 'undefined']);

/** The input name a Handlebars path refers to, or undefined for `this`, `@index`, literals and context-relative paths. */
function handlebarsRoot(path: string, inContextBlock: boolean): string | undefined {
  let p = path;
  let forced = false;
  if (p.startsWith('@root.')) { p = p.slice(6); forced = true; }
  else if (p.startsWith('../')) { while (p.startsWith('../')) p = p.slice(3); forced = true; }
  if (!forced && inContextBlock) return undefined;
  if (p.startsWith('@') || p === 'this' || p.startsWith('this.') || p.startsWith('this/') || p.startsWith('./') || p === '.') return undefined;
  const m = /^(?:\[([^\]]+)\]|([A-Za-z_$][\w$-]*))/.exec(p);
  const name = m?.[1] ?? m?.[2];
  if (!name || LITERALS.has(name)) return undefined;
  return name;
}

function handlebarsTokens(inner: string): { value: string; afterParen: boolean; isHashValue: boolean }[] {
  const out: { value: string; afterParen: boolean; isHashValue: boolean }[] = [];
  const re = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\bas\s*\|[^|]*\|)|([\w$@.\/\[\]-]+)(=)?|(\()|(\S)/g;
  let afterParen = false;
  let hashValue = false;
  let m: RegExpExecArray | null;
  while ((m = re.exec(inner))) {
    if (m[5]) { afterParen = true; continue; }
    if (m[3]) {
      if (m[4]) { hashValue = true; afterParen = false; continue; }
      out.push({ value: m[3], afterParen, isHashValue: hashValue });
    } else if (m[1]) out.push({ value: m[1], afterParen, isHashValue: hashValue });
    afterParen = false;
    hashValue = false;
  }
  return out;
}

/** Inputs read by Handlebars tags; inside `{{#each}}` / `{{#with}}` bare names belong to the item, not the inputs. */
export function handlebarsVariables(tags: Tag[], index: LineIndex): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  const blocks: boolean[] = [];
  for (const tag of tags) {
    if (tag.kind !== 'output') continue;
    let inner = tag.inner;
    const sigil = inner[0];
    if (sigil === '!' || sigil === '>' || sigil === '/' || sigil === '=' ) { if (sigil === '/') blocks.pop(); continue; }
    if (inner.startsWith('#>') || inner.startsWith('#*')) { blocks.push(blocks[blocks.length - 1] ?? false); continue; }
    const isBlock = sigil === '#' || sigil === '^';
    if (isBlock || sigil === '&') inner = inner.slice(1);
    const inContext = blocks.some(Boolean);
    const tokens = handlebarsTokens(inner);
    const head = tokens[0]?.value ?? '';
    if (isBlock) blocks.push(head === 'each' || head === 'with');
    if (head === 'else' && tokens.length === 1) continue;
    const params = tokens.length === 1 && !isBlock && !HANDLEBARS_HELPERS.has(head) ? tokens : tokens.slice(head === 'else' ? 2 : 1);
    for (const t of params) {
      if (t.afterParen || /^["'\d-]/.test(t.value)) continue;
      const name = handlebarsRoot(t.value, inContext);
      if (name) pushUnique(out, name, tag, index);
    }
  }
  return out;
}

/** Inputs read by Mustache tags: `{{name}}`, `{{{name}}}`, `{{&name}}` and section names. */
export function mustacheVariables(tags: Tag[], index: LineIndex): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  for (const tag of tags) {
    if (tag.kind !== 'output') continue;
    const m = /^([#^&]?)\s*([A-Za-z_$][\w$-]*)/.exec(tag.inner);
    if (m) pushUnique(out, m[2], tag, index);
  }
  return out;
}

// ---- VS Code prompt files ----

const VSCODE_VARIABLES = /\$\{(input:([\w.-]+)(?::[^}]*)?|selection|selectedText|file|fileBasename|fileDirname|fileBasenameNoExtension|workspaceFolder|workspaceFolderBasename)\}/g;

/** `${input:name}`, `${input:name:placeholder}` and the built-in `${selection}`, `${file}`… */
export function vscodeVariables(text: string, from: number, to: number, index: LineIndex): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  const body = text.slice(from, to);
  for (const m of body.matchAll(VSCODE_VARIABLES)) {
    const start = from + m.index!;
    const end = start + m[0].length;
    out.push({ name: m[2] ?? m[1], start, end, range: index.range(start, end) });
  }
  return out;
}

/** Gives each message the variables whose tags lie inside its content. */
export function assignVariables(messages: PromptMessage[], variables: TemplateVariable[]): void {
  // Both lists are in document order, so one forward pass suffices even for very long files.
  const sorted = [...variables].sort((a, b) => a.start - b.start);
  let k = 0;
  for (const message of messages) {
    while (k < sorted.length && sorted[k].start < message.start) k++;
    const inside: TemplateVariable[] = [];
    for (let j = k; j < sorted.length && sorted[j].start < message.end; j++) if (sorted[j].end <= message.end) inside.push(sorted[j]);
    message.variables = inside;
  }
}
