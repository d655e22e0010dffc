import { readFileSync, writeFileSync } from 'node:fs';
import { resolveModel } from '../core/analysis/analyze';
import { breakage, describeApplied, describeFixes, type Finding, fixAll, type FixAllResult, lintPrompt, type RefusedFix } from '../core/lint';
import { PriceBook } from '../core/pricing/prices';
import { type ParseProblem, parsePrompt } from '../core/prompt';
import { parseArgs } from './args';
import { displayPath, resolveFiles } from './files';
import { type CliIO, EXIT_OK, EXIT_PROBLEMS, UsageError } from './io';
import { DEFAULTS } from '../core/settings';

interface FileResult {
  path: string;
  /** Errors that stop the file parsing: it is neither linted nor fixed. */
  parseErrors: ParseProblem[];
  findings: Finding[];
  /** Without --fix: what Fix All would do; with --fix: what it did. */
  plan: Pick<FixAllResult, 'fixes' | 'tokensSaved'>;
  refused: RefusedFix[];
}

function lintFile(file: string, path: string, model: string | undefined, prices: PriceBook, fix: boolean): FileResult {
  const text = readFileSync(file, 'utf8');
  const doc = parsePrompt(text, file);
  const parseErrors = doc.problems.filter((p) => p.severity === 'error');
  if (parseErrors.length) return { path, parseErrors, findings: [], plan: { fixes: 0, tokensSaved: 0 }, refused: [] };
  const options = { model: model ?? resolveModel(doc, undefined, DEFAULTS.defaultModel), prices };
  // The same loop as the editor's Fix All: without --fix it is a dry run whose totals the summary reports.
  const findings = lintPrompt(doc, options);
  const result = fixAll({ text, fileName: file, options, findings });
  if (!fix) return { path, parseErrors, findings, plan: result, refused: [] };
  if (result.text !== text) {
    // Belt and braces: never write a file that no longer parses as the original did.
    const broken = breakage(doc, parsePrompt(result.text, file));
    if (broken) throw new Error(`not fixed: after the fixes ${broken}`);
    writeFileSync(file, result.text);
  }
  return { path, parseErrors, findings: result.remaining, plan: result, refused: result.refused };
}

export async function lintCommand(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { boolean: ['json', 'fix'], value: ['model'] });
  if (a.positionals.length === 0) throw new UsageError('lint needs at least one file or glob');
  const model = a.flags.get('model') as string | undefined;
  const fixing = a.flags.has('fix');
  const prices = new PriceBook();
  const { files, missing } = await resolveFiles(a.positionals, io.cwd);
  const errors = missing.map((p) => ({ path: p, message: 'no such file, or the glob matched nothing' }));
  const results: FileResult[] = [];
  for (const file of files) {
    const path = displayPath(file, io.cwd);
    try {
      results.push(lintFile(file, path, model, prices, fixing));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      errors.push({ path, message: code ? `cannot read or write: ${code}` : `lint failed: ${(err as Error)?.message ?? err}` });
    }
  }
  const fixes = results.reduce((n, r) => n + r.plan.fixes, 0);
  const tokensSaved = results.reduce((n, r) => n + r.plan.tokensSaved, 0);
  if (a.flags.has('json')) {
    io.stdout(JSON.stringify({
      files: results.map((r) => ({
        path: r.path,
        ...(r.parseErrors.length ? { parseErrors: r.parseErrors.map((p) => ({ message: p.message, range: p.range })) } : {}),
        findings: r.findings.map((f) => ({
          ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range,
          ...(f.fix && f.tokensSaved > 0 ? { tokensSaved: f.tokensSaved } : {}),
        })),
        [fixing ? 'fixed' : 'fixes']: r.plan.fixes,
        tokensSaved: r.plan.tokensSaved,
        ...(r.refused.length ? { refused: r.refused.map(refusedJson) } : {}),
      })),
      [fixing ? 'fixed' : 'fixes']: fixes,
      tokensSaved,
      ...(errors.length ? { errors } : {}),
    }) + '\n');
  } else io.stdout(renderText(results, fixes, tokensSaved, fixing));
  for (const e of errors) io.stderr(`error: ${e.path}: ${e.message}\n`);
  const hasErrors = results.some((r) => r.parseErrors.length || r.findings.some((f) => f.severity === 'error'));
  return hasErrors || errors.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

function refusedJson(r: RefusedFix) {
  return { ruleId: r.finding.ruleId, range: r.finding.range, reason: r.reason };
}

function renderText(results: FileResult[], fixes: number, tokensSaved: number, fixing: boolean): string {
  const fmt = new Intl.NumberFormat('en-US');
  const lines: string[] = [];
  let problems = 0;
  let errorCount = 0;
  const at = (path: string, range: Finding['range']) => `${path}:${range.start.line + 1}:${range.start.character + 1}`;
  for (const r of results) {
    for (const p of r.parseErrors) {
      problems++;
      errorCount++;
      lines.push(`${at(r.path, p.range)}  ${'error'.padEnd(7)}  parse  ${p.message} (not linted: fix the file so it parses)`);
    }
    for (const f of r.findings) {
      problems++;
      if (f.severity === 'error') errorCount++;
      lines.push(`${at(r.path, f.range)}  ${f.severity.padEnd(7)}  ${f.ruleId}  ${f.message}`);
    }
    for (const x of r.refused) lines.push(`${at(r.path, x.finding.range)}  refused  ${x.finding.ruleId}  fix not applied: after it ${x.reason}`);
  }
  const counts = `${fmt.format(problems)} problems (${fmt.format(errorCount)} errors)`;
  const summary = fixing
    ? `${describeApplied(fixes, tokensSaved)}; ${counts} left`
    : `${counts} in ${fmt.format(results.length)} files${fixes ? `; ${describeFixes(fixes, tokensSaved)}${tokensSaved ? ' per call' : ''}` : ''}`;
  lines.push(summary);
  return lines.join('\n') + '\n';
}
