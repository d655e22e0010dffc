import type { Finding, TextEdit } from './types';

/** Applies edits that do not overlap, last first so earlier offsets stay valid; same-point inserts keep their order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.i - a.i);
  let out = text;
  for (const { e } of ordered) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Applies every fix whose edits do not overlap an already chosen fix, in `chooseFixes` order; the rest wait for the
 * next pass (lint again, apply again) so no fix is ever applied to text it was not computed for.
 */
export function applyFixes(text: string, findings: readonly Finding[]): { text: string; applied: Finding[] } {
  const { edits, applied } = chooseFixes(findings);
  return { text: applyEdits(text, edits), applied };
}

/** The one order overlaps are resolved in: the bigger saving first (a removed duplicate line beats the filler inside it), then text order, then rule id. */
export function fixOrder(a: Finding, b: Finding): number {
  return b.tokensSaved - a.tokensSaved || a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId);
}

/** The fixes one pass can apply together and their edits, chosen greedily in `fixOrder`; returned in text order. */
export function chooseFixes(findings: readonly Finding[]): { edits: TextEdit[]; applied: Finding[] } {
  const edits: TextEdit[] = [];
  const applied: Finding[] = [];
  for (const f of [...findings].sort(fixOrder)) {
    if (!f.fix || f.fix.edits.length === 0) continue;
    if (f.fix.edits.some((e) => edits.some((c) => overlaps(c, e)))) continue;
    edits.push(...f.fix.edits);
    applied.push(f);
  }
  applied.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  return { edits, applied };
}
