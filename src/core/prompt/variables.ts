import type { LineIndex } from './lines';
import type { PromptMessage, TemplateVariable } from './model';
import { Finder, type Tag } from './tags';

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
  const names = new Set<string>();
  // An unclosed string runs to the end, so a tag full of `"\"` does not make the regex rescan it from every quote.
  const re = /("(?:[^"\\]|\\[\s\S]?)*(?:"|$)|'(?:[^'\\]|\\[\s\S]?)*(?:'|$))|([A-Za-z_][A-Za-z0-9_]*)|(\S)/g;
  // What follows a word, read in place (sticky) rather than by slicing the rest of the expression each time.
  const after = /\s*(\(|=(?!=))?/y;
  let prev = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr))) {
    if (m[1]) { prev = 'str'; continue; }
    if (m[3]) { prev = m[3]; continue; }
    const word = m[2];
    after.lastIndex = re.lastIndex;
    const next = after.exec(expr)?.[1];
    const isAttribute = prev === '.';
    const isFilterOrTest = prev === '|' || prev === 'is';
    const isCall = next === '(';
    const isKeyword = next !== undefined && next !== '(';
    if (!isAttribute && !isFilterOrTest && !isCall && !isKeyword && !JINJA_WORDS.has(word)) names.add(word);
    prev = word === 'is' || word === 'not' && prev === 'is' ? 'is' : word;
  }
  return [...names];
}

/** Variables in Jinja2 tags; names bound by `{% for %}` / `{% set %}` / macros are locals, not inputs. */
export function jinjaVariables(tags: Tag[], index: LineIndex): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  const scopes: string[][] = [[]];
  // Count of scopes binding each name: deep `{% for %}` nesting must not make every lookup walk every scope.
  const bound = new Map<string, number>();
  const bind = (scope: string[], names: string[]) => { for (const n of names) { scope.push(n); bound.set(n, (bound.get(n) ?? 0) + 1); } };
  const pushScope = (names: string[]) => { const scope: string[] = []; scopes.push(scope); bind(scope, names); };
  const popScope = () => { for (const n of scopes.pop()!) bound.set(n, bound.get(n)! - 1); };
  const isLocal = (name: string) => (bound.get(name) ?? 0) > 0;
  const record = (expr: string, tag: Tag) => {
    for (const name of jinjaExpressionNames(expr)) if (!isLocal(name)) pushUnique(out, name, tag, index);
  };
  for (const tag of tags) {
    if (tag.kind === 'output') { record(tag.inner, tag); continue; }
    if (tag.kind !== 'statement') continue;
    const m = /^([a-z_]+)\s*([\s\S]*)$/.exec(tag.inner);
    if (!m) continue;
    const word = m[1];
    // Single spaces keep the lazy `for`/`set` patterns below linear (a run of spaces made them quadratic).
    const rest = m[2].replace(/\s+/g, ' ');
    if (word === 'for') {
      const f = /^([\s\S]+?)\s+in\s+([\s\S]+?)(?:\s+recursive)?$/.exec(rest);
      if (f) {
        record(f[2].replace(/\s+if\s+[\s\S]*$/, ''), tag);
        pushScope(f[1].split(',').map(s => s.trim().replace(/[()]/g, '')));
      } else pushScope([]);
    } else if (word === 'endfor' || word === 'endmacro' || word === 'endcall') {
      if (scopes.length > 1) popScope();
    } else if (word === 'if' || word === 'elif') record(rest, tag);
    else if (word === 'set') {
      const s = /^([\w\s,]+?)\s*(?:=([\s\S]*))?$/.exec(rest);
      if (s) {
        if (s[2] !== undefined) record(s[2], tag);
        bind(scopes[scopes.length - 1], s[1].split(',').map(x => x.trim()));
      }
    } else if (word === 'macro') {
      const mm = /^(\w+)\s*\(([^)]*)\)/.exec(rest);
      bind(scopes[0], [mm?.[1] ?? '']);
      pushScope((mm?.[2] ?? '').split(',').map(a => a.split('=')[0].trim()));
    } else if (word === 'call') pushScope([]);
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
  else if (p.startsWith('../')) { p = p.replace(/^(?:\.\.\/)+/, ''); forced = true; }
  if (!forced && inContextBlock) return undefined;
  if (p.startsWith('@') || p === 'this' || p.startsWith('this.') || p.startsWith('this/') || p.startsWith('./') || p === '.') return undefined;
  const m = /^(?:\[([^\]]+)\]|([A-Za-z_$][\w$-]*))/.exec(p);
  const name = m?.[1] ?? m?.[2];
  if (!name || LITERALS.has(name)) return undefined;
  return name;
}

function handlebarsTokens(inner: string): { value: string; afterParen: boolean; isHashValue: boolean }[] {
  const out: { value: string; afterParen: boolean; isHashValue: boolean }[] = [];
  // Unclosed strings and block params run to the end, so one long tag is never rescanned from each quote or `as |`.
  const re = /("(?:[^"\\]|\\[\s\S]?)*(?:"|$)|'(?:[^'\\]|\\[\s\S]?)*(?:'|$))|(\bas\s*\|[^|]*(?:\||$))|([\w$@.\/\[\]-]+)(=)?|(\()|(\S)/g;
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

/** What may follow `${`: an input (`:` starts its placeholder) or a built-in name; read in place (sticky). */
const VSCODE_HEAD = /input:([\w.-]+)(?:(:)|(?=\}))|(selection|selectedText|file|fileBasename|fileDirname|fileBasenameNoExtension|workspaceFolder|workspaceFolderBasename)(?=\})/y;

/** `${input:name}`, `${input:name:placeholder}` and the built-in `${selection}`, `${file}`… */
export function vscodeVariables(text: string, from: number, to: number, index: LineIndex): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  const closes = new Finder(text, '}');
  let i = text.indexOf('${', from);
  while (i >= 0 && i < to) {
    VSCODE_HEAD.lastIndex = i + 2;
    const m = VSCODE_HEAD.exec(text);
    // A placeholder runs to the first `}`; found once per scan, so many unclosed `${input:a:` stay linear.
    const close = m ? (m[2] ? closes.next(VSCODE_HEAD.lastIndex) : VSCODE_HEAD.lastIndex) : -1;
    if (m && close >= 0 && close < to) {
      const start = i;
      const end = close + 1;
      out.push({ name: m[1] ?? m[3], start, end, range: index.range(start, end) });
      i = text.indexOf('${', end);
    } else i = text.indexOf('${', i + 1);
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
