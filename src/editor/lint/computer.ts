import type * as vscode from 'vscode';
import { type Finding, fixAll, type FixAllResult, lintPrompt, type LintOptions, RULES } from '../../core/lint';
import type { PromptDocuments } from '../promptDocuments';

/** The lint options for one document: its model, the price book and the rule settings. */
function lintOptions(docs: PromptDocuments, document: vscode.TextDocument): LintOptions | undefined {
  const doc = docs.parse(document);
  if (!doc) return undefined;
  const s = docs.current;
  return {
    model: docs.modelFor(document, doc), prices: docs.priceBook,
    ruleSeverities: s.lintRules ?? {}, expectedOutputTokens: s.expectedOutputTokens,
  };
}

/** Pure part of the diagnostics: one document version in, its findings out (undefined when it is not a prompt). */
export function computeFindings(docs: PromptDocuments, document: vscode.TextDocument): Finding[] | undefined {
  const doc = docs.parse(document);
  const options = lintOptions(docs, document);
  return doc && options ? lintPrompt(doc, options) : undefined;
}

const plans = new WeakMap<vscode.TextDocument, { version: number; findings: readonly Finding[]; plan: FixAllResult }>();

/**
 * What Fix All does to this version: the core's fix-all loop, run once per version and findings. The file lens
 * shows its counts and Fix All applies its edits, so the two always agree. `ruleId` limits it to one rule.
 */
export function fixAllPlan(docs: PromptDocuments, document: vscode.TextDocument, findings: readonly Finding[], ruleId?: string): FixAllResult | undefined {
  const hit = ruleId ? undefined : plans.get(document);
  if (hit && hit.version === document.version && hit.findings === findings) return hit.plan;
  const options = lintOptions(docs, document);
  if (!options) return undefined;
  const only = ruleId ? { ...options, ruleSeverities: onlyRule(options, ruleId) } : options;
  const plan = fixAll({
    text: document.getText(), fileName: document.fileName, format: docs.parse(document)?.format, options: only,
    findings: ruleId ? findings.filter((f) => f.ruleId === ruleId) : findings,
  });
  // Only the whole-file plan is kept: it is what the lens asks for on every refresh.
  if (!ruleId) plans.set(document, { version: document.version, findings, plan });
  return plan;
}

function onlyRule(options: LintOptions, ruleId: string): LintOptions['ruleSeverities'] {
  const off = Object.fromEntries(RULES.map((r) => r.id).filter((id) => id !== ruleId).map((id) => [id, 'off' as const]));
  return { ...options.ruleSeverities, ...off };
}
