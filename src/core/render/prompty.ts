// Prompty renders the whole body, then splits the result at role lines (microsoft/prompty
// runtime/typescript/packages/core/src/parsers/prompty.ts, MIT), so a `{% for %}` loop can emit role lines
// (v1 chat-history loops) and a message boundary is decided after rendering, not before.
import type { TemplateEngine } from '../prompt/model';
import { textRenderer } from './engines';
import type { RenderedMessage, TemplateVars } from './types';

const BOUNDARY = /^\s*#?\s*(assistant|developer|system|user)(\[\w+\s*=\s*[^\]]*\])?\s*:\s*$/i;
const ATTR = /(\w+)\s*=\s*"?([^",]*)"?/g;
const RICH_KINDS = new Set(['thread', 'image', 'audio', 'file']);

/** Input names whose kind Prompty replaces by a marker: `thread` (chat history), `image`, `audio`, `file`. */
export function richInputs(raw: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const add = (name: unknown, spec: unknown) => {
    const kind = typeof spec === 'object' && spec !== null ? (spec as { kind?: unknown }).kind ?? (spec as { type?: unknown }).type : undefined;
    if (typeof name === 'string' && typeof kind === 'string' && RICH_KINDS.has(kind.toLowerCase())) out.set(name, kind.toLowerCase());
  };
  const inputs = raw.inputs;
  if (Array.isArray(inputs)) for (const i of inputs) add((i as { name?: unknown })?.name, i);
  else if (inputs && typeof inputs === 'object') for (const [k, v] of Object.entries(inputs)) add(k, v);
  return out;
}

/** The marker a rich input renders as; Prompty's canonical form is `__PROMPTY_THREAD_{8hex}_{name}__`. */
export const richMarker = (name: string) => `__PROMPTY_THREAD_00000000_${name}__`;

function coerce(v: string): unknown {
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  if (/^\d+$/.test(v)) return parseInt(v, 10);
  if (/^\d+\.\d+$/.test(v)) return parseFloat(v);
  return v;
}

function attrs(raw: string | undefined): Record<string, unknown> | undefined {
  if (!raw) return undefined;
  const out: Record<string, unknown> = {};
  for (const m of raw.slice(1, -1).matchAll(ATTR)) out[m[1]] = coerce(m[2].trim());
  return Object.keys(out).length ? out : undefined;
}

/** Splits rendered text at role lines; text before the first one is a system message. */
export function splitRendered(rendered: string): RenderedMessage[] {
  const out: RenderedMessage[] = [];
  let role = 'system';
  let meta: Record<string, unknown> | undefined;
  let buffer: string[] = [];
  const flush = () => {
    if (!buffer.length) return;
    const text = buffer.join('\n').replace(/^\n+/, '').replace(/\n+$/, '');
    const m: RenderedMessage = { role, content: [{ type: 'text', text }] };
    if (meta) m.metadata = meta;
    out.push(m);
    buffer = [];
  };
  for (const line of rendered.split('\n')) {
    const b = BOUNDARY.exec(line.trim());
    if (!b) { buffer.push(line); continue; }
    flush();
    role = b[1].toLowerCase();
    meta = attrs(b[2]);
  }
  flush();
  return out;
}

type ThreadMessage = { role?: unknown; content?: unknown };

function threadContent(content: unknown): RenderedMessage['content'] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [{ type: 'text', text: content === undefined ? '' : JSON.stringify(content) }];
  return content.map((p: { kind?: string; type?: string; value?: unknown; text?: unknown }) =>
    typeof p === 'string' ? { type: 'text' as const, text: p } : { type: 'text' as const, text: String(p.value ?? p.text ?? '') });
}

/** A marker in a message's text becomes the thread's messages or a media part in its place (Prompty's expandThreads). */
export function expandRich(messages: RenderedMessage[], rich: Map<string, string>, values: Record<string, unknown>): RenderedMessage[] {
  if (!rich.size) return messages;
  const names = [...rich.keys()].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const marker = new RegExp(`__PROMPTY_THREAD_[a-f0-9]{8}_(${names})__`);
  const out: RenderedMessage[] = [];
  for (const msg of messages) {
    if (!msg.content.some((p) => p.type === 'text' && marker.test(p.text))) { out.push(msg); continue; }
    let parts: RenderedMessage['content'] = [];
    const flush = () => { if (parts.length) out.push({ ...msg, content: parts }); parts = []; };
    for (const p of msg.content) {
      if (p.type !== 'text') { parts.push(p); continue; }
      const pieces = p.text.split(new RegExp(marker.source, 'g'));
      pieces.forEach((piece, i) => {
        if (i % 2 === 0) { if (piece.trim()) parts.push({ type: 'text', text: piece.trim() }); return; }
        const value = values[piece];
        if (rich.get(piece) === 'thread') {
          flush();
          for (const t of Array.isArray(value) ? (value as ThreadMessage[]) : []) out.push({ role: String(t?.role ?? 'user'), content: threadContent(t?.content) });
        } else if (typeof value === 'string' && value) {
          parts.push({ type: 'media', url: value, ...mediaType(rich.get(piece)!, value) });
        }
      });
    }
    flush();
  }
  return out;
}

function mediaType(kind: string, url: string): { contentType?: string } {
  const data = /^data:([^;,]+)/.exec(url)?.[1];
  if (data) return { contentType: data };
  const ext = /\.(\w+)(?:[?#].*)?$/.exec(url)?.[1]?.toLowerCase();
  const known: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', mp3: 'audio/mpeg', wav: 'audio/wav', pdf: 'application/pdf' };
  return ext && known[ext] && known[ext].startsWith(kind === 'file' ? 'application' : kind) ? { contentType: known[ext] } : {};
}

/** The rendered body text, rich inputs replaced by their markers (Prompty's Renderer.render). */
export function renderPromptyText(body: string, engine: TemplateEngine, values: TemplateVars, rich: Map<string, string>): string {
  const shown = { ...values };
  for (const name of rich.keys()) shown[name] = richMarker(name);
  return textRenderer(engine)(body, shown).replace(/\r\n/g, '\n');
}
