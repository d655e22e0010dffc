// `promptmeter count --exact` against the local provider server, with the real SDKs.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli';
import type { CliIO } from '../../../src/cli/io';
import { ProviderServer } from '../../support/providerServer';

const KEY = 'sk-ant-test-cli-exact-0123456789abcdef';
const PROMPT = `---
model:
  id: claude-haiku-4-5
---
system:
You sort mail.

user:
Sort this letter.
`;

describe('promptmeter count --exact', () => {
  let server: ProviderServer;
  let dir: string;
  const cli = async (args: string[], env: NodeJS.ProcessEnv) => {
    let out = '', err = '';
    const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: dir, env };
    const code = await main(args, io);
    return { code, out, err };
  };
  const env = () => ({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.anthropicBaseUrl, PROMPTMETER_CACHE_DIR: join(dir, 'cache') });

  before(async () => { server = await ProviderServer.start(); });
  after(async () => { await server.close(); });
  beforeEach(() => {
    server.reset();
    dir = mkdtempSync(join(tmpdir(), 'pm-cli-exact-'));
    writeFileSync(join(dir, 'mail.prompty'), PROMPT);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the provider\'s count without ≈, then serves the same request from the disk cache', async () => {
    server.counts.answer('anthropic', 612, 1);
    const first = await cli(['count', '--exact', '--json', 'mail.prompty'], env());
    assert.equal(first.code, 0, first.err);
    const f = JSON.parse(first.out).files[0];
    assert.equal(f.inputTokens, 612);
    assert.equal(f.estimated, false);
    assert.equal(f.exact.source, 'provider');
    assert.ok(f.exact.estimateTokens > 0 && f.exact.estimateTokens !== 612);
    const table = await cli(['count', '--exact', 'mail.prompty'], env());
    assert.match(table.out, /\s612\s/);
    assert.doesNotMatch(table.out, /≈/);
    assert.equal(server.counts.requests('anthropic').length, 1, 'the second count asked the provider again');
    for (const name of ['count-cache.json', 'calibration.json']) {
      assert.ok(!readFileSync(join(dir, 'cache', name), 'utf8').includes(KEY), `${name} holds the key`);
    }
  });

  it('keeps the estimate and says why when there is no key', async () => {
    const r = await cli(['count', '--exact', '--json', 'mail.prompty'], { ...env(), ANTHROPIC_API_KEY: '' });
    assert.equal(r.code, 0);
    const f = JSON.parse(r.out).files[0];
    assert.equal(f.estimated, true);
    assert.equal(f.exact, undefined);
    assert.match(r.err, /mail\.prompty: no exact count, keeping the estimate: no Anthropic API key/);
    assert.equal(server.counts.requests().length, 0);
  });

  it('keeps the estimate on a 429', async () => {
    server.counts.fail('anthropic', 429);
    const r = await cli(['count', '--exact', '--json', 'mail.prompty'], env());
    assert.equal(JSON.parse(r.out).files[0].estimated, true, r.out + r.err + JSON.stringify(server.counts.requests()));
    assert.match(r.err, /rate limited by the provider \(429\)/);
  });

  it('calibrates against the local count of the rendered request, not the template (defaults, --var and partials)', async () => {
    // A long default: the template's "{{question}}" and the rendered question differ by many tokens.
    const question = 'Please explain, step by step and with one worked example each, why the sky looks blue at noon and red at dusk.';
    writeFileSync(join(dir, 'teach.prompt'), [
      '---', 'model: anthropic/claude-haiku-4-5', 'input:', '  schema:', '    question: string', '    level?: string', '  default:',
      `    question: ${JSON.stringify(question)}`, '    level: beginner', '---',
      '{{role "system"}}', '{{> tone}}', '{{role "user"}}', '{{question}} (level: {{level}})', '',
    ].join('\n'));
    writeFileSync(join(dir, '_tone.prompt'), 'Answer kindly and briefly.');
    server.counts.answer('anthropic', 700, 1);
    const r = await cli(['count', '--exact', '--json', '--var', 'level=expert', 'teach.prompt'], env());
    assert.equal(r.code, 0, r.err);
    const f = JSON.parse(r.out).files[0];
    const estimate = await cli(['count', '--json', '--var', 'level=expert', 'teach.prompt'], env());
    const local = JSON.parse(estimate.out).files[0];
    assert.ok(local.rendered && local.rendered.inputTokens > local.inputTokens + 10, JSON.stringify(local));
    assert.equal(f.exact.estimateTokens, local.rendered.inputTokens, 'the estimate beside the exact figure is the rendered one');
    const row = Object.values(JSON.parse(readFileSync(join(dir, 'cache', 'calibration.json'), 'utf8')) as Record<string, { ratio: number; estimate: number; exact: number }>)[0];
    assert.equal(row.exact, 700);
    assert.equal(row.estimate, local.rendered.inputTokens);
    assert.equal(row.ratio, 700 / local.rendered.inputTokens);
    // What was counted is what run sends: the partial, the default and the --var value, rendered.
    const sent = server.counts.requests('anthropic')[0]!.body as { system: { text: string }[]; messages: { content: string }[] };
    assert.match(JSON.stringify(sent.system), /Answer kindly and briefly\./);
    assert.equal(sent.messages[0]!.content.trim(), `${question} (level: expert)`);
  });
});
