import type { LineIndex } from './lines';
import type { PromptMessage } from './model';

/** The trimmed span of text[from, to); an empty span sits at `from`. */
export function trimmedSpan(text: string, from: number, to: number): { start: number; end: number } {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return start === end ? { start: from, end: from } : { start, end };
}

/** A message whose content is the trimmed source text between two role markers. */
export function sourceMessage(role: string, text: string, from: number, to: number, index: LineIndex, name?: string): PromptMessage {
  const { start, end } = trimmedSpan(text, from, to);
  const message: PromptMessage = { role, content: text.slice(start, end), start, end, range: index.range(start, end), variables: [], blocks: 1 };
  if (name) message.name = name;
  return message;
}

/** True when text[from, to) holds anything but whitespace. */
export function hasText(text: string, from: number, to: number): boolean {
  return /\S/.test(text.slice(from, to));
}
