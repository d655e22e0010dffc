import type { PromptDocument } from '../prompt/model';
import { LintContext } from './context';
import { isSuppressed, readSuppressions } from './disable';
import { fenceTexts, structureBreak } from './fixGuard';
import type { Rule } from './rule';
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
import { pm205 } from './rules/pm205-volatile-context';
import { pm301, pm302 } from './rules/pm301-context';
import type { Finding, LintOptions } from './types';

export const RULES: Rule[] = [pm101, pm102, pm103, pm104, pm105, pm106, pm201, pm202, pm203, pm204, pm205, pm301, pm302];

function withoutFix(f: Finding): Finding {
  const { fix: _fix, ...rest } = f;
  return { ...rest, tokensSaved: 0 };
}

/** Every rule over one parsed prompt: severities from settings, inline disables honoured, findings in text order. */
export function lintPrompt(doc: PromptDocument, options: LintOptions): Finding[] {
  const ctx = new LintContext(doc, options);
  const suppressions = readSuppressions(doc, ctx.lines);
  const out: Finding[] = [];
  const fences = fenceTexts(doc.text);
  for (const rule of RULES) {
    const setting = options.ruleSeverities?.[rule.id];
    if (setting === 'off') continue;
    for (const f of rule.check(ctx)) {
      if (isSuppressed(suppressions, f)) continue;
      // A rule may raise one finding to an error (PM203: the API rejects the request); a setting overrides all.
      const severity = setting ?? (f.severity === 'error' ? 'error' : rule.severity);
      // A fix that would cut a template tag or touch a fence is dropped; the finding stays, without a saving to claim.
      const unsafe = f.fix && structureBreak(doc, f.fix.edits, fences);
      out.push(unsafe ? { ...withoutFix(f), severity } : { ...f, severity, tokensSaved: Math.max(0, f.tokensSaved) });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
}
