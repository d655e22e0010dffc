import { looksLikeChatJson, parseChatJson } from './chatJson';
import { contextFileKind } from './contextFiles';
import { parseDotprompt } from './dotprompt';
import { emptyFrontmatter } from './frontmatter';
import { LineIndex } from './lines';
import { parsePromptMarkdown } from './markdown';
import type { PromptDocument, PromptFormat } from './model';
import { parsePrompty } from './prompty';
import { parseText } from './text';

export * from './model';
export { LineIndex } from './lines';

const BY_SUFFIX: [string, PromptFormat][] = [
  ['.prompty', 'prompty'],
  ['.prompt', 'dotprompt'],
  ['.prompt.md', 'prompt-md'],
  ['.instructions.md', 'prompt-md'],
  ['.agent.md', 'prompt-md'],
  ['.chatmode.md', 'prompt-md'],
  ['.prompt.txt', 'text'],
  ['.prompt.json', 'chat-json'],
  ['.chat.json', 'chat-json'],
];

/** The format a file name implies; other `.json` files only when their text is a chat request; `.md`/`.txt` never. */
export function detectFormat(fileName: string, text?: string): PromptFormat | undefined {
  const lower = fileName.toLowerCase();
  for (const [suffix, format] of BY_SUFFIX) if (lower.endsWith(suffix)) return format;
  if (lower.endsWith('.json') && text !== undefined && looksLikeChatJson(text)) return 'chat-json';
  // AGENTS.md, CLAUDE.md, Copilot instructions and Cursor rules are prompts: they ride along with every turn.
  if (contextFileKind(fileName)) return 'prompt-md';
  return undefined;
}

/** Parses any prompt file into the shared model; never throws, problems carry exact ranges. */
export function parsePrompt(text: string, fileName: string, format?: PromptFormat): PromptDocument {
  const chosen = format ?? detectFormat(fileName, text) ?? 'text';
  try {
    switch (chosen) {
      case 'prompty': return parsePrompty(text);
      case 'dotprompt': return parseDotprompt(text);
      case 'prompt-md': return markAlwaysOn(parsePromptMarkdown(text, fileName), fileName);
      case 'chat-json': return parseChatJson(text);
      default: return parseText(text);
    }
  } catch (err) {
    // A parser bug must not take down lenses; report it at the top of the file instead.
    const index = new LineIndex(text);
    return {
      format: chosen, template: 'none', text, frontmatter: emptyFrontmatter(), messages: [],
      problems: [{ message: `Promptmeter could not parse this file: ${(err as Error)?.message ?? err}`, range: index.range(0, 0), severity: 'error' }],
    };
  }
}

function markAlwaysOn(doc: PromptDocument, fileName: string): PromptDocument {
  const kind = contextFileKind(fileName);
  if (kind) doc.alwaysOn = kind;
  return doc;
}
