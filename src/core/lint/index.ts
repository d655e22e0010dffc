export * from './types';
export type { Rule } from './rule';
export { applyFixes, chooseFixes } from './edits';
export { protectedSpans } from './protectedSpans';
export { lintPrompt, RULES } from './lintPrompt';
export { breakage, describeApplied, describeFixes, fixAll, type FixAllInput, type FixAllResult, type RefusedFix } from './fixAll';
export { disableEdit } from './disable';
