// "Promptmeter: Run Prompt" in a real workbench against the local provider server: a streamed answer with a
// cache-miss summary, then the same run served from the memory cache at $0 with no new provider request.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { ROOT } from '../../scripts/lib/workbench.mjs';
import { startProvider } from './provider-process.mjs';
import { openFile, openWorkbench, runCommand, waitForEditorText } from './workbench-page.mjs';
import { ledgerFile, useWorkbench } from './workbench-suite.mjs';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'run', 'hello.prompty');
// Key-shaped so redaction patterns apply; the local server accepts anything.
const OPENAI_KEY = 'sk-test-e2e-openai-0000000000';
const ANTHROPIC_KEY = 'sk-ant-test-e2e-0000000000';
// The provider server answers 401 to a request whose prompt carries this marker, echoing the key as Anthropic does.
const REFUSED = `---
model:
  id: claude-haiku-4-5
  provider: anthropic
  options:
    temperature: 0
    maxOutputTokens: 20
---
user:
Say hello. [[fault:401]]
`;

async function runFromPalette(page, city) {
  // The palette lists the command only once the extension has marked the file a prompt: its Run lens says so.
  await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Run' }).first().waitFor();
  const input = await runCommand(page, 'Promptmeter: Run Prompt');
  await answerCity(page, input, city);
}

/** Answers the only input without a frontmatter default; `city` undefined: accept what the box already holds. */
async function answerCity(page, input, city) {
  await page.locator('.quick-input-widget', { hasText: 'input 1 of 1' }).waitFor();
  await page.locator('.quick-input-widget', { hasText: 'city' }).waitFor();
  if (city !== undefined) await input.fill(city);
  await page.keyboard.press('Enter');
}

/** The result tab of a prompt file: one per file, reused by every run of it; its header names the run. */
const resultTab = (file) => `${file} · run`;
const runText = (n, re) => new RegExp(`· run ${n}\\n[\\s\\S]*${re.source}`);

