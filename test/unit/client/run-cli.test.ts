import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cacheDir, runCommand } from '../../../src/cli/run';
import { runCli } from '../../support/cliIo';
import { startProviderServer, type ProviderServer } from '../../support/providerServer';

const KEY = 'sk-cli-SECRET-abcdef';
const PROMPTY = `---
name: city
model:
  api: chat
  configuration: {type: openai, name: gpt-4o-mini}
  parameters: {max_tokens: 50, temperature: 0}
inputs:
  city: {type: string}
---
system:
Be brief.

user:
Tell me about {{city}}.
`;

describe('promptmeter run (CLI, test provider server)', () => {
  let server: ProviderServer;
  let dir: string;
  const chat = () => server.requestsTo('/chat/completions');

  async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
    return runCli(runCommand, args, dir,
      { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.openaiBaseUrl, PROMPTMETER_CACHE_DIR: path.join(dir, 'cache'), PROMPTMETER_CONFIG_DIR: path.join(dir, 'config'), ...env });
  }

  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });
  beforeEach(() => {
    server.reset();
    dir = mkdtempSync(path.join(tmpdir(), 'pm-cli-'));
    writeFileSync(path.join(dir, 'city.prompty'), PROMPTY);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('enforces PROMPTMETER_BUDGET_* before the call, with --allow-over-budget to pass once', async () => {
    const env = { PROMPTMETER_LEDGER: 'spend.jsonl', PROMPTMETER_BUDGET_PER_CALL_USD: '0.000001' };
    const blocked = await cli(['city.prompty', '--var', 'city=Oslo', '--json'], env);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /budget/i);
    assert.doesNotMatch(blocked.stderr, /\n\s+at /);
    assert.equal(chat().length, 0, 'nothing sent');
    const allowed = await cli(['city.prompty', '--var', 'city=Oslo', '--json', '--allow-over-budget'], env);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(chat().length, 1);
    const statuses = readFileSync(path.join(dir, 'spend.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).status);
    assert.deepEqual(statuses, ['budget-blocked', 'ok']);
    const noLedger = await cli(['city.prompty', '--var', 'city=Oslo'], { PROMPTMETER_BUDGET_DAILY_USD: '1' });
    assert.equal(noLedger.code, 2);
    assert.match(noLedger.stderr, /needs the spend ledger/);
  });

  it('enforces PROMPTMETER_BUDGET_WEEKLY_USD, and rejects a value that is not a number', async () => {
    const blocked = await cli(['city.prompty', '--var', 'city=Oslo'], { PROMPTMETER_LEDGER: 'spend.jsonl', PROMPTMETER_BUDGET_WEEKLY_USD: '0.000001' });
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /Weekly budget \$[\d.]+ would be exceeded/);
    assert.equal(chat().length, 0, 'nothing sent');
    const bad = await cli(['city.prompty', '--var', 'city=Oslo'], { PROMPTMETER_LEDGER: 'spend.jsonl', PROMPTMETER_BUDGET_WEEKLY_USD: 'ten' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /PROMPTMETER_BUDGET_WEEKLY_USD must be a number of USD/);
  });

  it('--json prints exactly one object, and a second run is a disk cache hit with no request', async () => {
    const first = await cli(['city.prompty', '--var', 'city=Oslo', '--json']);
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const out = JSON.parse(lines[0]);
    assert.deepEqual(Object.keys(out), ['model', 'route', 'cache', 'cacheSkip', 'usage', 'costUSD', 'savedUSD', 'text']);
    assert.equal(out.cache, 'miss');
    assert.equal(out.cacheSkip, null, 'temperature 0: stored for the next run, nothing skipped');
    assert.equal(out.route, 'direct');
    assert.ok(out.costUSD > 0);
    assert.match(chat()[0].body.messages[1].content, /Tell me about Oslo\./);
    const second = JSON.parse((await cli(['city.prompty', '--var', 'city=Oslo', '--json'])).stdout);
    assert.equal(second.cache, 'disk');
    assert.equal(second.costUSD, 0);
    assert.ok(second.savedUSD > 0);
    assert.equal(second.text, out.text);
    assert.equal(chat().length, 1);
    const files = readdirSync(path.join(dir, 'cache', 'exact'));
    assert.ok(files.length === 1 && !readFileSync(path.join(dir, 'cache', 'exact', files[0]), 'utf8').includes(KEY));
  });

  it('streams the answer as text and puts the summary on stderr', async () => {
    const r = await cli(['city.prompty', '--var', 'city=Rome']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Rome/);
    assert.match(r.stderr, /gpt-4o-mini · direct · cache: miss \(stored for the next run\) · cost: \$0\.\d+/);
    assert.equal(chat()[0].body.stream, true);
  });

  it('--dry-run renders the request and estimate without calling', async () => {
    const r = await cli(['city.prompty', '--var', 'city=Lima', '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.request.messages[1].content, 'Tell me about Lima.');
    assert.equal(out.request.model, 'gpt-4o-mini');
    assert.ok(out.estimate.inputTokens > 0 && out.estimate.maxCostUSD > 0);
    const text = await cli(['city.prompty', '--var', 'city=Lima', '--dry-run', '--model', 'gpt-4o']);
    assert.match(text.stdout, /"model": "gpt-4o"/);
    assert.match(text.stdout, /Estimate: \d+ input tokens, up to 50 output tokens, at most \$/);
    assert.equal(server.requests.length, 0);
  });

  it('renders a missing input empty with a warning, as Prompty does, instead of stopping', async () => {
    const r = await cli(['city.prompty', '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: input 'city' has no value/);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.rendered.warnings.length, 1);
    assert.doesNotMatch(JSON.stringify(out.request.messages), /\{\{/);
  });

  it('takes typed values from --input FILE, with --var over them', async () => {
    writeFileSync(path.join(dir, 'in.json'), JSON.stringify({ city: 'Quito', extra: [1, 2] }));
    const r = JSON.parse((await cli(['city.prompty', '--input', 'in.json', '--dry-run', '--json'])).stdout);
    assert.match(JSON.stringify(r.request.messages), /Quito/);
    const over = JSON.parse((await cli(['city.prompty', '--input', 'in.json', '--var', 'city=Cusco', '--dry-run', '--json'])).stdout);
    assert.match(JSON.stringify(over.request.messages), /Cusco/);
    assert.doesNotMatch(JSON.stringify(over.request.messages), /Quito/);
  });

  it('--json says why a call at temperature 0.2 was not cached, and the second run calls the provider again', async () => {
    writeFileSync(path.join(dir, 'warm.prompty'), PROMPTY.replace('temperature: 0}', 'temperature: 0.2}'));
    const runs = [];
    for (let i = 0; i < 2; i++) runs.push(JSON.parse((await cli(['warm.prompty', '--var', 'city=Quito', '--json'])).stdout));
    for (const out of runs) {
      assert.equal(out.cache, 'miss');
      assert.equal(out.cacheSkip, 'temperature 0.2; set temperature 0 or promptmeter.cache.nonDeterministic');
    }
    assert.equal(chat().length, 2);
    const text = await cli(['warm.prompty', '--var', 'city=Quito']);
    assert.match(text.stderr, /cache: not cached: temperature 0\.2; set temperature 0 or promptmeter\.cache\.nonDeterministic/);
  });

  it('exits 2 on usage errors with a message', async () => {
    writeFileSync(path.join(dir, 'list.json'), '[1, 2]');
    for (const [args, msg] of [
      [['city.prompty', '--input', 'none.json'], /cannot read --input none\.json/],
      [['city.prompty', '--input', 'list.json'], /must hold a JSON object/],
      [['city.prompty', '--var', 'oops'], /name=value/],
      [['city.prompty', '--bogus'], /unknown option --bogus/],
      [[], /exactly one prompt file/],
      [['nope.prompty'], /cannot read nope\.prompty/],
    ] as const) {
      const r = await cli([...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, msg);
      assert.match(r.stderr, /Usage: promptmeter run/);
    }
    writeFileSync(path.join(dir, 'nomodel.prompt.txt'), 'Hello');
    const r = await cli(['nomodel.prompt.txt']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no model/);
  });

  it('exits 1 with a clear message and no stack when the provider keeps failing', async () => {
    server.script('500', { times: 3 });
    const r = await cli(['city.prompty', '--var', 'city=Bern', '--json']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^promptmeter run: .*server error \(HTTP 500\)/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.equal(r.stdout, '');
    assert.equal(chat().length, 3);
  });

  it('exits 1 naming the variable to set when no API key is given', async () => {
    const r = await cli(['city.prompty', '--var', 'city=Bern', '--json'], { OPENAI_API_KEY: '' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /OPENAI_API_KEY/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.equal(r.stdout, '');
    assert.equal(chat().length, 0);
  });

  it('--ledger records the call', async () => {
    const r = await cli(['city.prompty', '--var', 'city=Kyiv', '--json', '--ledger', 'spend.jsonl']);
    assert.equal(r.code, 0, r.stderr);
    const records = readFileSync(path.join(dir, 'spend.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(records.length, 1);
    assert.equal(records[0].model, 'gpt-4o-mini');
    assert.equal(records[0].file, 'city.prompty');
  });

  it('puts the disk cache under PROMPTMETER_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache', () => {
    assert.equal(cacheDir({ PROMPTMETER_CACHE_DIR: '/x', XDG_CACHE_HOME: '/y' }), '/x');
    assert.equal(cacheDir({ XDG_CACHE_HOME: '/y' }), path.join('/y', 'promptmeter'));
    assert.equal(cacheDir({ HOME: '/home/u' }), path.join('/home/u', '.cache', 'promptmeter'));
  });
});
