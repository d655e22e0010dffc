import type { Settings } from './keys';

/** The fields whose values differ between two snapshots (compared by value, so equal objects do not count). */
export function changedSettings(before: Settings, after: Settings): Set<keyof Settings> {
  const changed = new Set<keyof Settings>();
  for (const field of Object.keys(after) as (keyof Settings)[]) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changed.add(field);
  }
  return changed;
}

/** Settings that change counts and costs; others (lint, lenses, requests) leave the analyses alone. */
export const ANALYSIS_SETTINGS: readonly (keyof Settings)[] = ['include', 'defaultModel', 'expectedOutputTokens', 'prices', 'analysisMaxSizeKB'];

/** Settings that change lint findings without changing the analysis. */
export const LINT_SETTINGS: readonly (keyof Settings)[] = ['lintEnabled', 'lintRules'];
