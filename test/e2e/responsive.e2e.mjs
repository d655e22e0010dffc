// issue 9: a pathological prompt (2,000 `{{` pasted in) must not freeze the editor: analysis runs in a worker,
// so the lenses of another open prompt file still update within a second.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/workbench.mjs';
import { editorLine, openFile, openWorkbench, runCommand, waitForLens } from './workbench-page.mjs';
import { useWorkbench } from './workbench-suite.mjs';

/** The file-lens text in the editor group whose active tab is `tab`, once it satisfies `pattern` and differs from `not`. */
async function groupFileLens(page, tab, pattern, { not, timeout = 60_000 } = {}) {
  const handle = await page.waitForFunction(([tabTitle, src, notText]) => {
    for (const group of document.querySelectorAll('.editor-group-container')) {
      if (!group.querySelector('.tab.active')?.textContent?.includes(tabTitle)) continue;
      for (const el of group.querySelectorAll('.monaco-editor .codelens-decoration')) {
        const text = (el.textContent ?? '').replace(/\u00a0/g, ' ');
        if (new RegExp(src).test(text) && text !== notText) return text;
      }
    }
    return false;
  }, [tab, pattern.source, not ?? null], { timeout, polling: 20 });
  return handle.jsonValue();
}

const FILE_LENS = /[\d,]+ in\b.*\/call/;

describe('responsive.e2e', function () {
  this.timeout(300_000);
  const wb = useWorkbench({
    prefix: 'responsive',
    fill: (dir) => cpSync(join(ROOT, 'examples'), dir, { recursive: true }),
    viewport: { width: 1600, height: 900 },
    server: { settings: { 'editor.minimap.enabled': false, 'editor.wordBasedSuggestions': 'off', 'editor.autoClosingBrackets': 'never' } },
  });

  it('shows lenses on two prompt files side by side', async () => {
    const { page, server, shot } = wb;
    await openWorkbench(page, server);
    await openFile(page, 'support.prompty');
    await groupFileLens(page, 'support.prompty', FILE_LENS, { timeout: 120_000 });
    await runCommand(page, 'View: Split Editor Right');
    await openFile(page, 'summarize.prompt');
    await groupFileLens(page, 'summarize.prompt', FILE_LENS, { timeout: 120_000 });
    await shot('two-files');
  });

  /** Types at the end of support.prompty's system line; the ms until that group's file lens shows the new count.
   *  Both measured edits add a short phrase with nothing for lint to fix, so they do the same work. */
  async function otherLensUpdate(page, words) {
    const before = await groupFileLens(page, 'support.prompty', FILE_LENS);
    const line = editorLine(page, 'You are');
    await line.click();
    await page.keyboard.press('End');
    const typedAt = Date.now();
    await page.keyboard.insertText(words);
    const after = await groupFileLens(page, 'support.prompty', FILE_LENS, { not: before, timeout: 30_000 });
    return { ms: Date.now() - typedAt, before, after };
  }
  let baselineMs;

  it('without a paste, measures how soon the lens follows an edit (the same steps, for comparison)', async () => {
    const { page } = wb;
    const { ms, after } = await otherLensUpdate(page, ' Be brief.');
    baselineMs = ms;
    console.log(`      baseline: support.prompty's lens updated ${ms} ms after the edit (debounce included): "${after}"`);
  });

  it('after pasting 2,000 `{{` into one, the other file\'s lens still updates (the editor is not frozen; the time is logged)', async () => {
    const { page, shot } = wb;
    // The paste: one edit of 4,000 characters at the end of summarize.prompt's first message line.
    await editorLine(page, 'You write faithful, neutral summaries').click();
    await page.keyboard.press('End');
    await page.keyboard.insertText(' ' + '{{'.repeat(2000));
    await shot('pasted');

    const { ms, before, after } = await otherLensUpdate(page, ' Be kind.');
    await shot('other-file-updated');
    console.log(`      support.prompty's lens updated ${ms} ms after the edit (debounce included; baseline ${baselineMs} ms); before "${before}", after "${after}"`);
    // Tests check behaviour, not time: this checks that the editor is not frozen and logs the figure. The one-second
    // target is timed by `npm run bench` (bench/responsive.ts: median of 7, beside the same paste into a .txt file).
    assert.ok(ms <= 5000, `the other file's lens took ${ms} ms (baseline ${baselineMs} ms)`);
  });

  it('the pasted file shows counts or a clear message, never a spinner forever', async () => {
    const { page, shot } = wb;
    const lens = await waitForLens(page, `${FILE_LENS.source}|could not count|too large to count live`, { timeout: 60_000 });
    await shot('pasted-file-lens');
    assert.ok(lens.length > 0);
  });
});
