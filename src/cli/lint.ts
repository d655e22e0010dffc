import { readFileSync, writeFileSync } from 'node:fs';
import { resolveModel } from '../core/analysis/analyze';
import { applyFixes, type Finding, lintPrompt } from '../core/lint';
import { PriceBook } from '../core/pricing/prices';
import { parsePrompt } from '../core/prompt';
import { parseArgs } from './args';
import { displayPath, resolveFiles } from './files';
import { type CliIO, EXIT_OK, EXIT_PROBLEMS, UsageError } from './io';
import { DEFAULTS } from '../core/settings';

/** Fixing one problem can uncover or shift another; a few passes reach a stable text. */
const MAX_FIX_PASSES = 5;

interface FileResult { path: string; findings: Finding[]; fixed: number; tokensSaved: number }

function lintText(text: string, file: string, model: string | undefined, prices: PriceBook): Finding[] {
  const doc = parsePrompt(text, file);
  return lintPrompt(doc, { model: model ?? resolveModel(doc, undefined, DEFAULTS.defaultModel), prices });
}

/** Applies every fix, re-linting between passes; returns the new text and what was applied. */
function fixText(text: string, file: string, model: string | undefined, prices: PriceBook): { text: string; fixed: number; saved: number } {
  let fixed = 0;
  let saved = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const { text: next, applied } = applyFixes(text, lintText(text, file, model, prices));
    if (applied.length === 0 || next === text) break;
    fixed += applied.length;
    saved += applied.reduce((n, f) => n + f.tokensSaved, 0);
    text = next;
  }
  return { text, fixed, saved };
}

export async function lintCommand(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args, { boolean: ['json', 'fix'], value: ['model'] });
  if (a.positionals.length === 0) throw new UsageError('lint needs at least one file or glob');
  const model = a.flags.get('model') as string | undefined;
  const prices = new PriceBook();
  const { files, missing } = await resolveFiles(a.positionals, io.cwd);
  const errors = missing.map((p) => ({ path: p, message: 'no such file, or the glob matched nothing' }));
  const results: FileResult[] = [];
  for (const file of files) {
    const path = displayPath(file, io.cwd);
    try {
      let text = readFileSync(file, 'utf8');
      let fixed = 0;
      let saved = 0;
      if (a.flags.has('fix')) {
        const r = fixText(text, file, model, prices);
        if (r.text !== text) writeFileSync(file, r.text);
        ({ text, fixed, saved } = r);
      }
      const findings = lintText(text, file, model, prices);
      const tokensSaved = a.flags.has('fix') ? saved : findings.reduce((n, f) => n + (f.fix ? f.tokensSaved : 0), 0);
      results.push({ path, findings, fixed, tokensSaved });
    } catch (err) {
      errors.push({ path, message: (err as NodeJS.ErrnoException).code ? `cannot read or write: ${(err as NodeJS.ErrnoException).code}` : `lint failed: ${(err as Error)?.message ?? err}` });
    }
  }
  const tokensSaved = results.reduce((n, r) => n + r.tokensSaved, 0);
  if (a.flags.has('json')) {
    io.stdout(JSON.stringify({
      files: results.map((r) => ({
        path: r.path,
        findings: r.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range, tokensSaved: f.tokensSaved })),
        ...(a.flags.has('fix') ? { fixed: r.fixed } : {}),
      })),
      tokensSaved,
      ...(errors.length ? { errors } : {}),
    }) + '\n');
  } else io.stdout(renderText(results, tokensSaved, a.flags.has('fix')));
  for (const e of errors) io.stderr(`error: ${e.path}: ${e.message}\n`);
  const hasErrors = results.some((r) => r.findings.some((f) => f.severity === 'error'));
  return hasErrors || errors.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

function renderText(results: FileResult[], tokensSaved: number, fixing: boolean): string {
  const fmt = new Intl.NumberFormat('en-US');
  const lines: string[] = [];
  let problems = 0;
  let errorCount = 0;
  for (const r of results) {
    for (const f of r.findings) {
      problems++;
      if (f.severity === 'error') errorCount++;
      lines.push(`${r.path}:${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.severity.padEnd(7)}  ${f.ruleId}  ${f.message}`);
    }
  }
  const fixedCount = results.reduce((n, r) => n + r.fixed, 0);
  const summary = fixing
    ? `${fmt.format(fixedCount)} fixes applied, ${fmt.format(tokensSaved)} tokens saved per call; ${fmt.format(problems)} problems left (${fmt.format(errorCount)} errors)`
    : `${fmt.format(problems)} problems (${fmt.format(errorCount)} errors) in ${fmt.format(results.length)} files; fixes save ${fmt.format(tokensSaved)} tokens per call`;
  lines.push(summary);
  return lines.join('\n') + '\n';
}
