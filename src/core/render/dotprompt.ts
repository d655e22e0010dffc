// Dotprompt rendering as google/dotprompt's reference (js/src/dotprompt.ts, helpers.ts, parse.ts; Apache-2.0) does
// it: helpers emit `<<<dotprompt:...>>>` markers, the rendered string is split into messages and parts. Ported
// rather than calling the npm package because its only public entry (`Dotprompt.render`) is async, and the
// editor counts synchronously on every keystroke; the spec suite (test/fixtures/dotprompt-spec) checks the port.
import Handlebars from 'handlebars';

export type DotpromptPart =
  | { text: string }
  | { media: { url: string; contentType?: string } }
  | { metadata: { purpose: string; pending: true } };

export interface DotpromptMessage {
  role: string;
  content: DotpromptPart[];
  metadata?: Record<string, unknown>;
}

export interface DotpromptData {
  input: Record<string, unknown>;
  /** Conversation history for `{{history}}` (dotprompt's `data.messages`). */
  messages?: DotpromptMessage[];
  /** `@name` data variables, e.g. `@state` (dotprompt's `data.context`). */
  context?: Record<string, unknown>;
}

/** Source of a partial by name, or undefined when there is none. */
export type PartialResolver = (name: string) => string | undefined;

const FRONTMATTER_AND_BODY = /^(?:(?:#[^\n]*|[ \t]*)\n)*---\s*(?:\r\n|\r|\n)([\s\S]*?)(?:\r\n|\r|\n)---\s*(?:\r\n|\r|\n)([\s\S]*)$/;
const ROLE_PREFIX = '<<<dotprompt:role:';
const HISTORY_PREFIX = '<<<dotprompt:history';
const MEDIA_PREFIX = '<<<dotprompt:media:';
const SECTION_PREFIX = '<<<dotprompt:section';
const ROLE_AND_HISTORY = /(<<<dotprompt:(?:role:[a-z]+|history))>>>/g;
const MEDIA_AND_SECTION = /(<<<dotprompt:(?:media:url|section).*?)>>>/g;

/** The template a `.prompt` file renders: the trimmed body after frontmatter, or the whole text without one. */
export function dotpromptTemplate(source: string): string {
  const m = FRONTMATTER_AND_BODY.exec(source);
  return m ? m[2].trim() : source;
}

function helpers(hb: typeof Handlebars): void {
  const safe = (s: string) => new hb.SafeString(s);
  hb.registerHelper('json', (value: unknown, options: Handlebars.HelperOptions) =>
    safe(JSON.stringify(value, null, (options?.hash?.indent as number) || 0)));
  hb.registerHelper('role', (role: string) => safe(`${ROLE_PREFIX}${role}>>>`));
  hb.registerHelper('history', () => safe(`${HISTORY_PREFIX}>>>`));
  hb.registerHelper('section', (name: string) => safe(`${SECTION_PREFIX} ${name}>>>`));
  hb.registerHelper('media', (options: Handlebars.HelperOptions) =>
    safe(`${MEDIA_PREFIX}url ${options.hash.url}${options.hash.contentType ? ` ${options.hash.contentType}` : ''}>>>`));
  // Strict equality, so typed inputs (a number 1 and a string "1") differ as in the reference.
  hb.registerHelper('ifEquals', function (this: unknown, a: unknown, b: unknown, options: Handlebars.HelperOptions) {
    return a === b ? options.fn(this) : options.inverse(this);
  });
  hb.registerHelper('unlessEquals', function (this: unknown, a: unknown, b: unknown, options: Handlebars.HelperOptions) {
    return a !== b ? options.fn(this) : options.inverse(this);
  });
}

const KNOWN_HELPERS = { json: true, role: true, history: true, section: true, media: true, ifEquals: true, unlessEquals: true } as const;

function partialNames(hb: typeof Handlebars, template: string): Set<string> {
  const names = new Set<string>();
  const visitor = new Handlebars.Visitor();
  (visitor as unknown as { PartialStatement: (p: { name?: { original?: unknown } }) => void }).PartialStatement = (p) => {
    if (typeof p.name?.original === 'string') names.add(p.name.original);
  };
  visitor.accept(Handlebars.parse(template));
  return names;
}

/** Registers each partial the template uses (and those they use), once; a cycle stops at the first repeat. */
function registerPartials(hb: typeof Handlebars, template: string, resolve: PartialResolver, seen: Set<string>): void {
  for (const name of partialNames(hb, template)) {
    if (hb.partials[name] !== undefined || seen.has(name)) continue;
    seen.add(name);
    const source = resolve(name);
    if (!source) continue;
    hb.registerPartial(name, source);
    registerPartials(hb, source, resolve, seen);
  }
}

/** Renders a dotprompt template (body only) into dotprompt messages. */
export function renderDotpromptTemplate(template: string, data: DotpromptData, resolvePartial: PartialResolver = () => undefined): DotpromptMessage[] {
  const hb = Handlebars.create();
  helpers(hb);
  registerPartials(hb, template, resolvePartial, new Set());
  const render = hb.compile(template, { knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, noEscape: true });
  const rendered = render(data.input, { data: { metadata: { messages: data.messages }, ...(data.context ?? {}) } });
  return toMessages(rendered, data.messages);
}

const nonBlank = (source: string, re: RegExp) => source.split(re).filter((s) => s.trim() !== '');

function toMessages(rendered: string, history: DotpromptMessage[] | undefined): DotpromptMessage[] {
  interface Source { role: string; source?: string; content?: DotpromptPart[]; metadata?: Record<string, unknown> }
  let current: Source = { role: 'user', source: '' };
  const sources: Source[] = [current];
  for (const piece of nonBlank(rendered, ROLE_AND_HISTORY)) {
    if (piece.startsWith(ROLE_PREFIX)) {
      const role = piece.slice(ROLE_PREFIX.length);
      if (current.source?.trim()) { current = { role, source: '' }; sources.push(current); } else current.role = role;
    } else if (piece.startsWith(HISTORY_PREFIX)) {
      sources.push(...(history ?? []).map(asHistory));
      current = { role: 'model', source: '' };
      sources.push(current);
    } else current.source += piece;
  }
  const messages = sources.filter((s) => s.content || s.source).map((s) => {
    const out: DotpromptMessage = { role: s.role, content: s.content ?? toParts(s.source ?? '') };
    if (s.metadata) out.metadata = s.metadata;
    return out;
  });
  return insertHistory(messages, history);
}

const asHistory = (m: DotpromptMessage): DotpromptMessage => ({ ...m, metadata: { ...m.metadata, purpose: 'history' } });

/** History goes before the last user message, or at the end; not at all when `{{history}}` placed it already. */
function insertHistory(messages: DotpromptMessage[], history: DotpromptMessage[] | undefined): DotpromptMessage[] {
  if (!history || messages.some((m) => m.metadata?.purpose === 'history')) return messages;
  if (messages.length === 0) return history;
  const last = messages[messages.length - 1];
  return last.role === 'user' ? [...messages.slice(0, -1), ...history, last] : [...messages, ...history];
}

function toParts(source: string): DotpromptPart[] {
  return nonBlank(source, MEDIA_AND_SECTION).map((piece): DotpromptPart => {
    if (piece.startsWith(MEDIA_PREFIX)) {
      const [, url, contentType] = piece.split(' ');
      return contentType ? { media: { url, contentType } } : { media: { url } };
    }
    if (piece.startsWith(SECTION_PREFIX)) return { metadata: { purpose: piece.split(' ')[1], pending: true } };
    return { text: piece };
  });
}
