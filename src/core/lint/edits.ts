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
 * Applies every fix whose edits do not overlap an already chosen fix, in finding order; the rest wait for the
 * next pass (lint again, apply again) so no fix is ever applied to text it was not computed for.
 */
export function applyFixes(text: string, findings: readonly Finding[]): { text: string; applied: Finding[] } {
  const { edits, applied } = chooseFixes(findings);
  return { text: applyEdits(text, edits), applied };
}

/** The fixes one pass can apply together (first come, first served) and their edits. */
export function chooseFixes(findings: readonly Finding[]): { edits: TextEdit[]; applied: Finding[] } {
  const edits: TextEdit[] = [];
  const applied: Finding[] = [];
  for (const f of findings) {
    if (!f.fix || f.fix.edits.length === 0) continue;
    if (f.fix.edits.some((e) => edits.some((c) => overlaps(c, e)))) continue;
    edits.push(...f.fix.edits);
    applied.push(f);
  }
  return { edits, applied };
}
