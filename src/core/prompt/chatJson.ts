import { cacheTtlSeconds, emptyFrontmatter, num, obj, setSampling, str } from './frontmatter';
import { jsonValue, prop, scanJson, type JsonNode } from './jsonScanner';
import { LineIndex } from './lines';
import type { CacheMark, Frontmatter, ParseProblem, PromptDocument, PromptMessage } from './model';
import type { ContentPart } from '../client/types';

const TEXT_PARTS = new Set(['text', 'input_text', 'output_text']);
const BODY_KEYS = new Set(['messages', 'system', 'tools', 'input']);

/** Counts content blocks across the request in Anthropic's cache order: tools, system, messages. */
class BlockCounter { next = 0; }

function cacheMark(block: JsonNode, counter: BlockCounter): CacheMark | undefined {
  const index = counter.next++;
  const control = prop(block, 'cache_control');
  if (control?.kind !== 'object') return undefined;
  const mark: CacheMark = { type: 'ephemeral', blockIndex: index };
  const ttl = prop(control, 'ttl');
  if (ttl?.kind === 'string' && (ttl.value === '5m' || ttl.value === '1h')) mark.ttl = ttl.value;
  return mark;
}

interface TextPiece { value: string; start: number; end: number }

/** Text of one block: `text` parts, and `tool_result` content (string or nested text blocks). */
function blockText(block: JsonNode): TextPiece[] {
  const type = prop(block, 'type');
  const typeName = type?.kind === 'string' ? type.value : 'text';
  if (TEXT_PARTS.has(typeName)) {
    const t = prop(block, 'text');
    return t?.kind === 'string' ? [t] : [];
  }
  if (typeName === 'tool_result') {
    const c = prop(block, 'content');
    if (c?.kind === 'string') return [c];
    if (c?.kind === 'array') return c.items.flatMap(blockText);
  }
  return [];
}

type Media = Extract<ContentPart, { type: 'media' }>;
const DETAILS = new Set(['low', 'high', 'auto']);

/** An image block in OpenAI chat (`image_url`), Responses (`input_image`) or Anthropic (`image`) shape, as a media part. */
function imageBlock(block: JsonNode): Media | undefined {
  const v = jsonValue(block) as Record<string, unknown>;
  const detailOf = (x: unknown) => (typeof x === 'string' && DETAILS.has(x) ? { detail: x as Media['detail'] } : {});
  if (v.type === 'image_url' || v.type === 'input_image') {
    const inner = obj(v.image_url);
    const url = typeof v.image_url === 'string' ? v.image_url : inner?.url;
    return typeof url === 'string' ? { type: 'media', url, ...detailOf(inner?.detail ?? v.detail) } : undefined;
  }
  const source = v.type === 'image' ? obj(v.source) : undefined;
  if (source?.type === 'base64' && typeof source.data === 'string') return { type: 'media', url: `data:${String(source.media_type ?? 'image/png')};base64,${source.data}` };
  if (source?.type === 'url' && typeof source.url === 'string') return { type: 'media', url: source.url, contentType: 'image/*' };
  return undefined;
}

/** Builds one message from a string or an array of blocks; content ranges cover the string literals. */
function contentMessage(role: string, content: JsonNode | undefined, fallback: JsonNode, counter: BlockCounter, index: LineIndex): PromptMessage {
  const message: PromptMessage = { role, content: '', start: fallback.start, end: fallback.end, range: index.range(fallback.start, fallback.end), variables: [], blocks: 0 };
  if (content?.kind === 'string') {
    counter.next++;
    Object.assign(message, { content: content.value, start: content.start, end: content.end, range: index.range(content.start, content.end), blocks: 1 });
    return message;
  }
  if (content?.kind !== 'array') {
    if (content) Object.assign(message, { start: content.start, end: content.end, range: index.range(content.start, content.end) });
    return message;
  }
  const pieces: TextPiece[] = [];
  const marks: CacheMark[] = [];
  const parts: ContentPart[] = [];
  const mediaRanges: PromptMessage['range'][] = [];
  for (const block of content.items) {
    if (block.kind === 'string') { pieces.push(block); parts.push({ type: 'text', text: block.value }); counter.next++; continue; }
    const text = blockText(block);
    pieces.push(...text);
    const image = block.kind === 'object' ? imageBlock(block) : undefined;
    parts.push(...(image ? [image] : text.map((t): ContentPart => ({ type: 'text', text: t.value }))));
    if (image) mediaRanges.push(index.range(block.start, block.end));
    const mark = cacheMark(block, counter);
    if (mark) marks.push(mark);
  }
  message.blocks = content.items.length;
  if (marks.length) message.cacheMarks = marks;
  // Images are sent and counted beside the text; a message of text alone keeps the plain shape.
  if (mediaRanges.length) Object.assign(message, { parts, mediaRanges });
  const [first, last] = [pieces[0], pieces[pieces.length - 1]];
  const [start, end] = first ? [first.start, last.end] : [content.start, content.end];
  Object.assign(message, { content: pieces.map(p => p.value).join('\n'), start, end, range: index.range(start, end) });
  return message;
}

