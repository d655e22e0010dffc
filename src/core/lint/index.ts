import type { PromptDocument } from '../prompt/model';
import { LintContext } from './context';
import { isSuppressed, readSuppressions } from './disable';
import { pm101 } from './rules/pm101-filler';
import { pm102 } from './rules/pm102-verbose';
import { pm103 } from './rules/pm103-whitespace';
import { pm104 } from './rules/pm104-duplicate';
import { pm105 } from './rules/pm105-pretty-data';
import { pm106 } from './rules/pm106-few-shot';
import { pm201 } from './rules/pm201-dynamic-first';
import { pm202 } from './rules/pm202-short-prefix';
import { pm203 } from './rules/pm203-breakpoints';
import { pm204 } from './rules/pm204-date-in-system';
import { pm301, pm302 } from './rules/pm301-context';
import type { Finding, LintOptions } from './types';
import type { Rule } from './rule';

export * from './types';
export type { Rule } from './rule';
export { applyFixes, chooseFixes } from './edits';
export { protectedSpans } from './protectedSpans';

export const RULES: Rule[] = [pm101, pm102, pm103, pm104, pm105, pm106, pm201, pm202, pm203, pm204, pm301, pm302];

/** Every rule over one parsed prompt: severities from settings, inline disables honoured, findings in text order. */
export function lintPrompt(doc: PromptDocument, options: LintOptions): Finding[] {
  const ctx = new LintContext(doc, options);
  const suppressions = readSuppressions(doc, ctx.lines);
  const out: Finding[] = [];
  for (const rule of RULES) {
    const setting = options.ruleSeverities?.[rule.id];
    if (setting === 'off') continue;
    for (const f of rule.check(ctx)) {
      if (isSuppressed(suppressions, f)) continue;
      // A rule may raise one finding to an error (PM203: the API rejects the request); a setting overrides all.
      out.push({ ...f, severity: setting ?? (f.severity === 'error' ? 'error' : rule.severity) });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
}

/** Fixable findings and the tokens their fixes save (the file lens shows "N fixes save X tokens"). */
export function summarizeFixes(findings: readonly Finding[]): { fixes: number; tokensSaved: number } {
  const fixable = findings.filter((f) => f.fix);
  return { fixes: fixable.length, tokensSaved: fixable.reduce((n, f) => n + Math.max(0, f.tokensSaved), 0) };
}
