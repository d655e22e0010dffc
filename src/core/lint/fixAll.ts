import { parsePrompt, type PromptDocument, type PromptFormat } from '../prompt';
import { countingRuleFor, countTokens } from '../tokens';
import { applyEdits, chooseFixes } from './edits';
import { fenceTexts } from './fixGuard';
import { lintPrompt } from './lintPrompt';
import { PieceText } from './pieces';
import type { Finding, LintOptions, TextEdit } from './types';

/** A fix that passes on but re-lints the result; far above what any real file needs, it only stops a cycle. */
const MAX_PASSES = 50;

export interface RefusedFix { finding: Finding; reason: string }

export interface FixAllResult {
  /** The text with every fix applied. */
  text: string;
  /** The same change as small edits on the original text: one workspace edit, one undo step. */
  edits: TextEdit[];
  /** Fixes applied over all passes. */
  fixes: number;
  /** Exact tokens of the file's messages before minus after (with the file's encoder). */
  tokensSaved: number;
  applied: Finding[];
  /** Fixes not applied because the file would no longer parse after them. */
  refused: RefusedFix[];
  /** What lint reports on the fixed text. */
  remaining: Finding[];
}

export interface FixAllInput {
  text: string;
  fileName: string;
  format?: PromptFormat;
  options: LintOptions;
  /** Findings already computed for `text` with the same options, to skip the first lint. */
  findings?: readonly Finding[];
  /** The lint to run between passes (tests give their own rules); `lintPrompt` with `options` by default. */
  lint?: (doc: PromptDocument) => readonly Finding[];
}

function parseErrors(doc: PromptDocument): string[] {
  return doc.problems.filter((p) => p.severity === 'error').map((p) => p.message);
}

/** Why `after` no longer parses as `before` did: a new parse error, messages gained, lost or changed role, or a fence changed. */
export function breakage(before: PromptDocument, after: PromptDocument): string | undefined {
  const had = new Set(parseErrors(before));
  const added = parseErrors(after).filter((m) => !had.has(m));
  if (added.length) return added[0];
  const roles = (d: PromptDocument) => d.messages.map((m) => m.role).join(',');
  if (roles(before) !== roles(after)) return `the messages change from [${roles(before)}] to [${roles(after)}]`;
  const fences = fenceTexts(before.text);
  const now = fenceTexts(after.text);
  if (fences.length !== now.length || fences.some((f, i) => f !== now[i])) return 'a fenced code block changes';
  return undefined;
}

function signature(text: string, f: Finding): string {
  return `${f.ruleId}|${f.fix!.edits.map((e) => `${text.slice(e.start, e.end)}>${e.newText}`).join('|')}`;
}

function contentTokens(doc: PromptDocument, options: LintOptions): number {
  const { encoding } = countingRuleFor(options.model);
  return doc.messages.reduce((n, m) => n + countTokens(encoding, m.content), 0);
}

/**
 * Fix All for the editor and `lint --fix`: lint, apply the fixes that do not overlap (in the one order of
 * `chooseFixes`), re-parse, and repeat until nothing fixable is left, so fixes that only appear after others
 * (two lines that become duplicates once their filler is gone) are included. A fix after which the file no
 * longer parses is refused and reported. The lens runs the same function to show what Fix All will do.
 */
export function fixAll(input: FixAllInput): FixAllResult {
  const { fileName, format, options } = input;
  const lint = input.lint ?? ((d: PromptDocument) => lintPrompt(d, options));
  const parse = (t: string) => parsePrompt(t, fileName, format);
  const first = parse(input.text);
  const pieces = new PieceText(input.text);
  const applied: Finding[] = [];
  const refused: RefusedFix[] = [];
  const refusedKeys = new Set<string>();
  const seen = new Set<string>([input.text]);
  let text = input.text;
  let doc = first;
  let findings: readonly Finding[] = input.findings ?? lint(doc);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const candidates = findings.filter((f) => f.fix && f.fix.edits.length && !refusedKeys.has(signature(text, f)));
    const step = applySafely(text, doc, chooseFixes(candidates).applied, parse);
    for (const r of step.refused) {
      refusedKeys.add(signature(text, r.finding));
      refused.push(r);
    }
    if (!step.applied.length) {
      if (step.refused.length) continue; // choose again without them
      break;
    }
    if (seen.has(step.text)) break; // fixes that undo each other: stop rather than loop
    seen.add(step.text);
    pieces.apply(step.applied.flatMap((f) => f.fix!.edits));
    applied.push(...step.applied);
    text = step.text;
    doc = step.doc;
    findings = lint(doc);
  }
  return {
    text,
    edits: text === input.text ? [] : pieces.editsFromOriginal(),
    fixes: applied.length,
    tokensSaved: text === input.text ? 0 : contentTokens(first, options) - contentTokens(doc, options),
    applied,
    refused,
    remaining: [...findings],
  };
}

interface Step { text: string; doc: PromptDocument; applied: Finding[]; refused: RefusedFix[] }

/** Applies the chosen fixes together; when that breaks the file, keeps only those that parse one by one. */
function applySafely(text: string, doc: PromptDocument, chosen: Finding[], parse: (t: string) => PromptDocument): Step {
  const all = (fs: Finding[]) => applyEdits(text, fs.flatMap((f) => f.fix!.edits));
  const together = all(chosen);
  let after = parse(together);
  if (!breakage(doc, after)) return { text: together, doc: after, applied: chosen, refused: [] };
  const refused: RefusedFix[] = [];
  const ok: Finding[] = [];
  for (const f of chosen) {
    const reason = breakage(doc, parse(all([f])));
    if (reason) refused.push({ finding: f, reason });
    else ok.push(f);
  }
  // Safe alone but not together: apply only the first this pass; the rest are re-linted on the new text.
  const keep = ok.length && breakage(doc, (after = parse(all(ok)))) ? ok.slice(0, 1) : ok;
  if (keep !== ok && keep.length) after = parse(all(keep));
  return { text: keep.length ? all(keep) : text, doc: keep.length ? after : doc, applied: keep, refused };
}

function count(n: number, one: string, many: string): string { return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`; }

/** What Fix All will do, for the file lens and `lint`: "6 fixes save 29 tokens"; never a zero or negative saving. */
export function describeFixes(fixes: number, tokensSaved: number): string {
  const what = count(fixes, 'fix', 'fixes');
  const verb = fixes === 1 ? 's' : '';
  if (tokensSaved > 0) return `${what} save${verb} ${count(tokensSaved, 'token', 'tokens')}`;
  // Moves for caching can cost a token or two in their new place; say so rather than claim a saving.
  if (tokensSaved < 0) return `${what} add${verb} ${count(-tokensSaved, 'token', 'tokens')} (moved for caching)`;
  return `${what} available`;
}

/** What Fix All did, for the status bar and `lint --fix`: "6 fixes applied, 29 tokens saved per call". */
export function describeApplied(fixes: number, tokensSaved: number): string {
  const what = `${count(fixes, 'fix', 'fixes')} applied`;
  if (tokensSaved > 0) return `${what}, ${count(tokensSaved, 'token', 'tokens')} saved per call`;
  if (tokensSaved < 0) return `${what}, ${count(-tokensSaved, 'token', 'tokens')} added per call (moved for caching)`;
  return what;
}
