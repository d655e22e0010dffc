import type { PromptDocument, PromptFormat } from '../prompt/model';
import type { LineIndex } from '../prompt/lines';
import type { Finding, TextEdit } from './types';

/** Comment syntax per format where a `promptmeter-disable` directive is honoured; chat JSON has none. */
const COMMENTS: Record<PromptFormat, RegExp[]> = {
  'prompt-md': [/<!--[\s\S]*?-->/g],
  prompty: [/\{#[\s\S]*?#\}/g, /<!--[\s\S]*?-->/g],
  dotprompt: [/\{\{!--[\s\S]*?--\}\}/g, /\{\{![\s\S]*?\}\}/g],
  text: [/^[ \t]*(?:#|\/\/)[^\n]*$/gm, /<!--[\s\S]*?-->/g],
  'chat-json': [],
};

const DIRECTIVE = /promptmeter-disable(-next-line)?\b((?:[\s,]+PM\d{3})*)/g;

export interface Suppressions {
  /** Rule ids off for the whole file; '*' means all. */
  file: Set<string>;
  /** Line number -> rule ids off on that line; '*' means all. */
  lines: Map<number, Set<string>>;
}

export function readSuppressions(doc: PromptDocument, lines: LineIndex): Suppressions {
  const out: Suppressions = { file: new Set(), lines: new Map() };
  if (!doc.text.includes('promptmeter-disable')) return out;
  for (const re of COMMENTS[doc.format]) {
    re.lastIndex = 0;
    for (let c = re.exec(doc.text); c; c = re.exec(doc.text)) {
      DIRECTIVE.lastIndex = 0;
      for (let d = DIRECTIVE.exec(c[0]); d; d = DIRECTIVE.exec(c[0])) {
        const ids = d[2].match(/PM\d{3}/g) ?? ['*'];
        if (d[1]) {
          const line = lines.position(c.index + c[0].length).line + 1;
          const set = out.lines.get(line) ?? new Set<string>();
          ids.forEach((id) => set.add(id));
          out.lines.set(line, set);
        } else ids.forEach((id) => out.file.add(id));
      }
    }
  }
  return out;
}

export function isSuppressed(s: Suppressions, f: Finding): boolean {
  if (s.file.has('*') || s.file.has(f.ruleId)) return true;
  const line = s.lines.get(f.range.start.line);
  return !!line && (line.has('*') || line.has(f.ruleId));
}

/** A directive in the format's own comment syntax; chat JSON has no comments. */
const WRITE: Record<PromptFormat, ((directive: string) => string) | undefined> = {
  'prompt-md': (d) => `<!-- ${d} -->`,
  prompty: (d) => `{# ${d} #}`,
  dotprompt: (d) => `{{! ${d} }}`,
  text: (d) => `# ${d}`,
  'chat-json': undefined,
};

/**
 * The edit that turns a rule off for the finding's line (a comment on a new line above it, same indentation) or
 * for the whole file (a comment on a new first line of the first message); undefined where comments do not exist.
 */
export function disableEdit(doc: PromptDocument, lines: LineIndex, f: Finding, scope: 'line' | 'file'): TextEdit | undefined {
  const write = WRITE[doc.format];
  if (!write) return undefined;
  const anchor = scope === 'line' ? f.start : doc.messages[0]?.start ?? f.start;
  const line = lines.position(anchor).line;
  const at = lines.offset({ line, character: 0 });
  const indent = /^[ \t]*/.exec(doc.text.slice(at, at + 200))![0];
  const directive = scope === 'line' ? `promptmeter-disable-next-line ${f.ruleId}` : `promptmeter-disable ${f.ruleId}`;
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  return { start: at, end: at, newText: `${indent}${write(directive)}${eol}` };
}
