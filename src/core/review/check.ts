import { lintPrompt } from '../lint';
import type { Severity } from '../lint/types';
import type { PriceBook } from '../pricing/prices';
import { parsePrompt } from '../prompt';
import { changedFiles, fileAt } from './git';
import { gatesFor, type GateRule, type Gates } from './gates';
import { measurePrompt, type SideCost } from './measure';
import { volumeFor } from './diff';

export type GateId = 'max-usd-per-call' | 'max-tokens' | 'max-increase-pct' | 'max-usd-per-month' | 'lint';

/** One result: a gate (held or broken) or a lint finding, at a file line. */
export interface CheckResult {
  path: string;
  line: number;
  column: number;
  /** A gate id, or the lint rule's code (PM101...). */
  ruleId: string;
  kind: 'gate' | 'lint';
  pass: boolean;
  level: 'error' | 'warning' | 'note';
  message: string;
  limit?: number;
  actual?: number;
}

export interface FileCheck { path: string; cost: SideCost; monthlyUSD: number | null; callsPerDay: number; results: CheckResult[] }

export interface CheckReport { base?: string; files: FileCheck[]; failed: number; passed: number; findings: number }

export interface CheckOptions {
  root: string;
  /** Repository-relative prompt files. */
  files: readonly string[];
  rules: readonly GateRule[];
  flags: Gates;
  /** Revision for max-increase-pct. */
  base?: string;
  model?: string;
  defaultModel: string;
  prices: PriceBook;
  expectedOutputTokens: number;
  defaultCallsPerDay: number;
  observedCallsPerDay?: (path: string) => number | undefined;
  read(path: string): Promise<string | undefined>;
}

const LEVEL: Record<Severity, CheckResult['level']> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const usd = (micros: number) => micros / 1_000_000;

/** Every gate for every file, plus its lint findings; a broken gate or (with failOn) a lint finding fails. */
export async function checkPrompts(o: CheckOptions): Promise<CheckReport> {
  const files: FileCheck[] = [];
  // A file renamed since the base is compared with its old path there.
  const renamedFrom = new Map((o.base ? await changedFiles(o.root, o.base) : []).filter((c) => c.oldPath).map((c) => [c.path, c.oldPath!]));
  for (const path of o.files) {
    const text = await o.read(path);
    if (text === undefined) continue;
    const gates = gatesFor(path, o.rules, o.flags);
    const cost = measurePrompt(text, path, o);
    const volume = volumeFor(path, cost, o);
    const monthly = cost.perCallMicros === null ? null : usd(cost.perCallMicros) * volume.callsPerDay * 30;
    const results: CheckResult[] = [];
    const gate = (ruleId: GateId, pass: boolean, limit: number, actual: number, message: string) =>
      results.push({ path, line: 1, column: 1, ruleId, kind: 'gate', pass, level: pass ? 'note' : 'error', message, limit, actual });
    const money = (v: number) => `$${v.toFixed(v < 1 ? 4 : 2)}`;
    if (gates.maxTokens !== undefined) {
      gate('max-tokens', cost.inputTokens <= gates.maxTokens, gates.maxTokens, cost.inputTokens,
        `${cost.estimated ? '≈' : ''}${cost.inputTokens} input tokens (limit ${gates.maxTokens}, ${cost.model})`);
    }
    if (gates.maxUsdPerCall !== undefined) {
      if (cost.perCallMicros === null) gate('max-usd-per-call', false, gates.maxUsdPerCall, NaN, `${cost.model} is unpriced, so the per-call limit cannot be checked`);
      else gate('max-usd-per-call', usd(cost.perCallMicros) <= gates.maxUsdPerCall, gates.maxUsdPerCall, usd(cost.perCallMicros),
        `${money(usd(cost.perCallMicros))} per call (limit ${money(gates.maxUsdPerCall)}, ${cost.model})`);
    }
    if (gates.maxUsdPerMonth !== undefined) {
      if (monthly === null) gate('max-usd-per-month', false, gates.maxUsdPerMonth, NaN, `${cost.model} is unpriced, so the monthly limit cannot be checked`);
      else gate('max-usd-per-month', monthly <= gates.maxUsdPerMonth, gates.maxUsdPerMonth, monthly,
        `${money(monthly)} per month at ${volume.callsPerDay.toLocaleString('en-US')} calls/day (${volume.source}; limit ${money(gates.maxUsdPerMonth)})`);
    }
    if (gates.maxIncreasePct !== undefined && o.base) {
      const before = await fileAt(o.root, o.base, renamedFrom.get(path) ?? path);
      if (before !== undefined) {
        const was = measurePrompt(before, path, o).inputTokens;
        const pct = was === 0 ? (cost.inputTokens > 0 ? Infinity : 0) : ((cost.inputTokens - was) / was) * 100;
        gate('max-increase-pct', pct <= gates.maxIncreasePct, gates.maxIncreasePct, pct,
          `input tokens ${was} → ${cost.inputTokens} (${pct >= 0 ? '+' : ''}${pct.toFixed(1)}% vs ${o.base}; limit +${gates.maxIncreasePct}%)`);
      }
    }
    const doc = parsePrompt(text, path);
    for (const p of doc.problems.filter((x) => x.severity === 'error')) {
      results.push({ path, line: p.range.start.line + 1, column: p.range.start.character + 1, ruleId: 'parse', kind: 'lint', pass: false, level: 'error', message: p.message });
    }
    for (const f of lintPrompt(doc, { model: cost.model, prices: o.prices, expectedOutputTokens: o.expectedOutputTokens })) {
      const blocks = gates.failOn === 'lint-warning' ? f.severity === 'error' || f.severity === 'warning' : gates.failOn === 'lint-error' ? f.severity === 'error' : false;
      results.push({
        path, line: f.range.start.line + 1, column: f.range.start.character + 1, ruleId: f.ruleId, kind: 'lint',
        pass: !blocks, level: LEVEL[f.severity], message: f.message,
      });
    }
    files.push({ path, cost, monthlyUSD: monthly, callsPerDay: volume.callsPerDay, results });
  }
  const all = files.flatMap((f) => f.results);
  return {
    ...(o.base ? { base: o.base } : {}), files,
    failed: all.filter((r) => !r.pass).length,
    passed: all.filter((r) => r.kind === 'gate' && r.pass).length,
    findings: all.filter((r) => r.kind === 'lint').length,
  };
}
