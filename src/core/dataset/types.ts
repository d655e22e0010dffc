/** One assertion on an answer, promptfoo-style: `{type: 'contains', value: 'Paris'}`. */
export interface Assertion {
  type: AssertionType;
  value?: unknown;
}

export const ASSERTION_TYPES = ['equals', 'contains', 'icontains', 'regex', 'is-json', 'json-schema', 'max-cost', 'max-latency', 'not-refusal'] as const;
export type AssertionType = (typeof ASSERTION_TYPES)[number];

/** One dataset row: the variable values and what its answer is checked against. */
export interface DatasetRow {
  /** 1-based line in the dataset file where the row starts (0 for rows made from defaults or samples). */
  line: number;
  vars: Record<string, unknown>;
  expected?: string;
  assert: Assertion[];
}

export interface DatasetProblem {
  line: number;
  message: string;
}

export interface Dataset {
  /** Absolute path, or undefined for the one-row dataset made from defaults / samples. */
  path?: string;
  rows: DatasetRow[];
  /** Rows that were skipped, each with its line and why. */
  problems: DatasetProblem[];
}
