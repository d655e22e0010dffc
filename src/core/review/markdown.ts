import type { CheckReport } from './check';
import type { DiffReport } from './diff';

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;');
const signed = (n: number, digits = 0) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
const money = (v: number | null) => (v === null ? 'unpriced' : `${v < 0 ? '−' : v > 0 ? '+' : '±'}$${Math.abs(v).toFixed(Math.abs(v) < 1 ? 4 : 2)}`);

/** A pull-request comment: one summary line and table first, details folded. */
export function checkMarkdown(report: CheckReport, diff?: DiffReport): string {
  const failed = report.files.flatMap((f) => f.results.filter((r) => !r.pass));
  const out: string[] = [];
  out.push(failed.length
    ? `### ❌ Promptmeter: ${failed.length} gate${failed.length > 1 ? 's' : ''} failed`
    : `### ✅ Promptmeter: every gate holds (${report.files.length} prompt file${report.files.length === 1 ? '' : 's'})`);
  if (diff?.files.length) {
    const perMonth = diff.files.reduce((s, f) => s + (f.monthlyUSDDelta ?? 0), 0);
    out.push('', `This change: ${diff.files.length} prompt file${diff.files.length > 1 ? 's' : ''}, ${money(perMonth)}/month vs \`${diff.base}\`.`, '',
      '| file | status | tokens | $/call | $/month | volume |', '| --- | --- | ---: | ---: | ---: | --- |',
      ...diff.files.map((f) => `| \`${esc(f.path)}\` | ${f.status}${f.oldPath ? ` from \`${esc(f.oldPath)}\`` : ''} | ${f.estimated ? '≈' : ''}${signed(f.inputTokensDelta)} | ${money(f.perCallUSDDelta)} | ${money(f.monthlyUSDDelta)} | ${f.volume.callsPerDay.toLocaleString('en-US')}/day (${f.volume.source}) |`));
    const notes = diff.files.filter((f) => f.prefix).map((f) => `- \`${esc(f.path)}\`: ${f.prefix}`);
    if (notes.length) out.push('', ...notes);
  }
  if (failed.length) {
    out.push('', '| file | line | gate | result |', '| --- | ---: | --- | --- |', ...failed.map((r) => `| \`${esc(r.path)}\` | ${r.line} | ${r.ruleId} | ${esc(r.message)} |`));
  }
  out.push('', '<details><summary>All files</summary>', '', '| file | model | input tokens | $/call | $/month |', '| --- | --- | ---: | ---: | ---: |',
    ...report.files.map((f) => `| \`${esc(f.path)}\` | ${f.cost.model} | ${f.cost.estimated ? '≈' : ''}${f.cost.inputTokens.toLocaleString('en-US')} | ${f.cost.perCallMicros === null ? 'unpriced' : `$${(f.cost.perCallMicros / 1e6).toFixed(4)}`} | ${f.monthlyUSD === null ? 'unpriced' : `$${f.monthlyUSD.toFixed(2)}`} |`),
    '', '</details>');
  const lint = report.files.flatMap((f) => f.results.filter((r) => r.kind === 'lint' && r.pass));
  if (lint.length) {
    out.push('', `<details><summary>${lint.length} lint finding${lint.length > 1 ? 's' : ''}</summary>`, '',
      ...lint.map((r) => `- \`${esc(r.path)}:${r.line}\` ${r.ruleId}: ${esc(r.message)}`), '', '</details>');
  }
  return out.join('\n') + '\n';
}
