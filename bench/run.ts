import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from './stats';

/** `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object per line. */
type Suite = { file: string; fn: string };
const SUITES: Suite[] = [
  { file: 'count', fn: 'benchCount' },
  { file: 'activateRequire', fn: 'benchActivateRequire' },
  { file: 'activate', fn: 'benchActivate' },
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
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') process.stderr.write('bench: run with --expose-gc (npm run bench does) so that no row pays for another row\'s garbage\n');
  for (const s of SUITES) {
    if (only && !only.split(',').includes(s.file)) continue;
    if (!existsSync(join(__dirname, `${s.file}.ts`))) continue;
    const mod = await import(`./${s.file}`);
    const r: BenchResult | BenchResult[] = await mod[s.fn]();
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
