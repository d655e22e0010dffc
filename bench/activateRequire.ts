import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { BenchResult } from './stats';

/**
 * `activate-require`: what VS Code's extension host does on activation, timed from `require` of the extension's
 * main bundle to the return of activate(), each run in a fresh Node process (bench/activateHarness.cjs). Beside
 * it, the same source bundled whole as before the split (every SDK, Redis, the vocabularies and genai-prices in
 * one file), built here into a temporary folder.
 */
const RUNS = 9;
const ROOT = join(__dirname, '..');
const HARNESS = join(__dirname, 'activateHarness.cjs');

function timeOnce(bundle: string): number {
  const out = execFileSync(process.execPath, [HARNESS, bundle], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const ms = Number(out.trim().split('\n').pop());
  if (!Number.isFinite(ms)) throw new Error(`activateHarness printed ${JSON.stringify(out)}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export async function benchActivateRequire(): Promise<BenchResult[]> {
  // The shipped (production) build, as `npm run package` makes it.
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs'), '--production'], { cwd: ROOT, stdio: 'inherit' });
  const bundle = join(ROOT, 'dist', 'extension.js');
  if (!existsSync(bundle)) throw new Error(`esbuild.mjs --production did not write ${bundle}`);
  const tmp = mkdtempSync(join(tmpdir(), 'promptmeter-bench-require-'));
  try {
    const whole = join(tmp, 'extension.js');
    await build({
      entryPoints: [join(ROOT, 'src', 'extension.ts')], outfile: whole, bundle: true, minify: true, platform: 'node',
      format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning', legalComments: 'none',
      define: { 'import.meta.url': '__importMetaUrl' },
      banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
    });
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < RUNS; i++) { // alternated, so load on a shared machine hits both alike
      ours.push(timeOnce(bundle));
      theirs.push(timeOnce(whole));
    }
    const kb = (f: string) => Math.round(statSync(f).size / 1024);
    return [
      { name: 'activate-require', impl: 'promptmeter', medianMs: Math.round(median(ours) * 1000) / 1000, runs: RUNS, note: `${kb(bundle)} KB bundle` },
      { name: 'activate-require', impl: 'single-bundle', medianMs: Math.round(median(theirs) * 1000) / 1000, runs: RUNS, note: `${kb(whole)} KB bundle` },
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
