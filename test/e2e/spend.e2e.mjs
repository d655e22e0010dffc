// "Promptmeter: Show Spend" in a real workbench: two runs against the local provider server, the panel opened from
// the palette shows the ledger's totals, and a third run with the panel open updates it live.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { watch } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ROOT } from '../../scripts/lib/workbench.mjs';
import { startProvider } from './provider-process.mjs';
import { openFile, openWorkbench, runCommand, waitForEditorText } from './workbench-page.mjs';
import { ledgerFile, useWorkbench } from './workbench-suite.mjs';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'run', 'hello.prompty');
const OPENAI_KEY = 'sk-test-e2e-openai-0000000000';

async function runPrompt(page, city) {
  await page.locator('.tab[data-resource-name="hello.prompty"]').first().click();
  // The palette lists Run Prompt only once the extension has marked the file a prompt: its Run lens says so.
  await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Run' }).first().waitFor();
  const input = await runCommand(page, 'Promptmeter: Run Prompt');
  await page.locator('.quick-input-widget', { hasText: 'city' }).waitFor();
  await input.fill(city);
  await page.keyboard.press('Enter');
}

/** Waits for the prompt's result tab (one per file, reused) to show run `n` ending with its summary line. */
const waitForRunSummary = (page, n) => waitForEditorText(page, 'hello.prompty · run', new RegExp(`· run ${n}\\n[\\s\\S]*cache: miss`));

/** The ledger's records once it holds `n` (appends are fsynced before the run reports, but wait rather than assume). */
async function ledgerRecords(file, n, timeoutMs = 20_000) {
  const read = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
  let records = read();
  if (records.length >= n) return records;
  mkdirSync(dirname(file), { recursive: true });
  try {
    for await (const _ of watch(dirname(file), { signal: AbortSignal.timeout(timeoutMs) })) {
      records = read();
      if (records.length >= n) return records;
    }
  } catch (e) {
    if (e.name !== 'AbortError') throw e;
  }
  throw new Error(`the ledger ${file} has ${read().length} records, expected ${n}`);
}

/** Resolves once `file` exists. */
async function fileAppears(file, timeoutMs = 20_000) {
  if (existsSync(file)) return;
  try {
    for await (const _ of watch(dirname(file), { signal: AbortSignal.timeout(timeoutMs) })) if (existsSync(file)) return;
  } catch (e) {
    if (e.name !== 'AbortError') throw e;
  }
  throw new Error(`${file} did not appear within ${timeoutMs} ms`);
}

const sumCost = (records) => records.filter((r) => r.priced).reduce((a, r) => a + r.costMicros, 0);

