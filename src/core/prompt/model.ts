/** One model for every prompt format: lenses, lint, run and the CLI read only this. */
import type { ContentPart } from '../client/types';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export type PromptFormat = 'prompty' | 'dotprompt' | 'prompt-md' | 'chat-json' | 'text';
export type TemplateEngine = 'jinja2' | 'handlebars' | 'mustache' | 'vscode' | 'none';

export interface TemplateVariable {
  name: string;
  /** Offsets into the document text of the whole tag, e.g. `{{name}}`. */
  start: number;
  end: number;
  range: Range;
}

export interface CacheMark { type: 'ephemeral'; ttl?: '5m' | '1h'; blockIndex: number }

export interface PromptMessage {
  role: string;
  name?: string;
  /** What a runtime sends: the text between role markers, surrounding whitespace trimmed (JSON: the decoded string). */
  content: string;
  /** Offsets of the content in the document text (JSON: the string literal including quotes). */
  start: number;
  end: number;
  range: Range;
  variables: TemplateVariable[];
  /** Anthropic `cache_control` marks on this message's blocks (chat JSON only). */
  cacheMarks?: CacheMark[];
  /** Number of content blocks (chat JSON arrays); 1 otherwise. */
  blocks?: number;
  /** Chat JSON messages holding images: their text and image blocks in order (`content` joins the text). */
  parts?: ContentPart[];
  /** Where each image block of `parts` is in the document, in the same order. */
  mediaRanges?: Range[];
}

export interface InputSpec { name: string; default?: unknown; description?: string }

export interface Frontmatter {
  model?: string;
  provider?: string;
  maxOutputTokens?: number;
  temperature?: number;
  seed?: number;
  inputs: InputSpec[];
  /** Cache TTL for the exact cache in seconds (frontmatter `promptmeter.cacheTtl`). */
  cacheTtlSeconds?: number;
  /** The parsed YAML, unknown keys kept. */
  raw: Record<string, unknown>;
  /** Offsets of the whole frontmatter block including fences, if any. */
  start?: number;
  end?: number;
}

export interface ParseProblem { message: string; range: Range; severity: 'error' | 'warning' }

export interface PromptDocument {
  format: PromptFormat;
  template: TemplateEngine;
  text: string;
  frontmatter: Frontmatter;
  messages: PromptMessage[];
  problems: ParseProblem[];
  /** Tool definitions (frontmatter `tools` or chat JSON `tools`), serialised as sent. */
  tools?: string;
  /** Anthropic `cache_control` marks on tool definitions (chat JSON only); blockIndex as on messages. */
  toolCacheMarks?: CacheMark[];
  /** Set for always-on context files (AGENTS.md, CLAUDE.md, Copilot instructions, Cursor rules): sent every turn. */
  alwaysOn?: string;
}
