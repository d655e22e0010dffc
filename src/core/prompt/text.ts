import { readFrontmatter } from './frontmatter';
import { LineIndex } from './lines';
import { hasText, sourceMessage } from './messages';
import type { ParseProblem, PromptDocument } from './model';
import { hasRoleLines, splitRoleLines } from './prompty';
import { scanMustacheTags } from './tags';
import { assignVariables, mustacheVariables } from './variables';

/** Plain text: one user message, or Prompty-style role lines; `{{name}}` placeholders are reported as variables. */
export function parseText(text: string): PromptDocument {
  const index = new LineIndex(text);
  const problems: ParseProblem[] = [];
  const { frontmatter, bodyStart } = readFrontmatter(text, index, problems);
  const body = text.slice(bodyStart);
  const messages = hasRoleLines(body)
    ? splitRoleLines(text, bodyStart, text.length, index, 'system')
    : hasText(text, bodyStart, text.length) ? [sourceMessage('user', text, bodyStart, text.length, index)] : [];
  // Text has no template engine, so tag syntax problems are not reported; placeholders still help lint.
  assignVariables(messages, mustacheVariables(scanMustacheTags(text, bodyStart, text.length, index, [], false), index));
  return { format: 'text', template: 'none', text, frontmatter, messages, problems };
}
