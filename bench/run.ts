import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from './stats';

/** `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object per line. */
type Suite = { file: string; fn: string };
const SUITES: Suite[] = [
  { file: 'count', fn: 'benchCount' },
  { file: 'activateRequire', fn: 'benchActivateRequire' },
  { file: 'activate', fn: 'benchActivate' },
  { file: 'responsive', fn: 'benchResponsive' },
  { file: 'lint', fn: 'benchLint' },
  { file: 'client', fn: 'benchClient' },
  { file: 'spend', fn: 'benchSpend' },
  { file: 'dataset', fn: 'benchDataset' },
  { file: 'history', fn: 'benchHistory' },
];

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const results: BenchResult[] = [];
  // Every row times what ships: the VSIX and dist/ (bundles, vocabulary files) built from this tree, now.
  if (!process.argv.includes('--no-build')) {
    const r = spawnSync('npm', ['run', 'package'], { cwd: join(__dirname, '..'), stdio: ['ignore', process.stderr, process.stderr] });
    if (r.status !== 0) throw new Error(`npm run package failed with exit code ${r.status}`);
  }
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') process.stderr.write('bench: run with --expose-gc (npm run bench does) so that no row pays for another row\'s garbage\n');
  for (const s of SUITES) {
    if (only && !only.split(',').includes(s.file)) continue;
    if (!existsSync(join(__dirname, `${s.file}.ts`))) continue;
    let r: BenchResult | BenchResult[];
    try {
      const mod = await import(`./${s.file}`);
      r = await mod[s.fn]();
    } catch (err) {
      // One broken suite must not cost the rows the others measured: report it, fail the run at the end.
      process.stderr.write(`bench ${s.file} failed: ${(err as Error)?.stack ?? err}\n`);
      process.exitCode = 1;
      continue;
    }
    for (const x of [r].flat()) {
      results.push(x);
      if (json) process.stdout.write(JSON.stringify(x) + '\n');
    }
  }
  if (!json) process.stdout.write(table(results));
}

function table(results: BenchResult[]): string {
  const names = [...new Set(results.map((r) => r.name))];
  const lines = ['benchmark                 impl            median ms   runs   promptmeter is'];
  for (const name of names) {
    const rows = results.filter((r) => r.name === name);
    const ours = rows.find((r) => r.impl === 'promptmeter');
    for (const r of rows) {
      const x = ours && r !== ours && ours.medianMs > 0 ? r.medianMs / ours.medianMs : undefined;
      const ratio = x === undefined ? '' : x >= 1 ? `${x.toFixed(1)}x faster` : `${(1 / x).toFixed(1)}x slower`;
      lines.push(`${name.padEnd(26)}${r.impl.padEnd(16)}${r.medianMs.toFixed(3).padStart(9)}${String(r.runs).padStart(7)}   ${ratio}${r.note ? `${ratio ? ' · ' : ''}${r.note}` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
