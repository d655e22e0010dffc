// The Get Started walkthrough in a real workbench: listed on the Welcome page, opened by a click, its six steps
// shown; its buttons open the shipped example (lenses on it), apply Fix All to it, and tick their steps.
import assert from 'node:assert/strict';
import { openWorkbench, runCommand, waitForLens } from './workbench-page.mjs';
import { useWorkbench } from './workbench-suite.mjs';

const TITLE = 'Get Started with Promptmeter';
const STEPS = ['Open an example prompt', 'See tokens and cost', 'Apply a fix', 'Set an API key', 'Run the prompt', 'Open the spend panel'];

describe('walkthrough.e2e', function () {
  this.timeout(180_000);
  const wb = useWorkbench({
    prefix: 'walkthrough',
    fill: () => {},
    viewport: { width: 1500, height: 950 },
    server: { settings: { 'editor.minimap.enabled': false, 'editor.wordWrap': 'on' } },
  });
  let fileLens;
  const step = (id) => wb.page.locator(`button.getting-started-step[data-step-id$="${id}"]`);
  /** The visible text of the editor showing `tab`, lines in order, once it does not match `without` (a RegExp). */
  const editorText = async (tab, without) => (await wb.page.waitForFunction(([t, notSource]) => {
    for (const group of document.querySelectorAll('.editor-group-container')) {
      if (!group.querySelector('.tab.active')?.textContent?.includes(t)) continue;
      const text = [...group.querySelectorAll('.monaco-editor .view-line')]
        .map((l) => ({ top: parseFloat(l.style.top) || 0, text: (l.textContent ?? '').replace(/[\s\u00a0]+/g, ' ') }))
        .sort((a, b) => a.top - b.top).map((l) => l.text).join('\n');
      return notSource && new RegExp(notSource).test(text) ? false : text;
    }
    return false;
  }, [tab, without?.source ?? null], { timeout: 30_000 })).jsonValue();

  it('the Welcome page lists the walkthrough; a click opens it with its six steps', async () => {
    const { page, server, shot } = wb;
    await openWorkbench(page, server);
    await runCommand(page, 'Help: Welcome');
    await page.locator('.gettingStartedContainer').waitFor();
    // code-server's first Welcome shows its own featured walkthrough: "< Welcome" goes back to the list.
    const back = page.locator('.gettingStartedContainer button.prev-button');
    const list = page.locator('.gettingStartedContainer .gettingStartedCategoriesContainer');
    await Promise.race([back.waitFor(), list.waitFor()]);
    if (await back.isVisible()) await back.click();
    const entry = page.locator('button.getting-started-category', { hasText: TITLE });
    await list.waitFor();
    // The list shows five walkthroughs and hides the rest behind "More...".
    const more = page.locator('.gettingStartedContainer .see-all-walkthroughs');
    if (!(await entry.isVisible()) && (await more.isVisible())) await more.click();
    await entry.waitFor();
    await shot('welcome-page');
    await entry.click();
    await page.locator('.getting-started-category h2.category-title', { hasText: TITLE }).waitFor();
    const titles = await page.locator('button.getting-started-step .step-title').allTextContents();
    assert.deepEqual(titles.map((t) => t.trim()), STEPS);
    assert.equal(await step('openExample').getAttribute('aria-checked'), 'false');
    // The first step's Markdown media (shipped in the VSIX) renders beside the list.
    await page.frameLocator('.getting-started-media iframe').frameLocator('iframe#active-frame')
      .locator('h1', { hasText: 'An example prompt' }).waitFor({ timeout: 30_000 });
    await shot('walkthrough');
  });

  it('Open Example opens the shipped example beside it, with its lenses, and ticks the step', async () => {
    const { page, shot } = wb;
    await step('openExample').click();
    await page.locator('.getting-started-step .monaco-button, .getting-started-step a.button-link', { hasText: 'Open Example' }).first().click();
    await page.locator('.tab', { hasText: 'trip-planner.prompty' }).waitFor();
    fileLens = await waitForLens(page, /\bin\b.*\/call.*\d+ fix(es)? saves? \d+ tokens?/);
    await page.locator('button.getting-started-step[aria-checked="true"][data-step-id$="openExample"]').waitFor();
    // A prompt editor is open, so "See tokens and cost" (onContext:promptmeter.isPrompt) is done too.
    await page.locator('button.getting-started-step[aria-checked="true"][data-step-id$="seeCounts"]').waitFor();
    assert.match(await editorText('trip-planner.prompty'), /Please make sure to keep the plan short/);
    await shot('example-open');
  });

  it('Fix All from the walkthrough fixes the example (the Get Started page keeps the focus) and ticks the step', async () => {
    const { page, shot } = wb;
    await step('applyFix').click();
    await page.locator('.getting-started-step .monaco-button, .getting-started-step a.button-link', { hasText: 'Fix All' }).first().click();
    await page.locator('button.getting-started-step[aria-checked="true"][data-step-id$="applyFix"]').waitFor();
    const text = await editorText('trip-planner.prompty', /make sure to/);
    assert.doesNotMatch(text, /Please|make sure to/);
    assert.equal(text.match(/Always answer in plain English, in short sentences\./g)?.length, 1, 'the repeated line is gone');
    // Lint runs again on the fixed text and finds nothing left: the squiggles go.
    await page.waitForFunction(() => document.querySelectorAll('.editor-group-container .monaco-editor [class*="squiggly-"]').length === 0, null, { timeout: 30_000 });
    // The file lens follows: the count dropped and no fix is left to offer.
    const before = Number(fileLens.match(/([\d,]+) in\b/)[1].replace(/,/g, ''));
    const after = await waitForLens(page, /^(?!.*fix)[^|]*\bin\b.*\/call/);
    assert.ok(Number(after.match(/([\d,]+) in\b/)[1].replace(/,/g, '')) < before, `${after} vs ${before} before`);
    await shot('fix-applied');
  });
});
