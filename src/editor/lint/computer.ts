import type * as vscode from 'vscode';
import { type Finding, lintPrompt } from '../../core/lint';
import type { PromptDocuments } from '../promptDocuments';

/** Pure part of the diagnostics: one document version in, its findings out (undefined when it is not a prompt). */
export function computeFindings(docs: PromptDocuments, document: vscode.TextDocument): Finding[] | undefined {
  const doc = docs.parse(document);
  if (!doc) return undefined;
  const s = docs.current;
  return lintPrompt(doc, {
    model: docs.modelFor(document, doc), prices: docs.priceBook,
    ruleSeverities: s.lintRules ?? {}, expectedOutputTokens: s.expectedOutputTokens,
  });
}
