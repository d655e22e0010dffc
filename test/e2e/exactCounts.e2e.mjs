// Exact Claude counts across a window reload (issue 10: "a second open of an unchanged file sends none"): the
// reload starts a fresh extension host, so only the count cache on disk can answer the second open.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProvider } from './provider-process.mjs';
import { openFile, openWorkbench, runCommand, waitForLens } from './workbench-page.mjs';
import { useWorkbench } from './workbench-suite.mjs';

const ANTHROPIC_KEY = 'sk-ant-test-e2e-exact-0000000000';
const PROMPT = `---
name: teacher
model:
  id: claude-sonnet-4-5
---
system:
You are a patient teacher of astronomy. Answer in three sentences.

user:
Why do planets move in ellipses?
`;
// The file lens: an exact figure starts with a digit, an estimate with ≈.
const EXACT_LENS = '^[\\d,]+ in \\+ [\\d,]+ out';

describe('exactCounts.e2e', function () {
  this.timeout(180_000);
  let provider;
  before(async () => { provider = await startProvider(); });
  const wb = useWorkbench({
    prefix: 'exact-counts',
    fill: (dir) => writeFileSync(join(dir, 'teacher.prompty'), PROMPT),
    viewport: { width: 1400, height: 900 },
    server: () => ({
      env: { ANTHROPIC_BASE_URL: provider.anthropicBaseUrl, ANTHROPIC_API_KEY: ANTHROPIC_KEY },
      settings: { 'promptmeter.exactCounts.anthropic': true, 'editor.minimap.enabled': false },
    }),
  });
  after(async () => { await provider?.stop(); }); // after useWorkbench's: the workbench stops first

  const countRequests = () => provider.requests.filter((r) => r.path.endsWith('/messages/count_tokens')).length;
  /** Resolves once every request the server received before now is in its log (the log is in arrival order). */
  const logged = async () => {
    const seen = new Promise((resolve) => {
      const on = (r) => { if (r.path === '/_test/barrier') { provider.events.off('request', on); resolve(); } };
      provider.events.on('request', on);
    });
    await fetch(`${provider.url}/_test/barrier`).catch(() => {});
    await seen;
  };

  it('counts a file once: closed, the window reloaded and the file opened again, it sends no second request', async () => {
    const { page, server, shot } = wb;
    await openWorkbench(page, server);
    await openFile(page, 'teacher.prompty');
    const first = await waitForLens(page, EXACT_LENS, { timeout: 60_000 });
    await logged();
    assert.equal(countRequests(), 1, 'the first open sends one count request');
    // The status bar shows the same exact figure as the file lens, without ≈.
    const inputs = first.match(/^([\d,]+) in/)[1];
    await page.locator('[id$="promptmeter.status"]', { hasText: new RegExp(`(^|\\s)${inputs} · `) }).waitFor({ timeout: 30_000 });
    assert.doesNotMatch(await page.locator('[id$="promptmeter.status"]').innerText(), /≈/);
    await shot('exact-first-open');

    await runCommand(page, 'View: Close All Editors');
    await page.locator('.tab', { hasText: 'teacher.prompty' }).waitFor({ state: 'detached' });
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

    await openFile(page, 'teacher.prompty');
    const second = await waitForLens(page, EXACT_LENS, { timeout: 60_000 });
    await shot('exact-second-open');
    await logged();
    assert.equal(second, first, 'the same exact figure after the reload');
    assert.equal(countRequests(), 1, 'the second open of the unchanged file sent a count request');
  });
});
