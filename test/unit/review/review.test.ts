import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import MarkdownIt from 'markdown-it';
import { countCommand } from '../../../src/cli/count';
import { type CliIO, UsageError } from '../../../src/cli/io';
import { checkCommand, diffCommand, historyCommand } from '../../../src/cli/review';
import { PriceBook } from '../../../src/core/pricing/prices';
import { measurePrompt, promptHistory } from '../../../src/core/review';
import { fixtureRepo, git, longHistoryRepo, supportPrompt } from './repo';

const ROOT = path.join(__dirname, '../../..');

async function run(cmd: (a: string[], io: CliIO) => Promise<number>, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  let stdout = ''; let stderr = '';
  const io: CliIO = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd, env: { PROMPTMETER_CACHE_DIR: path.join(cwd, '.git', 'pm-cache'), ...env } };
  let code: number;
  try { code = await cmd(args, io); } catch (err) { if (!(err instanceof UsageError)) throw err; stderr += err.message; code = 2; }
  return { code, stdout, stderr };
}

describe('review: diff, check and history over a fixture git repository', function () {
  this.timeout(120_000);
  let repo: { dir: string; commits: string[] };
  before(() => { repo = fixtureRepo(); });
  after(() => rmSync(repo.dir, { recursive: true, force: true }));

  /** `promptmeter count --json` of a file's text at a revision. */
  async function countAt(rev: string, p: string) {
    const tmp = mkdtempSync(path.join(tmpdir(), 'pm-count-'));
    const file = path.join(tmp, path.basename(p));
    writeFileSync(file, git(repo.dir, 'show', `${rev}:${p}`));
    const r = await run(countCommand, ['--json', file], tmp);
    rmSync(tmp, { recursive: true, force: true });
    return JSON.parse(r.stdout).files[0];
  }

  it('diff numbers equal count on each side, per file and per call', async () => {
    const [c1, c2] = repo.commits;
    const r = await run(diffCommand, [c1, c2, '--json'], repo.dir);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.files.length, 1, 'README.md is not a prompt');
    const f = report.files[0];
    assert.equal(f.status, 'modified');
    const before = await countAt(c1, 'prompts/support.prompty');
    const after = await countAt(c2, 'prompts/support.prompty');
    assert.equal(f.before.inputTokens, before.inputTokens);
    assert.equal(f.after.inputTokens, after.inputTokens);
    assert.equal(f.before.perCallUSD, before.cost.perCallUSD);
    assert.equal(f.after.perCallUSD, after.cost.perCallUSD);
    assert.equal(f.inputTokensDelta, after.inputTokens - before.inputTokens);
    assert.ok(f.inputTokensDelta > 200);
    assert.deepEqual(f.volume, { callsPerDay: 1000, source: 'default' });
    assert.ok(Math.abs(f.monthlyUSDDelta - f.perCallUSDDelta * 1000 * 30) < 1e-6);
    assert.equal(f.messages[0].role, 'system');
  });

  it('reports the cacheable prefix falling below the minimum', async () => {
    const r = await run(diffCommand, [repo.commits[1], repo.commits[2]], repo.dir);
    assert.match(r.stdout, /static prefix [\d,]+ → [\d,]+ tokens: below the 1,024 minimum, caching lost/);
  });

  it('follows a rename, and reports added and deleted prompt files', async () => {
    const renamed = JSON.parse((await run(diffCommand, [repo.commits[2], repo.commits[3], '--json'], repo.dir)).stdout).files;
    assert.deepEqual(renamed.map((f: any) => [f.status, f.oldPath, f.path, f.inputTokensDelta]), [['renamed', 'prompts/support.prompty', 'prompts/helpdesk.prompty', 0]]);
    writeFileSync(path.join(repo.dir, 'prompts', 'new.prompt.md'), 'Summarise {{text}} in one line.\n');
    rmSync(path.join(repo.dir, 'prompts', 'helpdesk.prompty'));
    const wt = JSON.parse((await run(diffCommand, ['--json'], repo.dir)).stdout);
    assert.equal(wt.head, 'working tree');
    assert.deepEqual(wt.files.map((f: any) => [f.status, f.path, !!f.before, !!f.after]).sort(),
      [['added', 'prompts/new.prompt.md', false, true], ['deleted', 'prompts/helpdesk.prompty', true, false]]);
    git(repo.dir, 'checkout', '-q', '--', '.');
    rmSync(path.join(repo.dir, 'prompts', 'new.prompt.md'));
  });

  it('takes the call volume from the frontmatter, else the ledger, and says which', async () => {
    writeFileSync(path.join(repo.dir, 'prompts', 'helpdesk.prompty'), supportPrompt(41, { date: true, callsPerDay: 250 }));
    let f = JSON.parse((await run(diffCommand, ['--json'], repo.dir)).stdout).files[0];
    assert.deepEqual(f.volume, { callsPerDay: 250, source: 'frontmatter' });
    writeFileSync(path.join(repo.dir, 'prompts', 'helpdesk.prompty'), supportPrompt(41, { date: true }));
    const ledger = path.join(repo.dir, '.git', 'ledger.jsonl');
    const rec = (i: number) => JSON.stringify({ v: 1, id: `r${i}`, time: new Date(Date.now() - i * 3600_000).toISOString(), workspace: 'w', file: 'prompts/helpdesk.prompty', model: 'gpt-4o', provider: 'openai', route: 'direct', cache: 'miss', usage: { inputUncached: 10, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 5, reasoning: 0 }, priced: true, costMicros: 100, savedMicros: {}, latencyMs: 5, status: 'ok' });
    writeFileSync(ledger, Array.from({ length: 60 }, (_, i) => rec(i)).join('\n') + '\n');
    f = JSON.parse((await run(diffCommand, ['--json', '--ledger', ledger], repo.dir)).stdout).files[0];
    assert.deepEqual(f.volume, { callsPerDay: 2, source: 'ledger' });
    git(repo.dir, 'checkout', '-q', '--', '.');
  });

  it('check: gates exit 0 when they hold and 1 when one fails; a config file sets them per glob', async () => {
    const ok = await run(checkCommand, ['--max-tokens', '100000', '--max-usd-per-call', '1'], repo.dir);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const tight = await run(checkCommand, ['--max-tokens', '100'], repo.dir);
    assert.equal(tight.code, 1);
    assert.match(tight.stdout, /FAIL\s+prompts\/helpdesk\.prompty:1\s+max-tokens/);
    writeFileSync(path.join(repo.dir, '.promptmeter.yaml'), 'gates:\n  - files: "prompts/**"\n    maxUsdPerMonth: 1\n');
    const monthly = await run(checkCommand, ['--format', 'json'], repo.dir);
    assert.equal(monthly.code, 1);
    const r = JSON.parse(monthly.stdout).files[0].results.find((x: any) => x.ruleId === 'max-usd-per-month');
    assert.equal(r.pass, false);
    rmSync(path.join(repo.dir, '.promptmeter.yaml'));
    const grew = await run(checkCommand, ['--base', repo.commits[0], '--max-increase-pct', '10'], repo.dir);
    assert.equal(grew.code, 0, 'helpdesk shrank against the first commit');
    const grew2 = await run(checkCommand, ['--base', repo.commits[2], '--max-increase-pct', '1'], repo.dir);
    assert.equal(grew2.code, 1, 'the date line grew it by more than 1%');
    const lint = await run(checkCommand, ['--fail-on', 'lint-warning', '--format', 'json'], repo.dir);
    assert.equal(lint.code, 1, 'PM204: a date in the system prompt');
    assert.ok(JSON.parse(lint.stdout).files[0].results.some((x: any) => x.ruleId === 'PM204' && !x.pass));
  });

  it('check: usage errors exit 2', async () => {
    assert.equal((await run(checkCommand, ['--max-tokens', 'lots'], repo.dir)).code, 2);
    assert.equal((await run(checkCommand, ['--format', 'xml'], repo.dir)).code, 2);
    assert.equal((await run(checkCommand, ['--max-increase-pct', '5'], repo.dir)).code, 2);
    assert.equal((await run(diffCommand, ['no-such-rev'], repo.dir)).code, 2);
    assert.equal((await run(checkCommand, [], tmpdir())).code, 2, 'not a git repository');
  });

  it('check --format sarif validates against the official SARIF 2.1.0 schema and points at lines', async () => {
    const r = await run(checkCommand, ['--format', 'sarif', '--max-tokens', '100', '--fail-on', 'lint-warning'], repo.dir);
    assert.equal(r.code, 1);
    const sarif: any = JSON.parse(r.stdout);
    // The schema as published by Microsoft's SARIF SDK (draft-04), from @microsoft/jest-sarif.
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    assert.ok(validate(sarif) as boolean, JSON.stringify(validate.errors?.slice(0, 3)));
    const results = sarif.runs[0].results;
    assert.ok(results.some((x: any) => x.ruleId === 'max-tokens' && x.level === 'error'));
    const pm204 = results.find((x: any) => x.ruleId === 'PM204');
    assert.equal(pm204.locations[0].physicalLocation.artifactLocation.uri, 'prompts/helpdesk.prompty');
    assert.ok(pm204.locations[0].physicalLocation.region.startLine > 10);
  });

  it('check --format markdown: a summary first, details folded; it renders with markdown-it', async () => {
    const r = await run(checkCommand, ['--format', 'markdown', '--base', repo.commits[2], '--max-tokens', '100'], repo.dir);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^### ❌ Promptmeter: 1 gate failed/);
    assert.match(r.stdout, /<details><summary>All files<\/summary>/);
    assert.match(r.stdout, /\| `prompts\/helpdesk\.prompty` \| renamed from `prompts\/support\.prompty` \|/);
    const html = new MarkdownIt({ html: true }).render(r.stdout);
    assert.match(html, /<table>/);
    assert.match(html, /<details><summary>All files<\/summary>/);
  });

  it('history: one point per commit, following the rename, oldest first', async () => {
    const r = await run(historyCommand, ['prompts/helpdesk.prompty', '--json'], repo.dir);
    assert.equal(r.code, 0, r.stderr);
    const { points } = JSON.parse(r.stdout);
    assert.deepEqual(points.map((p: any) => p.commit), repo.commits);
    assert.deepEqual(points.map((p: any) => p.path), ['prompts/support.prompty', 'prompts/support.prompty', 'prompts/support.prompty', 'prompts/helpdesk.prompty', 'prompts/helpdesk.prompty']);
    assert.ok(points[1].inputTokens > points[0].inputTokens && points[2].inputTokens < points[1].inputTokens);
    assert.equal(points[0].author, 'Dev One');
    const again = await run(historyCommand, ['prompts/helpdesk.prompty', '--json'], repo.dir);
    assert.deepEqual(JSON.parse(again.stdout).points, points, 'the per-commit cache gives the same answer');
    // Claude's tokenizer is not public: its figures are estimates, marked ≈ (and cached apart from gpt-4o's).
    const claude = await run(historyCommand, ['prompts/helpdesk.prompty', '--model', 'claude-sonnet-4-5'], repo.dir);
    const rows = claude.stdout.trim().split('\n').slice(1);
    assert.equal(rows.length, repo.commits.length);
    for (const row of rows) assert.match(row, /≈[\d,]+ /);
  });

  it('history on 200 commits: one point per commit, each equal to the file measured at that commit; a second walk measures nothing', async () => {
    const long = longHistoryRepo(200);
    try {
      const memory = new Map();
      const o = { root: long.dir, path: long.file, defaultModel: 'gpt-4o', prices: new PriceBook(), expectedOutputTokens: 500, memory };
      const points = await promptHistory(o);
      assert.deepEqual(points.map((p) => p.commit), long.commits);
      assert.equal(points[100].subject, 'Rename to helpdesk');
      assert.deepEqual([points[99].path, points[100].parentPath, points[100].path], ['prompts/support.prompty', 'prompts/support.prompty', 'prompts/helpdesk.prompty']);
      assert.equal(points[150].parent, long.commits[149]);
      assert.equal(points[0].parent, undefined, 'the root commit has no parent');
      for (const i of [0, 57, 100, 199]) {
        const expected = measurePrompt(git(long.dir, 'show', `${long.commits[i]}:${points[i].path}`), points[i].path, o);
        assert.deepEqual([points[i].inputTokens, points[i].perCallMicros], [expected.inputTokens, expected.perCallMicros], `commit ${i}`);
      }
      assert.ok(points[199].inputTokens > points[0].inputTokens);
      const progress: number[] = [];
      assert.deepEqual(await promptHistory({ ...o, onProgress: (done) => progress.push(done) }), points);
      assert.deepEqual(progress, [200], 'every blob came from the memory cache');
    } finally { rmSync(long.dir, { recursive: true, force: true }); }
  });

  it('the CI workflow commands of docs/ci.md run against the fixture repository', function () {
    const cli = path.join(ROOT, 'dist', 'cli.js');
    if (!existsSync(cli)) this.skip();
    const doc = readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');
    const commands = [...doc.matchAll(/^\s+npx promptmeter (check [^\n>|]+?)(?:\s*>\s*(\S+))?\s*(?:\|\| true)?$/gm)];
    assert.ok(commands.length >= 2, 'the workflow runs check for the comment and for SARIF');
    for (const [, args, out] of commands) {
      const argv = args.replace('${{ github.event.pull_request.base.sha }}', repo.commits[0]).trim().split(/\s+/);
      const r = spawnSync(process.execPath, [cli, ...argv], { cwd: repo.dir, encoding: 'utf8' });
      assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
      if (out?.endsWith('.sarif')) assert.equal(JSON.parse(r.stdout).version, '2.1.0');
      if (out?.endsWith('.md')) assert.match(r.stdout, /^### (✅|❌) Promptmeter/);
    }
  });
});
