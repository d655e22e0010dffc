// Page helpers for the e2e suites: open files, run commands, read lenses and editors, take numbered screenshots (selectors: docs/e2e.md).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, workbenchUrl } from '../../scripts/lib/workbench.mjs';

export const RESULTS = join(ROOT, 'test-results', 'e2e');

/**
 * Numbered screenshots of one suite, e.g. test-results/e2e/lint-03-problems.png. Deletes that prefix's shots of an
 * earlier run first (run alone, not through scripts/e2e.mjs, which empties the folder, they would linger), and no
 * other suite's: `run` leaves `run-untrusted-01-...` alone.
 */
export function numberedShots(page, prefix) {
  mkdirSync(RESULTS, { recursive: true });
  const own = new RegExp(`^${escapeRegExp(prefix)}-\\d\\d-.*\\.png$`);
  for (const f of readdirSync(RESULTS)) if (own.test(f)) rmSync(join(RESULTS, f));
  let n = 0;
  return async (name) => {
    const file = join(RESULTS, `${prefix}-${String(++n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    return file;
  };
}

export async function openWorkbench(page, server) {
  // The workbench element is the readiness signal; the page's 'load' event can take over 30 s on a busy machine.
  await page.goto(workbenchUrl(server), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
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

/**
 * Runs a command from the palette: F1, `>title`, waits for its row, Enter. Returns the quick input, which the
 * command's own prompts (if any) reuse.
 */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  return input;
}

/**
 * Waits until the editor whose active tab contains `tab` shows text matching `pattern` (a RegExp) and returns that
 * text: its lines top to bottom, runs of spaces collapsed (Monaco renders them as nbsp). On timeout the error lists
 * what the editors showed.
 */
export async function waitForEditorText(page, tab, pattern, timeout = 60_000) {
  const source = pattern.source;
  try {
    const handle = await page.waitForFunction(([tabTitle, src]) => {
      for (const group of document.querySelectorAll('.editor-group-container')) {
        const active = group.querySelector('.tab.active');
        if (!active?.textContent?.includes(tabTitle)) continue;
        const text = [...group.querySelectorAll('.monaco-editor .view-line')]
          .map((l) => ({ top: parseFloat(l.style.top) || 0, text: (l.textContent ?? '').replace(/[\s\u00a0]+/g, ' ') }))
          .sort((a, b) => a.top - b.top).map((l) => l.text).join('\n');
        if (new RegExp(src).test(text)) return text;
      }
      return false;
    }, [tab, source], { timeout });
    return await handle.jsonValue();
  } catch (e) {
    const seen = await page.locator('.editor-group-container .monaco-editor .view-lines').allTextContents().catch(() => []);
    throw new Error(`no editor "${tab}" showing /${source}/ within ${timeout} ms; editors show: ${JSON.stringify(seen)}`, { cause: e });
  }
}

export const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** How the extension formats counts: thousands separators, e.g. 1,234. */
export const formatCount = (n) => n.toLocaleString('en-US');
