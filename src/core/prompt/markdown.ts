import { contextFileKind } from './contextFiles';
import { readFrontmatter, str } from './frontmatter';
import { LineIndex } from './lines';
import { hasText, sourceMessage } from './messages';
import type { ParseProblem, PromptDocument } from './model';
import { vscodeVariables } from './variables';

/** Instructions, agents and chat modes are context for the model, so their body is a system message. */
const SYSTEM_SUFFIXES = ['.instructions.md', '.agent.md', '.chatmode.md'];

/** `.prompt.md` and friends: YAML frontmatter, then the whole Markdown body as one message. */
export function parsePromptMarkdown(text: string, fileName: string): PromptDocument {
  const index = new LineIndex(text);
  const problems: ParseProblem[] = [];
  const { frontmatter, bodyStart } = readFrontmatter(text, index, problems);
  const raw = frontmatter.raw;
  const model = str(raw.model) ?? (Array.isArray(raw.model) ? str(raw.model[0]) : undefined);
  if (model) frontmatter.model = model;
  const lower = fileName.toLowerCase();
  const role = SYSTEM_SUFFIXES.some(s => lower.endsWith(s)) || contextFileKind(fileName) ? 'system' : 'user';
  const messages = hasText(text, bodyStart, text.length) ? [sourceMessage(role, text, bodyStart, text.length, index)] : [];
  for (const m of messages) m.variables = vscodeVariables(text, m.start, m.end, index);
  return { format: 'prompt-md', template: 'vscode', text, frontmatter, messages, problems };
}
