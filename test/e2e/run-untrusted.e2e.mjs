// Restricted Mode: with workspace trust on and the folder not trusted, counts still show but nothing offers to
// run the prompt (no Run lens, no palette entry, no editor title button), so no key can leave the machine.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, launchBrowser, startWorkbench } from '../../scripts/lib/workbench.mjs';
import { RESULTS, openFile, openWorkbench, waitForLens } from './workbench-page.mjs';

const VSIX = join(ROOT, 'dist', 'promptmeter.vsix');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'run', 'hello.prompty');

describe('run-untrusted.e2e', function () {
  this.timeout(180_000);
  let workspace, server, browser, page;
  const shot = (name) => page.screenshot({ path: join(RESULTS, `run-untrusted-${name}.png`) });

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    for (const f of readdirSync(RESULTS)) if (f.startsWith('run-untrusted-')) rmSync(join(RESULTS, f));
    workspace = mkdtempSync(join(tmpdir(), 'promptmeter-untrusted-e2e-'));
    cpSync(FIXTURE, join(workspace, 'hello.prompty'));
    server = await startWorkbench({
      folder: workspace, vsix: VSIX, trust: true,
      env: { OPENAI_API_KEY: 'sk-test-untrusted-0000000000', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
      settings: { 'editor.minimap.enabled': false, 'security.workspace.trust.startupPrompt': 'always' },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await shot('failed').catch(() => {});
  });

  it('offers no way to run a prompt in a folder the user does not trust', async () => {
    await openWorkbench(page, server);
    const distrust = page.locator('.monaco-dialog-box .monaco-button', { hasText: /No, I don.t trust/ });
    await distrust.waitFor({ timeout: 60_000 });
    await shot('trust-prompt');
    await distrust.click();
    await page.locator('.monaco-dialog-box').waitFor({ state: 'detached' });

    await openFile(page, 'hello.prompty');
    // Counting works in Restricted Mode: the file lens arrives...
    await waitForLens(page, '[\\d,]+ in\\b.*/call');
    await shot('restricted-lenses');
    // ...but no Run lens beside it, and no Run button in the editor title.
    assert.equal(await page.locator('.monaco-editor .codelens-decoration', { hasText: /\bRun\b/ }).count(), 0);
    assert.equal(await page.locator('.editor-actions [aria-label*="Run Prompt"]').count(), 0);

    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input[type="text"]');
    await input.waitFor();
    await input.fill('>Promptmeter:');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Promptmeter: Pick Model' }).first().waitFor();
    await shot('restricted-palette');
    const titles = await rows.allTextContents();
    assert.ok(!titles.some((t) => /Run Prompt|Set API Key/.test(t)), `palette offers ${JSON.stringify(titles)}`);
    await page.keyboard.press('Escape');
  });
});