function readFrontmatter(root: JsonNode | undefined, anthropic: boolean): Frontmatter {
  const raw: Record<string, unknown> = {};
  if (root?.kind === 'object') for (const p of root.props) if (!BODY_KEYS.has(p.key) && p.value) raw[p.key] = jsonValue(p.value);
  const frontmatter: Frontmatter = { inputs: [], raw };
  const model = str(raw.model);
  if (model) frontmatter.model = model;
  if (anthropic) frontmatter.provider = 'anthropic';
  setSampling(frontmatter, {
    maxOutputTokens: num(raw.max_tokens) ?? num(raw.max_completion_tokens) ?? num(raw.max_output_tokens),
    temperature: num(raw.temperature),
    seed: num(raw.seed),
  });
  const ttl = cacheTtlSeconds(raw);
  if (ttl !== undefined) frontmatter.cacheTtlSeconds = ttl;
  return frontmatter;
}

/** OpenAI chat (`{messages}` or a bare array) and Anthropic (`{system, messages}`) request bodies. */
export function parseChatJson(text: string): PromptDocument {
  const index = new LineIndex(text);
  const problems: ParseProblem[] = [];
  const { root, errors } = scanJson(text);
  for (const e of errors) problems.push({ message: `Invalid JSON: ${e.message}`, range: index.range(e.start, e.end), severity: e.severity });

  const messagesNode = root?.kind === 'array' ? root : prop(root, 'messages') ?? prop(root, 'input');
  const systemNode = prop(root, 'system');
  const toolsNode = prop(root, 'tools');
  const counter = new BlockCounter();
  const messages: PromptMessage[] = [];
  const doc: PromptDocument = { format: 'chat-json', template: 'none', text, frontmatter: emptyFrontmatter(), messages, problems };

  if (toolsNode?.kind === 'array') {
    const marks = toolsNode.items.map(t => cacheMark(t, counter)).filter((m): m is CacheMark => !!m);
    if (marks.length) doc.toolCacheMarks = marks;
  }
  if (toolsNode) doc.tools = JSON.stringify(jsonValue(toolsNode));
  // The deprecated `functions` are billed as the same function tools (OpenAI's .NET SDK recordings), and sent as them.
  const functionsNode = toolsNode ? undefined : prop(root, 'functions');
  if (functionsNode?.kind === 'array') doc.tools = JSON.stringify(functionsNode.items.map((f) => ({ type: 'function', function: jsonValue(f) })));
  if (systemNode) messages.push(contentMessage('system', systemNode, systemNode, counter, index));

  if (root && !errors.length && messagesNode?.kind !== 'array') {
    const at = messagesNode ?? root;
    problems.push({ message: messagesNode ? "'messages' should be an array of {role, content} objects." : "No 'messages' array found.", range: index.range(at.start, Math.min(at.end, at.start + 1)), severity: 'warning' });
  }
  if (messagesNode?.kind === 'array') {
    for (const item of messagesNode.items) {
      if (item.kind !== 'object') {
        problems.push({ message: 'A message should be an object with role and content.', range: index.range(item.start, item.end), severity: 'warning' });
        continue;
      }
      const roleNode = prop(item, 'role');
      if (roleNode?.kind !== 'string') problems.push({ message: "Message has no 'role'; 'user' is assumed.", range: index.range(item.start, item.start + 1), severity: 'warning' });
      const message = contentMessage(roleNode?.kind === 'string' ? roleNode.value : 'user', prop(item, 'content'), item, counter, index);
      const name = prop(item, 'name');
      if (name?.kind === 'string') message.name = name.value;
      messages.push(message);
    }
  }
  const anthropic = !!systemNode || messages.some(m => m.cacheMarks) || !!doc.toolCacheMarks || prop(root, 'anthropic_version') !== undefined;
  doc.frontmatter = readFrontmatter(root, anthropic);
  return doc;
}

/** Whether JSON text looks like a chat request: `{"messages": [...]}` or an array of `{role}` objects. */
export function looksLikeChatJson(text: string): boolean {
  if (!/"(messages|role)"\s*:/.test(text)) return false;
  const { root } = scanJson(text);
  if (root?.kind === 'object') return prop(root, 'messages')?.kind === 'array';
  if (root?.kind === 'array') return root.items.length > 0 && root.items.every(i => prop(i, 'role')?.kind === 'string');
  return false;
}
