// "Promptmeter: Run Prompt" in a real workbench against the local provider server: a streamed answer with a
// cache-miss summary, then the same run served from the memory cache at $0 with no new provider request.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT, launchBrowser, startWorkbench } from '../../scripts/lib/workbench.mjs';
import { RESULTS, openFile, openWorkbench } from './workbench-page.mjs';

const VSIX = join(ROOT, 'dist', 'promptmeter.vsix');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'run', 'hello.prompty');
// Key-shaped so redaction patterns apply; the local server accepts anything.
const OPENAI_KEY = 'sk-test-e2e-openai-0000000000';
const ANTHROPIC_KEY = 'sk-ant-test-e2e-0000000000';

/** The provider server in its own process; `requests` counts what it received (from its request log). */
async function startProvider() {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'e2e', 'run-provider.mjs')], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events = new EventEmitter();
  const provider = { child, requests: [], events, stop: () => stopProcess(child) };
  const lines = createInterface({ input: child.stdout });
  const started = new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`provider server exited early (${code})`)));
    lines.on('line', (line) => {
      const msg = JSON.parse(line);
      if (msg.url) resolve(msg);
      if (msg.request) { provider.requests.push(msg.request); events.emit('request', msg.request); }
    });
  });
  try {
    Object.assign(provider, await started);
  } catch (e) {
    await provider.stop();
    throw e;
  }
  return provider;
}

async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  await exited;
}

/** Numbered screenshots named run-NN-<step>.png. */
function runShots(page) {
  mkdirSync(RESULTS, { recursive: true });
  // Run alone (not through scripts/e2e.mjs, which empties the folder), the last run's shots would linger.
  for (const f of readdirSync(RESULTS)) if (/^run-\d\d-.*\.png$/.test(f)) rmSync(join(RESULTS, f));
  let n = 0;
  return (name) => page.screenshot({ path: join(RESULTS, `run-${String(++n).padStart(2, '0')}-${name}.png`) });
}

/** Text of the editor whose active tab contains `tab`, runs of spaces collapsed (Monaco renders them as nbsp). */
async function waitForEditorText(page, tab, pattern, timeout = 60_000) {
  const source = pattern.source;
  try {
    const handle = await page.waitForFunction(([tabTitle, src]) => {
      for (const group of document.querySelectorAll('.editor-group-container')) {
        const active = group.querySelector('.tab.active');
        if (!active?.textContent?.includes(tabTitle)) continue;
        const text = [...group.querySelectorAll('.monaco-editor .view-line')]
          .map((l) => ({ top: parseFloat(l.style.top) || 0, text: (l.textContent ?? '').replace(/[\s\u00a0]+/g, ' ') }))
          .sort((a, b) => a.top - b.top).map((l) => l.text).join('\n');
        if (new RegExp(src).test(text)) return text;
      }
      return false;
    }, [tab, source], { timeout });
    return await handle.jsonValue();
  } catch (e) {
    const seen = await page.locator('.editor-group-container .monaco-editor .view-lines').allTextContents().catch(() => []);
    throw new Error(`no editor "${tab}" showing /${source}/ within ${timeout} ms; editors show: ${JSON.stringify(seen)}`, { cause: e });
  }
}

async function runFromPalette(page, city) {
  // The palette lists the command only once the extension has marked the file a prompt: its Run lens says so.
  await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Run' }).first().waitFor();
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor();
  await input.fill('>Promptmeter: Run Prompt');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Promptmeter: Run Prompt' }).first().waitFor();
  await page.keyboard.press('Enter');
  // The only input without a frontmatter default.
  await page.locator('.quick-input-widget', { hasText: 'input 1 of 1' }).waitFor();
  await page.locator('.quick-input-widget', { hasText: 'city' }).waitFor();
  await input.fill(city);
  await page.keyboard.press('Enter');
}

describe('run.e2e', function () {
  this.timeout(180_000);
  let workspace, provider, server, browser, page, shot;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'promptmeter-run-e2e-'));
    cpSync(FIXTURE, join(workspace, 'hello.prompty'));
    provider = await startProvider();
    server = await startWorkbench({
      folder: workspace,
      vsix: VSIX,
      env: {
        OPENAI_BASE_URL: provider.openaiBaseUrl, OPENAI_API_KEY: OPENAI_KEY,
        ANTHROPIC_BASE_URL: provider.anthropicBaseUrl, ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      },
      settings: { 'promptmeter.confirmAboveUSD': 100, 'editor.minimap.enabled': false, 'editor.wordWrap': 'on' },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    shot = runShots(page);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    await provider?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
  });

  it('runs hello.prompty: the answer streams into an editor beside it, ending with a cache-miss summary', async () => {
    await openWorkbench(page, server);
    await openFile(page, 'hello.prompty');
    await shot('prompt-open');
    await runFromPalette(page, 'Paris');

    const text = await waitForEditorText(page, 'run 1', /cache: miss/);
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

  it('runs it again: served from the memory cache at $0, and the server receives no request', async () => {
    const before = provider.requests.length;
    await page.locator('.tab[data-resource-name="hello.prompty"]').click();
    await runFromPalette(page, 'Paris');

    const text = await waitForEditorText(page, 'run 2', /cache: hit \(memory\)/);
    await shot('second-run-hit');
    assert.match(text, /Answer to: Say hello to Paris\./);
    assert.match(text, /cost: \$0(?!\.)/);
    assert.match(text, /saved: \$0\.\d*[1-9]\S* \(exact cache\)/, 'the hit saved what the first call cost');
    assert.equal(provider.requests.length, before, `no new provider request, got ${JSON.stringify(provider.requests.slice(before))}`);
  });

  it('recorded both calls in the spend ledger under global storage, without the key', () => {
    const file = join(server.dirs.userData, 'User', 'globalStorage', 'promptmeter.promptmeter', 'ledger.jsonl');
    const raw = readFileSync(file, 'utf8');
    assert.doesNotMatch(raw, /sk-test|sk-ant/);
    const records = raw.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(records.map((r) => [r.cache, r.status, r.file]), [['miss', 'ok', 'hello.prompty'], ['memory', 'ok', 'hello.prompty']]);
    assert.ok(records[0].costMicros > 0);
    assert.equal(records[1].costMicros, 0);
    assert.equal(records[1].savedMicros.exactCache, records[0].costMicros);
  });

  it('left the key nowhere in the workbench state: logs, the Promptmeter output channel, storage, caches', () => {
    const files = walk(server.dirs.base);
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
