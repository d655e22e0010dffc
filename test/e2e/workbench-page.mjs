// Page helpers for the e2e suite: open files, read lenses, take numbered screenshots (selectors: docs/e2e.md).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, workbenchUrl } from '../../scripts/lib/workbench.mjs';

export const RESULTS = join(ROOT, 'test-results', 'e2e');

/** Numbered screenshots, e.g. test-results/e2e/03-lenses.png. */
export function screenshots(page) {
  mkdirSync(RESULTS, { recursive: true });
  let n = 0;
  return async (name) => {
    n += 1;
    const file = join(RESULTS, `${String(n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    return file;
  };
}

export async function openWorkbench(page, server) {
  await page.goto(workbenchUrl(server));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

/** Quick Open (Ctrl+P) a file by name and wait for its text in the editor. */
export async function openFile(page, name) {
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 300 } });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
  await page.waitForFunction(
    () => (document.querySelector('.editor-instance .monaco-editor .view-lines')?.textContent ?? '').trim().length > 0,
  );
}

/** The visible code lens decorations. */
export function lenses(page, hasText) {
  return page.locator('.monaco-editor .codelens-decoration', hasText ? { hasText } : {});
}

/**
 * Waits until some lens decoration's text satisfies `pattern` (a RegExp source, tested in the page) and returns
 * that text. On timeout the error lists the lenses that were there.
 */
export async function waitForLens(page, pattern, { timeout = 30_000, not } = {}) {
  try {
    const handle = await page.waitForFunction(
      ([source, notText]) => {
        const re = new RegExp(source);
        for (const el of document.querySelectorAll('.monaco-editor .codelens-decoration')) {
          const text = (el.textContent ?? '').replace(/\u00a0/g, ' ');
          if (re.test(text) && text !== notText) return text;
        }
        return false;
      },
      [pattern instanceof RegExp ? pattern.source : pattern, not ?? null],
      { timeout },
    );
    return await handle.jsonValue();
  } catch (e) {
    const seen = await lenses(page).allTextContents().catch(() => []);
    throw new Error(`no code lens matching /${pattern.source ?? pattern}/${not ? ` other than "${not}"` : ''} ` +
      `within ${timeout} ms; lenses seen: ${JSON.stringify(seen)}`, { cause: e });
  }
}

/** An editor line element by (whitespace-normalised) text. */
export function editorLine(page, text) {
  return page.locator('.editor-instance .monaco-editor .view-line', { hasText: text }).first();
}

export const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** How the extension formats counts: thousands separators, e.g. 1,234. */
export const formatCount = (n) => n.toLocaleString('en-US');
