// history-200-commits: `promptmeter history <file> --json` (the built CLI, a fresh process and an empty cache each
// run) on a prompt with 200 commits and a rename, beside what a user would otherwise script: `git log --follow`
// then one `git show` per commit, which only reads the texts (no counting, no pricing). Acceptance: under 5 s.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { longHistoryRepo } from '../test/unit/review/repo';
import { measure, measureInTurns, type BenchResult } from './stats';

const CLI = resolve(__dirname, '../dist/cli.js');
const COMMITS = 200;

export async function benchHistory(runs = 3): Promise<BenchResult[]> {
  if (!existsSync(CLI)) throw new Error('bench history: build first (npm run build), it times dist/cli.js');
  const repo = longHistoryRepo(COMMITS);
  const caches = mkdtempSync(join(tmpdir(), 'pm-history-cache-'));
  let n = 0;
  const history = (cacheDir: string) => {
    const r = spawnSync(process.execPath, [CLI, 'history', repo.file, '--json'], { cwd: repo.dir, encoding: 'utf8', env: { ...process.env, PROMPTMETER_CACHE_DIR: cacheDir }, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`promptmeter history failed: ${r.stderr}`);
    const points = JSON.parse(r.stdout).points.length;
    if (points !== COMMITS) throw new Error(`promptmeter history gave ${points} points for ${COMMITS} commits`);
  };
  const gitLoop = () => {
    const log = execFileSync('git', ['log', '--follow', '--name-only', '--format=commit %H', '--', repo.file], { cwd: repo.dir, encoding: 'utf8' });
    const commits: [string, string][] = [];
    for (const line of log.split('\n')) {
      if (line.startsWith('commit ')) commits.push([line.slice(7), repo.file]);
      else if (line) commits[commits.length - 1][1] = line;
    }
    for (const [commit, file] of commits) execFileSync('git', ['show', `${commit}:${file}`], { cwd: repo.dir, maxBuffer: 64 * 1024 * 1024 });
    if (commits.length !== COMMITS) throw new Error(`git log gave ${commits.length} commits`);
  };
  try {
    const cold = await measureInTurns('history-200-commits', { promptmeter: () => history(join(caches, String(n++))), 'git log + show': gitLoop }, runs, 1);
    cold.find((r) => r.impl === 'promptmeter')!.note = 'fresh process, empty cache; counts and prices every revision';
    cold.find((r) => r.impl !== 'promptmeter')!.note = 'reads the 200 texts only';
    const warmDir = join(caches, 'warm');
    const warm = await measure('history-200-commits-warm', 'promptmeter', () => history(warmDir), runs, 1);
    warm.note = 'again, every revision in the per-blob cache';
    return [...cold, warm];
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
    rmSync(caches, { recursive: true, force: true });
  }
}

if (require.main === module) void benchHistory().then((r) => console.log(r.map((x) => JSON.stringify(x)).join('\n')));
