// The spend page in a real Chromium: built by esbuild.mjs, served over 127.0.0.1, fed a snapshot of a generated ledger.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT, launchBrowser } from '../../scripts/lib/workbench.mjs';
import { openPanel, startPanelServer } from './panelHarness.mjs';

const OUT = join(ROOT, 'test-results', 'panel');

/** Bundles the TypeScript fixture for Node so this plain ESM suite can use the generator and the aggregation. */
export async function loadFixture() {
  mkdirSync(OUT, { recursive: true });
  const outfile = join(OUT, 'fixture.mjs');
  await esbuild.build({ entryPoints: [join(ROOT, 'test/e2e/panelFixture.ts')], outfile, bundle: true, platform: 'node',
    format: 'esm', packages: 'external', logLevel: 'warning' });
  return import(`${outfile}?t=${Date.now()}`);
}

describe('spend panel page (Chromium)', function () {
  this.timeout(120_000);
  let fixture, snapshot, server, browser, page;
  const errors = [];

  before(async () => {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `node esbuild.mjs failed:\n${build.stderr}`);
    fixture = await loadFixture();
    snapshot = fixture.panelSnapshot();
    server = await startPanelServer(ROOT, snapshot, { placeholder: fixture.spendSkeleton });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await openPanel(page, server.url('vscode-light'));
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await page.screenshot({ path: join(OUT, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`), fullPage: true });
  });

  const posted = () => page.evaluate(() => window.__posted);

  it('sends ready first, with no CSP violations or page errors', async () => {
    assert.equal((await posted())[0].type, 'ready');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
  });

  it('shows the snapshot\'s totals, budgets and savings', async () => {
    const { usd } = fixture;
    assert.equal(await page.locator('#total-today .amount').textContent(), usd(snapshot.totals.today.costMicros));
    assert.equal(await page.locator('#total-week .amount').textContent(), usd(snapshot.totals.week.costMicros));
    assert.equal(await page.locator('#total-month .amount').textContent(), usd(snapshot.totals.month.costMicros));
    assert.equal(await page.locator('#total-today progress').getAttribute('max'), String(snapshot.totals.today.budgetMicros));
    assert.match(await page.locator('#total-week').getAttribute('class'), /over/, 'the week is over its budget in this fixture');
    assert.equal(await page.locator('#total-week progress').getAttribute('max'), String(snapshot.totals.week.budgetMicros), 'the weekly budget');
    const saved = Object.values(snapshot.savedMicros).reduce((a, b) => a + b, 0);
    assert.equal(await page.locator('#saved-total').textContent(), usd(saved));
    assert.equal(await page.locator('dd[data-technique="providerCache"]').textContent(), usd(snapshot.savedMicros.providerCache));
    assert.equal(await page.locator('#insights ol li').count(), snapshot.insights.costliestFiles.length);
    assert.match(await page.locator('#insights').textContent(), /quality not checked/);
  });

  it('draws the three charts', async () => {
    const inked = await page.evaluate(() => [...document.querySelectorAll('canvas')].map((c) => {
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return { id: c.id, width: c.width, inked: n };
    }));
    assert.deepEqual(inked.map((c) => c.id), ['chart-spendOverTime', 'chart-spendByFile', 'chart-cacheHitRate']);
    for (const c of inked) assert.ok(c.width > 100 && c.inked > 2000, `${c.id} looks empty: ${JSON.stringify(c)}`);
  });

  const rowIds = () => page.locator('table.calls tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.id));

  it('sorts the recent calls by a clicked header, and says so with aria-sort', async () => {
    const before = await rowIds();
    assert.equal(before.length, snapshot.recent.length);
    assert.deepEqual(before, snapshot.recent.map((c) => c.id), 'newest first by default');
    const costHeader = page.locator('th', { has: page.locator('button[data-key="cost"]') });
    await costHeader.locator('button').click();
    await page.waitForSelector('th[aria-sort="descending"] button[data-key="cost"]');
    const byCost = await rowIds();
    assert.notDeepEqual(byCost, before);
    const cost = new Map(snapshot.recent.map((c) => [c.id, c.priced ? c.costMicros : -1]));
    assert.ok(byCost.every((id, i) => i === 0 || cost.get(byCost[i - 1]) >= cost.get(id)), 'descending by cost');
    assert.equal(await page.locator('th[aria-sort="none"]').count(), 10);
    await page.locator('button[data-key="cost"]').click();
    await page.waitForSelector('th[aria-sort="ascending"] button[data-key="cost"]');
    const asc = await rowIds();
    assert.ok(asc.every((id, i) => i === 0 || cost.get(asc[i - 1]) <= cost.get(id)), 'ascending by cost');
    assert.deepEqual(await page.evaluate(() => window.__state.sort), { key: 'cost', dir: 'ascending' });
    // Back to newest first for the screenshots.
    await page.locator('button[data-key="time"]').click();
    await page.waitForSelector('th[aria-sort="descending"] button[data-key="time"]');
  });

  it('posts openFile when a row with a file is clicked', async () => {
    const call = snapshot.recent.find((c) => c.file);
    await page.locator(`table.calls tbody tr[data-id="${call.id}"]`).click();
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'openFile'));
    assert.deepEqual((await posted()).filter((m) => m.type === 'openFile'), [{ type: 'openFile', path: call.file }]);
  });

  it('posts setFilter and export from the controls and keeps the filter as UI state', async () => {
    await page.selectOption('#range', '7d');
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'setFilter'));
    await page.waitForFunction(() => document.body.dataset.renders === '2');
    assert.deepEqual((await posted()).find((m) => m.type === 'setFilter'), { type: 'setFilter', filter: { range: '7d' } });
    assert.deepEqual(await page.evaluate(() => window.__state.filter), { range: '7d' });
    await page.getByRole('button', { name: /as CSV/ }).click();
    await page.getByRole('button', { name: /as JSON/ }).click();
    await page.waitForFunction(() => window.__posted.filter((m) => m.type === 'export').length === 2);
    assert.deepEqual((await posted()).filter((m) => m.type === 'export').map((m) => m.format), ['csv', 'json']);
    assert.equal(await page.locator('#range').inputValue(), '7d');
  });

  it('screenshots the light theme, then redraws the charts for the dark theme', async () => {
    await page.screenshot({ path: join(OUT, 'light.png') });
    const pixel = () => page.evaluate(() => {
      const c = document.querySelector('#chart-cacheHitRate');
      return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data).join(',');
    });
    const lightPixels = await pixel();
    await page.evaluate(() => { document.body.className = 'vscode-dark'; });
    await page.waitForFunction((light) => {
      const c = document.querySelector('#chart-cacheHitRate');
      return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data).join(',') !== light;
    }, lightPixels);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(31, 31, 31)');
    await page.screenshot({ path: join(OUT, 'dark.png') });
    assert.deepEqual(errors, []);
  });

  it('shows each failed call\'s error message in its row', async () => {
    const failed = snapshot.recent.filter((c) => c.error);
    assert.ok(failed.length > 0, 'the fixture has failed calls');
    for (const c of failed.slice(0, 5)) {
      const cell = page.locator(`table.calls tbody tr[data-id="${c.id}"] td`).last();
      assert.equal(await cell.locator('.call-error').textContent(), c.error);
      assert.ok(await cell.locator('.call-error').isVisible());
    }
    const ok = snapshot.recent.find((c) => !c.error);
    assert.equal(await page.locator(`table.calls tbody tr[data-id="${ok.id}"] .call-error`).count(), 0);
    await page.locator(`table.calls tbody tr[data-id="${failed[0].id}"]`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'error-rows.png') });
  });

  for (const mode of ['full', 'compact']) {
    it(`shows a skeleton (${mode}) from the first paint until the data comes, then the data in its place`, async () => {
      const held = await browser.newPage({ viewport: mode === 'full' ? { width: 1280, height: 900 } : { width: 320, height: 640 } });
      try {
        await held.goto(server.url('vscode-dark', mode, '&hold=1'));
        // The page asked for data and got none yet: only the skeleton shows.
        await held.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
        assert.equal(await held.locator('body').getAttribute('data-skeleton'), 'shown');
        assert.ok(await held.locator('#skeleton .sk-card').first().isVisible());
        assert.equal(await held.locator('#skeleton .sk-card').count(), 3);
        assert.equal(await held.locator('#skeleton .sk-chart').count(), mode === 'full' ? 3 : 0);
        assert.equal(await held.locator('#content').isVisible(), false, 'the empty page stays hidden behind it');
        assert.equal(await held.locator('#total-today').count(), 0);
        await held.screenshot({ path: join(OUT, `skeleton-${mode}.png`) });
        await held.evaluate(() => window.__release());
        await held.locator('#total-today .amount').waitFor();
        assert.equal(await held.locator('#skeleton').count(), 0);
        assert.equal(await held.locator('body').getAttribute('data-skeleton'), 'replaced');
        assert.equal(await held.locator('#total-today .amount').textContent(), fixture.usd(snapshot.totals.today.costMicros));
      } finally {
        await held.close();
      }
    });
  }

  it('shows the compact sidebar summary with a Show Spend link', async () => {
    const side = await browser.newPage({ viewport: { width: 320, height: 640 } });
    try {
      await openPanel(side, server.url('vscode-dark', 'compact'));
      assert.equal(await side.locator('canvas').count(), 0);
      assert.equal(await side.locator('#total-month .amount').textContent(), fixture.usd(snapshot.totals.month.costMicros));
      await side.getByRole('button', { name: 'Show Spend' }).click();
      await side.waitForFunction(() => window.__posted.some((m) => m.type === 'showPanel'));
      await side.screenshot({ path: join(OUT, 'compact-dark.png'), fullPage: true });
    } finally {
      await side.close();
    }
  });
});
