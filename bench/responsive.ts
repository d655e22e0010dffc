import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { BenchResult } from './stats';
import { ensureVsix, loadWorkbenchLib, median, openFile, PAGE_TIMEOUT_MS, pageTimeWhen, ROOT, runCommand, VSIX } from './workbench';

/**
 * Issue 9's "pasting 2,000 `{{` leaves the editor responsive", timed in a real workbench with three editors side by
 * side (the examples' support.prompty and summarize.prompt, and summarize.prompt's text as summarize.txt):
 * - `other-lens-after-paste`: 2,000 `{{` are pasted into summarize.prompt, then a phrase is typed into
 *   support.prompty; from that keystroke to support.prompty's file lens showing its new count.
 * - beside it, `paste into .txt`: the same paste into summarize.txt, which no extension reads (the workbench's own
 *   cost of the paste), and `no paste`: the same typing with nothing pasted (debounce included).
 * Each paste is undone after its run, so every run starts from the same text. Times are read in the page at
 * animation frames (±1 frame).
 */
const RUNS = 7;
const OTHER = 'support.prompty';
const PASTED = 'summarize.prompt';
const PLAIN = 'summarize.txt'; // the same text in a file that no extension reads: what the paste costs the workbench
const FILE_LENS = '[\\d,]+ in\\b.*/call';

/** A page expression: the file lens of the group whose active tab is `tab`, when it matches and is not `not`. */
function groupLens(tab: string, not: string | null): string {
  return `(() => {
    for (const group of document.querySelectorAll('.editor-group-container')) {
      if (!(group.querySelector('.tab.active')?.textContent || '').includes(${JSON.stringify(tab)})) continue;
      for (const el of group.querySelectorAll('.monaco-editor .codelens-decoration')) {
        const t = (el.textContent || '').replace(/\\u00a0/g, ' ');
        if (new RegExp(${JSON.stringify(FILE_LENS)}).test(t) && t !== ${JSON.stringify(not)}) return t;
      }
    }
    return false;
  })()`;
}

async function lensText(page: Page, tab: string, not: string | null = null): Promise<string> {
  const handle = await page.waitForFunction(groupLens(tab, not), undefined, { polling: 20, timeout: PAGE_TIMEOUT_MS });
  return (await handle.jsonValue()) as string;
}

/** The 1-based number of the line holding `text` in examples/`file`. */
function lineOf(file: string, text: string): number {
  const line = readFileSync(join(ROOT, 'examples', file), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
  if (line === 0) throw new Error(`examples/${file} has no line with "${text}"`);
  return line;
}
const TYPED_LINE = lineOf(OTHER, 'You are the support assistant');
const PASTED_LINE = lineOf(PASTED, 'You write faithful'); // summarize.txt holds the same text

/** Puts the cursor at the end of `line` in `tab` (Go to Line: a click could land on a scrolled line). */
async function endOfLine(page: Page, tab: string, line: number): Promise<void> {
  await page.locator('.tab', { hasText: tab }).first().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input[type="text"]').fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
}

/** Types `words` at the end of the other file's system line; ms from the keystroke to its file lens's new count. */
async function editOther(page: Page, words: string): Promise<number> {
  const before = await lensText(page, OTHER);
  await endOfLine(page, OTHER, TYPED_LINE);
  const typedAt = (await page.evaluate('performance.now()')) as number;
  await page.keyboard.insertText(words);
  return (await pageTimeWhen(page, groupLens(OTHER, before))) - typedAt;
}

/** Pastes 2,000 `{{` into `tab`, times `editOther`, then undoes the paste. */
async function editOtherAfterPaste(page: Page, tab: string): Promise<number> {
  await endOfLine(page, tab, PASTED_LINE);
  await page.keyboard.insertText(' ' + '{{'.repeat(2000));
  const ms = await editOther(page, ' Be kind.');
  await endOfLine(page, tab, PASTED_LINE);
  await page.keyboard.press('Control+Z');
  return ms;
}

export async function benchResponsive(): Promise<BenchResult[]> {
  ensureVsix();
  const wb = await loadWorkbenchLib();
  const tmp = mkdtempSync(join(tmpdir(), 'promptmeter-bench-responsive-'));
  let browser: Browser | undefined;
  const server = await wb.startWorkbench({
    folder: tmp, vsix: VSIX,
    settings: { 'editor.minimap.enabled': false, 'editor.wordBasedSuggestions': 'off', 'editor.autoClosingBrackets': 'never' },
  });
  try {
    cpSync(join(ROOT, 'examples'), tmp, { recursive: true });
    cpSync(join(ROOT, 'examples', PASTED), join(tmp, PLAIN));
    browser = await wb.launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1800, height: 1400 } });
    page.setDefaultTimeout(120_000);
    await page.goto(wb.workbenchUrl(server));
    await page.locator('.monaco-workbench').waitFor();
    await openFile(page, OTHER);
    await lensText(page, OTHER);
    await runCommand(page, 'View: Split Editor Right');
    await openFile(page, PASTED, false);
    const pastedLens = await lensText(page, PASTED);
    await runCommand(page, 'View: Split Editor Right');
    await openFile(page, PLAIN, false);
    await editOther(page, ' Be brief.'); // warm-up
    const plain: number[] = [];
    const pasted: number[] = [];
    const plainPasted: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      plain.push(await editOther(page, ' Be brief.'));
      pasted.push(await editOtherAfterPaste(page, PASTED));
      // The next run starts once the prompt's lens is back to its count before the paste.
      await page.waitForFunction(`${groupLens(PASTED, null)} === ${JSON.stringify(pastedLens)}`, undefined, { polling: 20, timeout: PAGE_TIMEOUT_MS });
      plainPasted.push(await editOtherAfterPaste(page, PLAIN));
    }
    const row = (impl: string, xs: number[], note: string): BenchResult =>
      ({ name: 'other-lens-after-paste', impl, medianMs: Math.round(median(xs)), runs: xs.length, note });
    return [
      row('promptmeter', pasted, 'paste 2,000 `{{` in one prompt, then type in another: that one\'s lens updates'),
      row('paste into .txt', plainPasted, 'the same paste into a .txt file that no extension reads: the workbench\'s own cost'),
      row('no paste', plain, 'the same typing with nothing pasted (debounce included)'),
    ];
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