describe('spend.e2e', function () {
  this.timeout(180_000);
  let provider, ledger;
  before(async () => { provider = await startProvider(); });
  const wb = useWorkbench({
    prefix: 'spend',
    fill: (dir) => cpSync(FIXTURE, join(dir, 'hello.prompty')),
    viewport: { width: 1600, height: 1000 },
    server: () => ({
      env: { OPENAI_BASE_URL: provider.openaiBaseUrl, OPENAI_API_KEY: OPENAI_KEY },
      settings: { 'promptmeter.confirmAboveUSD': 100, 'editor.minimap.enabled': false, 'editor.wordWrap': 'on' },
    }),
  });
  before(() => { ledger = ledgerFile(wb.server); });
  after(async () => { await provider?.stop(); }); // after useWorkbench's: the workbench stops first
  const panel = () => wb.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

  it('runs the prompt twice with different inputs: two billed calls in the ledger', async () => {
    const { page, server, shot } = wb;
    await openWorkbench(page, server);
    await openFile(page, 'hello.prompty');
    await runPrompt(page, 'Paris');
    await waitForRunSummary(page, 1);
    await runPrompt(page, 'Rome');
    await waitForRunSummary(page, 2);
    await shot('two-runs');
    const records = await ledgerRecords(ledger, 2);
    assert.deepEqual(records.map((r) => [r.cache, r.status, r.file]), [['miss', 'ok', 'hello.prompty'], ['miss', 'ok', 'hello.prompty']]);
    assert.ok(records.every((r) => r.priced && r.costMicros > 0), 'both calls were billed');
    assert.equal(provider.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 2);
  });

  it('opens Show Spend from the palette: its totals are the ledger\'s', async () => {
    const { page, shot } = wb;
    // A third editor group for the panel (the palette first: a focused webview keeps F1 to itself), so the next run's
    // result, which opens beside the prompt in the second group, leaves the panel visible.
    await page.locator('.tab', { hasText: 'hello.prompty · run' }).first().click();
    await runCommand(page, 'View: Split Editor Right');
    await page.locator('.editor-group-container').nth(2).waitFor();
    await runCommand(page, 'Promptmeter: Show Spend');
    await page.locator('.editor-group-container').nth(2).locator('.tab.active', { hasText: 'Promptmeter Spend' }).waitFor();

    const records = await ledgerRecords(ledger, 2);
    const cost = String(sumCost(records));
    const view = panel();
    for (const card of ['#total-today', '#total-week', '#total-month']) {
      await view.locator(`${card} .amount[data-micros="${cost}"]`).waitFor({ timeout: 30_000 });
      assert.match(await view.locator(card).textContent(), /(?<!\d)2 calls\b/);
    }
    assert.match(await view.locator('#savings p.muted').textContent(), /^2 calls in range, \$0\.\d+\.$/);
    // The extension's HTML carried the skeleton (the page saw it when its script started) and the data replaced it.
    assert.equal(await view.locator('body').getAttribute('data-skeleton'), 'replaced');
    assert.equal(await view.locator('#skeleton').count(), 0);
    assert.equal(await view.locator('table.calls tbody tr').count(), 2);
    assert.deepEqual(await view.locator('table.calls tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.id)),
      [...records].reverse().map((r) => r.id), 'newest first');
    await shot('panel-two-runs');
    // The panel leaves a spend index beside the ledger, so the next open reads only what came after.
    await fileAppears(join(dirname(ledger), 'ledger.index.json'));
  });

  it('a third run with the panel open updates it live', async () => {
    const { page, shot } = wb;
    const view = panel();
    const before = await view.locator('#total-today .amount').getAttribute('data-micros');
    const rendersBefore = Number(await view.locator('body').getAttribute('data-renders'));
    await runPrompt(page, 'Tokyo');
    await waitForRunSummary(page, 3);
    const records = await ledgerRecords(ledger, 3);
    const cost = String(sumCost(records));
    assert.notEqual(cost, before);
    // The panel stayed open in its own group and was not reloaded: the watch delivered the new record.
    await view.locator(`#total-today .amount[data-micros="${cost}"]`).waitFor({ timeout: 30_000 });
    assert.match(await view.locator('#total-today').textContent(), /(?<!\d)3 calls\b/);
    assert.ok(Number(await view.locator('body').getAttribute('data-renders')) > rendersBefore, 'the same page drew again');
    await view.locator('table.calls tbody tr').nth(2).waitFor();
    assert.equal(await view.locator('table.calls tbody tr').first().getAttribute('data-id'), records[2].id);
    await shot('panel-third-run-live');
  });

  it('a call the provider refuses shows up as an error row with its message, the key redacted', async () => {
    const { page, shot } = wb;
    const view = panel();
    // The provider server answers 401 to a request carrying this marker, echoing the key as OpenAI does.
    await runPrompt(page, 'Oslo [[fault:401]]');
    await waitForEditorText(page, 'hello.prompty · run', /· run 4\n[\s\S]*error:/);
    const records = await ledgerRecords(ledger, 4);
    assert.equal(records[3].status, 'error');
    const row = view.locator(`table.calls tbody tr[data-id="${records[3].id}"]`);
    await row.waitFor({ timeout: 30_000 });
    assert.equal(await row.getAttribute('data-status'), 'error');
    const message = await row.locator('.call-error').textContent();
    assert.match(message, /rejected the API key \(HTTP 401\)/);
    assert.equal(message, records[3].error, 'the ledger\'s message, as recorded');
    assert.doesNotMatch(message, /sk-test/);
    // The error toast sits over the panel's corner: close it, then bring the message (last column) into view.
    const toast = page.locator('.notification-toast', { hasText: 'rejected the API key' });
    await toast.hover();
    await toast.locator('.codicon-notifications-clear').click();
    await toast.waitFor({ state: 'hidden' });
    await row.locator('.call-error').scrollIntoViewIfNeeded();
    assert.ok(await row.locator('.call-error').isVisible());
    await shot('panel-error-row');
  });
});
