// "Promptmeter: Run Dataset" in a real workbench against the local provider server: a 100-row dataset against three
// models in the comparison view (light and dark), then a provider batch that lands after a window reload.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/workbench.mjs';
import { startProvider } from './provider-process.mjs';
import { openFile, openWorkbench, runCommand, waitForLens } from './workbench-page.mjs';
import { ledgerFile, useWorkbench } from './workbench-suite.mjs';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'eval');
const KEYS = { OPENAI_API_KEY: 'sk-test-e2e-openai-0000000000', ANTHROPIC_API_KEY: 'sk-ant-test-e2e-0000000000' };

async function chooseFirstPicks(page, modeIndex) {
  // Models: the three the frontmatter names are preselected.
  await page.locator('.quick-input-widget', { hasText: 'Models to compare' }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Provider batch' }).waitFor();
  for (let i = 0; i < modeIndex; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}

describe('eval.e2e', function () {
  this.timeout(240_000);
  let provider;
  before(async () => { provider = await startProvider(['--answers', 'shout']); });
  const wb = useWorkbench({
    prefix: 'eval',
    fill: (dir) => cpSync(FIXTURES, dir, { recursive: true }),
    viewport: { width: 1500, height: 950 },
    server: () => ({
      env: { OPENAI_BASE_URL: provider.openaiBaseUrl, ANTHROPIC_BASE_URL: provider.anthropicBaseUrl, ...KEYS },
      settings: { 'promptmeter.confirmAboveUSD': 100, 'promptmeter.batch.pollSeconds': 1, 'editor.minimap.enabled': false, 'workbench.colorTheme': 'Default Dark Modern' },
    }),
  });
  after(async () => { await provider?.stop(); });
  const panel = () => wb.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

  it('runs the dataset against three models: the comparison view agrees with promptmeter eval --json', async () => {
    const { page, server, shot, workspace } = wb;
    await openWorkbench(page, server);
    await openFile(page, 'shout.prompty');
    await waitForLens(page, /▷ Dataset \(100 rows\)/);
    await shot('dataset-lens');
    await runCommand(page, 'Promptmeter: Run Dataset');
    await chooseFirstPicks(page, 0);
    await panel().locator('#cheapest', { hasText: 'gpt-4.1-mini' }).waitFor({ timeout: 90_000 });
    await panel().locator('td.result').first().waitFor();
    await page.locator('.monaco-workbench.vs-dark').waitFor();
    await shot('comparison-dark');
    const cards = await panel().locator('.card').allTextContents();
    assert.equal(cards.length, 3);

    // The CLI over the same prompt and provider (its own cache) must agree with the view.
    const cli = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'eval', 'shout.prompty', '--json'], {
      cwd: workspace, encoding: 'utf8',
      env: { ...process.env, ...KEYS, OPENAI_BASE_URL: provider.openaiBaseUrl, PROMPTMETER_CACHE_DIR: join(workspace, '.cli-cache') },
    });
    const report = JSON.parse(cli.stdout);
    assert.equal(report.cheapestPassing.model, 'gpt-4.1-mini');
    for (const t of report.totals) {
      const card = await panel().locator(`.card[data-model="${t.model}"]`).textContent();
      assert.match(card, new RegExp(`\\(${t.passed}/${t.rows}\\)`), `${t.model} passed ${t.passed}`);
    }

    await panel().locator('td.result[data-model="gpt-4o-mini"]').nth(2).click();
    await panel().locator('#detail-answer', { hasText: 'word-3' }).waitFor();
    await shot('comparison-row-detail');
  });

  it('a provider batch survives a window reload: its results still land in the ledger and the Batches view', async () => {
    const { page, server, shot } = wb;
    await fetch(`${provider.url}/_test/batches/pause`, { method: 'POST' });
    await page.locator('.tab', { hasText: 'shout.prompty' }).first().click();
    await runCommand(page, 'Promptmeter: Run Dataset');
    await chooseFirstPicks(page, 1);
    await page.locator('.notifications-toasts', { hasText: 'batch job(s) submitted' }).waitFor({ timeout: 60_000 });
    assert.equal(provider.requests.filter((r) => r.path.endsWith('/v1/batches') && r.method === 'POST').length, 3);
    await shot('batch-submitted');

    // The reload also switches to the light theme, read from the user settings on start.
    const settingsFile = join(server.dirs.userData, 'User', 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(readFileSync(settingsFile, 'utf8')), 'workbench.colorTheme': 'Default Light Modern' }));
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: /^Promptmeter/ }).first().click();
    const header = page.locator('.pane-header', { hasText: 'Batches' });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    await page.locator('.monaco-list-row', { hasText: /validating|in progress/ }).first().waitFor({ timeout: 60_000 });
    await shot('batch-in-progress-after-reload');
    await fetch(`${provider.url}/_test/batches/resume`, { method: 'POST' });
    // A job shows "landed" only after its records are in the ledger (toasts say "landed" too, so match the row's text).
    await page.locator('.monaco-list-row', { hasText: /landed · 100\/100/ }).nth(2).waitFor({ timeout: 60_000 });
    await shot('batch-landed');

    const records = readFileSync(ledgerFile(server), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const batch = records.filter((r) => r.batch === true);
    assert.equal(batch.length, 300, '100 rows × 3 models, each recorded once');
    assert.ok(batch.every((r) => r.route === 'batch' && r.savedMicros.batch > 0));
    await page.locator('.monaco-list-row', { hasText: 'gpt-4o-mini' }).first().click();
    // The Spend view in the sidebar is a webview too: the results panel is the newest one.
    const results = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
    await results.locator('td.result').first().waitFor();
    assert.match(await results.locator('#cheapest').textContent(), /gpt-4o-mini|No model passed/);
    await page.locator('.monaco-workbench.vs').waitFor();
    await shot('comparison-light');
    assert.ok(existsSync(ledgerFile(server)));
  });
});
