import type { PriceBook } from '../pricing/prices';
import type { Range } from '../prompt/model';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** One text replacement in document offsets; an insertion has start === end. */
export interface TextEdit { start: number; end: number; newText: string }

export interface Fix { title: string; edits: TextEdit[] }

export interface Finding {
  ruleId: string;
  range: Range;
  start: number;
  end: number;
  severity: Severity;
  message: string;
  fix?: Fix;
  /** Exact tokens of the file's messages before minus after applying this fix alone (0 without a fix). */
  tokensSaved: number;
}

export interface LintOptions {
  model: string;
  prices: PriceBook;
  /** Per-rule severity or 'off' (setting `promptmeter.lint.rules`). */
  ruleSeverities?: Record<string, SeveritySetting>;
  /** PM201: static tokens after a dynamic line that make moving it worth it. */
  dynamicThresholdTokens?: number;
  /** PM301/PM302 when the file sets no max output tokens. */
  expectedOutputTokens?: number;
}