describe('run.e2e', function () {
  this.timeout(180_000);
  let provider;
  before(async () => { provider = await startProvider(); });
  const wb = useWorkbench({
    prefix: 'run',
    fill: (dir) => {
      cpSync(FIXTURE, join(dir, 'hello.prompty'));
      cpSync(join(ROOT, 'examples', 'support.prompty'), join(dir, 'support.prompty'));
      writeFileSync(join(dir, 'refused.prompty'), REFUSED);
    },
    viewport: { width: 1500, height: 900 },
    server: () => ({
      env: {
        OPENAI_BASE_URL: provider.openaiBaseUrl, OPENAI_API_KEY: OPENAI_KEY,
        ANTHROPIC_BASE_URL: provider.anthropicBaseUrl, ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      },
      settings: { 'promptmeter.confirmAboveUSD': 100, 'editor.minimap.enabled': false, 'editor.wordWrap': 'on' },
    }),
  });
  after(async () => { await provider?.stop(); }); // after useWorkbench's: the workbench stops first

  it('runs hello.prompty: the answer streams into an editor beside it, ending with a cache-miss summary', async () => {
    const { page, server, shot } = wb;
    await openWorkbench(page, server);
    await openFile(page, 'hello.prompty');
    await shot('prompt-open');
    await runFromPalette(page, 'Paris');

    const text = await waitForEditorText(page, resultTab('hello.prompty'), runText(1, /cache: miss/));
    await shot('first-run-miss');
    assert.match(text, /Answer to: Say hello to Paris\./, 'the streamed answer');
    assert.match(text, /model: gpt-4o-mini/);
    assert.match(text, /route: direct/);
    assert.match(text, /tokens: [\d,]+ input \/ 0 cached \/ [1-9][\d,]* output/);
    assert.match(text, /cost: \$0\.\d*[1-9]/, 'a non-zero cost');
    assert.doesNotMatch(text, /sk-test|sk-ant/, 'no key in the document');
    const chats = provider.requests.filter((r) => r.path.endsWith('/chat/completions'));
    assert.equal(chats.length, 1, `one provider request, got ${JSON.stringify(provider.requests)}`);
    // The prompt keeps the focus: the result opened beside it without taking it.
    assert.ok(await page.locator('.editor-group-container .tab.active', { hasText: 'hello.prompty' }).count() >= 1);
  });

  it('runs it again: the input box remembers Paris, the answer comes from the memory cache at $0 into the same tab', async () => {
    const { page, shot } = wb;
    const before = provider.requests.length;
    await page.locator('.tab[data-resource-name="hello.prompty"]').click();
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Run' }).first().waitFor();
    const input = await runCommand(page, 'Promptmeter: Run Prompt');
    await page.locator('.quick-input-widget', { hasText: 'input 1 of 1' }).waitFor();
    assert.equal(await input.inputValue(), 'Paris', 'the box starts from the last value given for this file and input');
    await shot('input-remembered');
    await answerCity(page, input);

    const text = await waitForEditorText(page, resultTab('hello.prompty'), runText(2, /cache: hit \(memory\)/));
    await shot('second-run-hit');
    assert.equal(await page.locator('.tab', { hasText: resultTab('hello.prompty') }).count(), 1, 'the result tab was reused, not opened again');
    assert.match(text, /Answer to: Say hello to Paris\./);
    assert.match(text, /cost: \$0\.00(?!\d)/);
    assert.match(text, /saved: \$0\.\d*[1-9]\S* \(exact cache\)/, 'the hit saved what the first call cost');
    assert.equal(provider.requests.length, before, `no new provider request, got ${JSON.stringify(provider.requests.slice(before))}`);
  });

  it('Run Again in the result tab\'s title runs the prompt file once more into the same tab', async () => {
    const { page, shot } = wb;
    const group = page.locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: resultTab('hello.prompty') }) });
    await group.locator('.tab.active').click();
    await group.locator('.editor-actions .action-label[aria-label*="Run Again"]').click();
    await answerCity(page, page.locator('.quick-input-widget input[type="text"]'));
    await waitForEditorText(page, resultTab('hello.prompty'), runText(3, /cache: hit \(memory\)/));
    await shot('run-again');
    assert.equal(await page.locator('.tab', { hasText: resultTab('hello.prompty') }).count(), 1);
  });

  it('runs the shipped examples/support.prompty twice: the second run is a cache hit (issue 8, scope 7)', async () => {
    const { page, shot } = wb;
    await openFile(page, 'support.prompty');
    const runShipped = async () => {
      await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Run' }).first().waitFor();
      await runCommand(page, 'Promptmeter: Run Prompt'); // every input has a default: nothing to ask
    };
    await runShipped();
    const first = await waitForEditorText(page, resultTab('support.prompty'), runText(1, /cache: (miss|not cached)[^\n]*/));
    assert.match(first, /cache: miss \(stored for the next run\)/, `the first run is stored, not skipped: ${first.match(/cache: .*/)?.[0]}`);
    const before = provider.requests.length;
    await page.locator('.tab[data-resource-name="support.prompty"]').click();
    await runShipped();
    const second = await waitForEditorText(page, resultTab('support.prompty'), runText(2, /cache: hit \(memory\)/));
    await shot('support-second-run-hit');
    assert.match(second, /saved: \$0\.\d*[1-9]/);
    assert.equal(provider.requests.length, before, 'the second run sent nothing');
  });

  it('a 401 from Anthropic offers Set API Key, which asks for the Anthropic key at once (no provider pick)', async () => {
    const { page, shot } = wb;
    await openFile(page, 'refused.prompty');
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Run' }).first().waitFor();
    await runCommand(page, 'Promptmeter: Run Prompt');
    const toast = page.locator('.notification-toast', { hasText: 'rejected the API key' });
    await toast.waitFor({ timeout: 60_000 });
    assert.doesNotMatch(await toast.textContent(), /sk-ant/, 'the echoed key is redacted');
    await toast.locator('.monaco-button', { hasText: 'Set API Key' }).click();
    const box = page.locator('.quick-input-widget', { hasText: 'Anthropic API key' });
    await box.waitFor();
    assert.equal(await page.locator('.quick-input-widget', { hasText: 'Which provider?' }).count(), 0, 'no provider pick');
    assert.equal(await box.locator('input[type="password"]').count(), 1, 'the key box is a password box');
    await shot('set-key-preselected');
    await page.keyboard.press('Escape');
    await box.waitFor({ state: 'hidden' });
  });

  it('recorded the calls in the spend ledger under global storage, without the key', () => {
    const raw = readFileSync(ledgerFile(wb.server), 'utf8');
    assert.doesNotMatch(raw, /sk-test|sk-ant/);
    const records = raw.trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.file === 'hello.prompty');
    assert.deepEqual(records.map((r) => [r.cache, r.status, r.file]),
      [['miss', 'ok', 'hello.prompty'], ['memory', 'ok', 'hello.prompty'], ['memory', 'ok', 'hello.prompty']]);
    assert.ok(records[0].costMicros > 0);
    assert.equal(records[1].costMicros, 0);
    assert.equal(records[1].savedMicros.exactCache, records[0].costMicros);
  });

  it('left the key nowhere in the workbench state: logs, the Promptmeter output channel, storage, caches', () => {
    const files = walk(wb.server.dirs.base);
    const outputChannel = files.filter((f) => /Promptmeter\.log$/.test(f) && readFileSync(f, 'utf8').includes('Activated in'));
    assert.ok(outputChannel.length > 0, 'found the Promptmeter output channel log to search');
    for (const f of files) {
      const text = readFileSync(f, 'latin1');
      assert.ok(!text.includes(OPENAI_KEY) && !text.includes(ANTHROPIC_KEY), `the key leaked into ${f}`);
    }
  });
});

/** Every regular file under `dir` below 20 MB (the extensions folder holds only the installed VSIX). */
function walk(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath ?? d.path, d.name))
    .filter((f) => !f.includes(`${sep}extensions${sep}`) && statSync(f).size < 20 * 1024 * 1024);
}
