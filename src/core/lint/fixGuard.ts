import type { PromptDocument } from '../prompt/model';
import { applyEdits } from './edits';
import { fenceSpans, templateTagSpans } from './protectedSpans';
import type { TextEdit } from './types';

const FENCE_MARK = /```|~~~/;

/** Every fenced block's text, in order; an unclosed fence runs to the end of the text. */
export function fenceTexts(text: string): string[] {
  return FENCE_MARK.test(text) ? fenceSpans(text).map(([s, e]) => text.slice(s, e)) : [];
}

/** Cuts into a template tag (or writes inside one) instead of keeping it whole or leaving it alone. */
function cutsTag(doc: PromptDocument, e: TextEdit): boolean {
  for (const [s, x] of templateTagSpans(doc)) {
    if (s >= Math.max(e.end, e.start + 1)) break;
    if (e.start === e.end ? e.start > s && e.start < x : e.start < x && s < e.end && (e.start > s || e.end < x)) return true;
  }
  return false;
}

/**
 * Why a fix would break the file's structure, or undefined: it cuts a template tag, or any fenced block (closed or
 * not) is not byte for byte the same afterwards. Checked on the fix alone, so a quick fix is safe on its own.
 */
export function structureBreak(doc: PromptDocument, edits: readonly TextEdit[], fences = fenceTexts(doc.text)): string | undefined {
  if (edits.some((e) => cutsTag(doc, e))) return 'it would cut a template tag';
  const after = fenceTexts(applyEdits(doc.text, edits));
  if (after.length !== fences.length || after.some((f, i) => f !== fences[i])) return 'it would change a fenced code block';
  return undefined;
}
