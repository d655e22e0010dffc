// Restricted Mode: with workspace trust on and the folder not trusted, counts still show but nothing offers to
// run the prompt (no Run lens, no palette entry, no editor title button), so no key can leave the machine.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/workbench.mjs';
import { openFile, openWorkbench, waitForLens } from './workbench-page.mjs';
import { useWorkbench } from './workbench-suite.mjs';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'run', 'hello.prompty');

describe('run-untrusted.e2e', function () {
  this.timeout(180_000);
  const wb = useWorkbench({
    prefix: 'run-untrusted',
    fill: (dir) => cpSync(FIXTURE, join(dir, 'hello.prompty')),
    viewport: { width: 1500, height: 900 },
    server: {
      trust: true,
      env: { OPENAI_API_KEY: 'sk-test-untrusted-0000000000', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
      settings: { 'editor.minimap.enabled': false, 'security.workspace.trust.startupPrompt': 'always' },
    },
  });

  it('offers no way to run a prompt in a folder the user does not trust', async () => {
    const { page, server, shot } = wb;
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
