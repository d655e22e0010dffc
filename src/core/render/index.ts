// Rendering as each format's own runtime does it: the messages a prompt file sends for given inputs.
import type { ChatMessage, ContentPart } from '../client/types';
import type { PromptDocument } from '../prompt/model';
import { MAX_BLOCK_DEPTH, tooDeepToRender } from '../prompt/tags';
import { dotpromptTemplate, renderDotpromptTemplate, type DotpromptMessage, type PartialResolver } from './dotprompt';
import { textRenderer } from './engines';
import { expandRich, renderPromptyText, richInputs, splitRendered } from './prompty';
import type { RenderedMessage, TemplateVars } from './types';
import { inputValues, isDataKey, missingInputs } from './values';

export { inputValues, missingInputs } from './values';
export { partialsBeside } from './partials';
export type { TemplateVars, RenderedMessage } from './types';
export type { DotpromptMessage } from './dotprompt';

export interface RenderOptions {
  /** Source of `{{> name}}` partials (dotprompt); `partialsBeside(file)` reads them from disk. */
  resolvePartial?: PartialResolver;
}

export interface RenderResult {
  /** Provider-neutral messages, what the request carries. */
  messages: ChatMessage[];
  /** The messages in the format runtime's own shape (dotprompt parts, Prompty role metadata), for conformance. */
  native: RenderedMessage[] | DotpromptMessage[];
  /** The values the template saw: defaults, samples and the caller's inputs. */
  values: TemplateVars;
  /** Inputs without a value: they render as the runtime renders a missing value (empty), which is worth a look. */
  warnings: string[];
}

const ROLES: Record<string, ChatMessage['role']> = {
  system: 'system', developer: 'developer', user: 'user', assistant: 'assistant',
  model: 'assistant', ai: 'assistant', human: 'user',
};

/** `separator` joins the text parts into `content`: chat JSON's text blocks are joined by a newline, as they are counted. */
function chatMessage(role: string, parts: ContentPart[], name?: unknown, separator = ''): ChatMessage {
  const content = parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join(separator);
  const msg: ChatMessage = { role: ROLES[role.toLowerCase()] ?? 'user', content };
  if (typeof name === 'string' && name) msg.name = name;
  if (parts.some((p) => p.type === 'media')) msg.parts = parts;
  return msg;
}

function fromDotprompt(m: DotpromptMessage): ChatMessage {
  const parts: ContentPart[] = [];
  for (const p of m.content) {
    if ('text' in p) parts.push({ type: 'text', text: p.text });
    else if ('media' in p) parts.push({ type: 'media', url: p.media.url, ...(p.media.contentType ? { contentType: p.media.contentType } : {}) });
    // A pending `{{section}}` part marks structure for the runtime and sends nothing.
  }
  return chatMessage(m.role, parts);
}

function dataVariables(vars: TemplateVars): { messages?: DotpromptMessage[]; context: Record<string, unknown> } {
  const context: Record<string, unknown> = {};
  let messages: DotpromptMessage[] | undefined;
  for (const [k, v] of Object.entries(vars)) {
    if (!isDataKey(k)) continue;
    if (k === '@messages') messages = Array.isArray(v) ? v.map(historyMessage) : undefined;
    else context[k.slice(1)] = v;
  }
  return { messages, context };
}

/** History may be written `{role, content: "text"}` or in dotprompt's own `{role, content: [{text}]}` shape. */
function historyMessage(m: { role?: unknown; content?: unknown; metadata?: Record<string, unknown> }): DotpromptMessage {
  const content = typeof m.content === 'string' ? [{ text: m.content }] : Array.isArray(m.content) ? m.content : [];
  return { role: String(m.role ?? 'user'), content, ...(m.metadata ? { metadata: m.metadata } : {}) };
}

function withTemplateError<T>(what: string, f: () => T): T {
  try { return f(); } catch (err) { throw new Error(`Template error in ${what}: ${(err as Error).message.split('\n')[0]}`); }
}

/** Renders a prompt file with `vars` (typed values; `@name` keys are dotprompt data such as `@state`, `@messages`). */
export function renderMessages(doc: PromptDocument, vars: TemplateVars, opts: RenderOptions = {}): RenderResult {
  if (tooDeepToRender(doc.problems)) throw new Error(`Template error in the template: blocks nest more than ${MAX_BLOCK_DEPTH} deep; not rendered`);
  const values = inputValues(doc, vars);
  const warnings = missingInputs(doc, vars).map((n) => `input '${n}' has no value; it renders empty, as the format's runtime renders a missing value`);
  if (doc.format === 'dotprompt') {
    const native = withTemplateError('the template', () => renderDotpromptTemplate(dotpromptTemplate(doc.text), { input: values, ...dataVariables(vars) }, opts.resolvePartial));
    return { messages: native.map(fromDotprompt), native, values, warnings };
  }
  if (doc.format === 'prompty') {
    const rich = richInputs(doc.frontmatter.raw);
    const body = doc.text.slice(doc.frontmatter.end ?? 0).replace(/^\r?\n/, '');
    const rendered = withTemplateError('the template', () => renderPromptyText(body, doc.template, values, rich));
    const native = expandRich(splitRendered(rendered), rich, values);
    return { messages: native.map((m) => chatMessage(m.role, m.content, m.metadata?.name)), native, values, warnings };
  }
  const render = textRenderer(doc.template);
  const native: RenderedMessage[] = doc.messages.map((m, i) => {
    const text = (t: string): ContentPart => ({ type: 'text', text: withTemplateError(`message ${i + 1} (${m.role})`, () => render(t, values)) });
    return {
      role: m.role,
      content: m.parts ? m.parts.map((p) => (p.type === 'text' ? text(p.text) : p)) : [text(m.content)],
      ...(m.name ? { metadata: { name: m.name } } : {}),
    };
  });
  return { messages: native.map((m) => chatMessage(m.role, m.content, m.metadata?.name, '\n')), native, values, warnings };
}

/** The rendered messages alone. */
export function renderPrompt(doc: PromptDocument, vars: TemplateVars, opts: RenderOptions = {}): ChatMessage[] {
  return renderMessages(doc, vars, opts).messages;
}
