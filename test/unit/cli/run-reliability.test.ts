// Issue 9 acceptance against the test server: real SDKs over HTTP, the real CLI (in-process and as a child process).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../support/cliIo';
import { runCommand } from '../../../src/cli/run';
import { spendCommand } from '../../../src/cli/spend';
import { startProviderServer, type ProviderServer } from '../../support/providerServer';
import { freePort } from '../../support/redis';

const KEY = 'sk-reliability-SECRET-123456';
const ROOT = path.resolve(__dirname, '../../..');
const prompty = (extra = '') => `---
name: city
model:
  api: chat
  configuration: {type: openai, name: gpt-4o-mini}
  parameters: {max_tokens: 50, temperature: 0}
inputs:
  city: {type: string}
${extra}---
system:
Be brief.

user:
Tell me about {{city}}.
`;

describe('issue 9 acceptance: the CLI against the test provider server', function () {
  this.timeout(60_000);
  let server: ProviderServer;
  let dir: string;
  const chat = () => server.requestsTo('/chat/completions');
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.openaiBaseUrl, PROMPTMETER_CACHE_DIR: path.join(dir, 'cache'), PROMPTMETER_CONFIG_DIR: path.join(dir, 'config'), ...extra,
  });
  async function cli(args: string[], extra: NodeJS.ProcessEnv = {}) {
    return runCli(runCommand, args, dir, env(extra));
  }
  const ledgerRecords = () => readFileSync(path.join(dir, 'spend.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const reservations = () => {
    const f = path.join(dir, 'spend.jsonl.reservations.json');
    return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')).reservations as { pid: number; micros: number }[] : [];
  };
  /** The budget's worst case for one call, as `run --dry-run --json` reports it. */
  async function worstCaseUSD(city: string): Promise<number> {
    const r = await cli(['city.prompty', '--var', `city=${city}`, '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout).estimate.maxCostUSD as number;
  }

  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });
  beforeEach(() => {
    server.reset();
    dir = mkdtempSync(path.join(tmpdir(), 'pm-rel-'));
    writeFileSync(path.join(dir, 'city.prompty'), prompty());
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('10 runs with no usage under a budget that fits 2 worst-case calls: at most 2 sent, each recorded at a non-zero estimate', async () => {
    server.script('no-usage', { times: Infinity });
    // Same-length city names: every call has the same worst case.
    const cities = ['Oslo', 'Rome', 'Lima', 'Bern', 'Kyiv', 'Riga', 'Doha', 'Baku', 'Nuuk', 'Apia'];
    const worst = await worstCaseUSD('Oslo');
    assert.ok(worst > 0);
    const budget = { PROMPTMETER_LEDGER: 'spend.jsonl', PROMPTMETER_BUDGET_DAILY_USD: String(worst * 2.5) };
    const outcomes = [];
    for (const city of cities) outcomes.push(await cli(['city.prompty', '--var', `city=${city}`, '--json'], budget));
    assert.ok(chat().length <= 2, `${chat().length} calls were sent`);
    assert.equal(chat().length, 2, 'the budget fits exactly 2 worst-case calls');
    assert.equal(outcomes.filter((o) => o.code === 0).length, 2);
    for (const o of outcomes.filter((x) => x.code !== 0)) assert.match(o.stderr, /Daily budget .* would be exceeded/);
    // Told once per provider and base URL (each CLI run is its own pipeline, so each sending run says it).
    assert.match(outcomes[0]!.stderr, /sent no token usage.*worst case/);
    const sent = ledgerRecords().filter((r) => r.status === 'ok');
    assert.equal(sent.length, 2);
    for (const r of sent) {
      assert.equal(r.usageEstimated, true);
      assert.equal(r.priced, true);
      assert.ok(r.costMicros > 0);
      // The reservation rounds its total up; the cost rounds each part: at most 1 micro apart.
      assert.ok(Math.abs(r.costMicros - worst * 1_000_000) <= 1, `charged ${r.costMicros}, reserved ${worst * 1_000_000}`);
    }
    assert.equal(ledgerRecords().filter((r) => r.status === 'budget-blocked').length, 8);
    // Spend totals include the estimates.
    let out = '';
    const code = await spendCommand(['--json', '--ledger', 'spend.jsonl', '--since', 'all'], { stdout: (t) => { out += t; }, stderr: () => undefined, cwd: dir, env: {} });
    assert.equal(code, 0);
    assert.equal(JSON.parse(out).totalUSD, (sent[0].costMicros + sent[1].costMicros) / 1_000_000);
  });

  it('a SIGKILLed run\'s reservation is released by the next run', async () => {
    server.script('hang');
    const worst = await worstCaseUSD('Oslo');
    const budget = { PROMPTMETER_LEDGER: 'spend.jsonl', PROMPTMETER_BUDGET_DAILY_USD: String(worst * 1.5) };
    // Run from the repository so `--import tsx` resolves; the files are given as absolute paths.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), 'run', path.join(dir, 'city.prompty'), '--var', 'city=Oslo', '--json'], {
      cwd: ROOT, env: { ...process.env, ...env({ ...budget, PROMPTMETER_LEDGER: path.join(dir, 'spend.jsonl') }) }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let childErr = '';
    child.stderr!.on('data', (d) => { childErr += String(d); });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const first = await Promise.race([server.waitForRequests(1).then(() => 'request'), exited.then(() => 'exited')]);
    assert.equal(first, 'request', `the child run ended before calling: ${childErr}`);
    const held = reservations();
    assert.equal(held.length, 1, 'the running call holds a reservation');
    assert.equal(held[0]!.pid, child.pid);
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    // The budget fits one call: it runs only if the killed run's reservation was released.
    const next = await cli(['city.prompty', '--var', 'city=Rome', '--json'], budget);
    assert.equal(next.code, 0, next.stderr);
    assert.equal(chat().length, 2);
    assert.deepEqual(reservations().filter((r) => r.pid === child.pid), [], 'the killed run holds nothing');
  });

  it('a provider that never answers fails in about the first-byte time, with one attempt', async () => {
    server.script('hang', { times: Infinity });
    const t = Date.now();
    const r = await cli(['city.prompty', '--var', 'city=Oslo', '--json'], { PROMPTMETER_FIRST_BYTE_TIMEOUT_MS: '1000' });
    const took = Date.now() - t;
    assert.equal(r.code, 1);
    assert.ok(took >= 900 && took < 4000, `took ${took} ms`);
    assert.match(r.stderr, /no response within 1 s \(first-byte timeout, 1 attempt\)/);
    assert.match(r.stderr, /promptmeter\.request\.firstByteTimeoutMs/);
    assert.equal(chat().length, 1, 'no SDK retries of a hang');
  });

  it('model auto with cascade and fallback fails within the overall deadline, naming it', async () => {
    writeFileSync(path.join(dir, 'city.prompty'), prompty('route: {cheap: gpt-4o-mini, strong: gpt-4o, cascade: true, fallback: [gpt-4.1-mini, gpt-4.1]}\n'));
    server.script('hang', { times: Infinity });
    const t = Date.now();
    const r = await cli(['city.prompty', '--var', 'city=Oslo', '--json', '--model', 'auto'], {
      PROMPTMETER_FIRST_BYTE_TIMEOUT_MS: '1000', PROMPTMETER_DEADLINE_MS: '2500', PROMPTMETER_LEDGER: 'spend.jsonl',
    });
    const took = Date.now() - t;
    assert.equal(r.code, 1);
    assert.ok(took >= 2400 && took < 5000, `took ${took} ms`);
    assert.match(r.stderr, /overall deadline of 2\.5 s/);
    assert.match(r.stderr, /promptmeter\.request\.deadlineMs/);
    // One request per model tried, never the SDK's retries on top.
    const models = chat().map((q) => q.body.model);
    assert.equal(new Set(models).size, models.length, `a model was retried: ${models.join(', ')}`);
    const records = ledgerRecords();
    assert.equal(records.length, 1);
    assert.equal(records[0].status, 'error');
  });

  it('never prints a password from OPENAI_BASE_URL, and says why such a URL cannot be used', async () => {
    const withPassword = server.openaiBaseUrl.replace('http://', 'http://alice:hunter2-secret@');
    const dry = await cli(['city.prompty', '--var', 'city=Oslo', '--dry-run', '--json'], { OPENAI_BASE_URL: withPassword });
    assert.equal(dry.code, 0, dry.stderr);
    assert.doesNotMatch(dry.stdout + dry.stderr, /hunter2/);
    assert.match(JSON.parse(dry.stdout).request.baseUrl, /^http:\/\/\*\*\*@127\.0\.0\.1/);
    const text = await cli(['city.prompty', '--var', 'city=Oslo', '--dry-run'], { OPENAI_BASE_URL: withPassword });
    assert.doesNotMatch(text.stdout + text.stderr, /hunter2|alice/);
    const real = await cli(['city.prompty', '--var', 'city=Oslo', '--json'], { OPENAI_BASE_URL: withPassword });
    assert.equal(real.code, 1);
    assert.match(real.stderr, /OPENAI_BASE_URL .* contains a user name or password/);
    assert.doesNotMatch(real.stderr, /hunter2/);
    assert.equal(chat().length, 0);
  });

  it('reports a Redis failure once on stderr and still answers', async () => {
    const port = await freePort();
    const r = await cli(['city.prompty', '--var', 'city=Oslo', '--json'], { PROMPTMETER_REDIS_URL: `redis://:pw-secret@127.0.0.1:${port}` });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.match(/Redis at .* unavailable/g)?.length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /pw-secret/);
  });
});
