import type { LintContext } from './context';
import type { Finding, Severity } from './types';

/** A rule: an id, a default severity, and a pure check over the shared lint context. */
export interface Rule {
  id: string;
  severity: Severity;
  check(ctx: LintContext): Finding[];
}
