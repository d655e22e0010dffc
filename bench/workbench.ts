import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/** Shared by the benchmarks that run the real workbench (code-server + Chromium, see docs/e2e.md). */
export const ROOT = join(__dirname, '..');
export const VSIX = join(ROOT, 'dist', 'promptmeter.vsix');
export const PAGE_TIMEOUT_MS = 60_000;

/** The part of scripts/lib/workbench.mjs used here (it is plain JS, without a declaration file). */
export interface Server { url: string; dirs: { userData: string }; log(): string; stop(): Promise<void> }
export interface WorkbenchLib {
  startWorkbench(o: { folder?: string; vsix?: string; env?: Record<string, string>; settings?: Record<string, unknown> }): Promise<Server>;
  launchBrowser(): Promise<Browser>;
  workbenchUrl(server: Server): string;
}

export function ensureVsix(): void {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` (npm run bench does)`);
}

export function loadWorkbenchLib(): Promise<WorkbenchLib> {
  // A computed file URL: a literal specifier would make tsc look for a declaration file of the .mjs.
  return import(pathToFileURL(join(ROOT, 'scripts', 'lib', 'workbench.mjs')).href) as Promise<WorkbenchLib>;
}

/**
 * performance.now() in the page at the first animation frame where `condition` (a page expression) holds. Passed as
 * text: a function compiled by tsx could carry helper calls the page does not have.
 */
export async function pageTimeWhen(page: Page, condition: string, timeout = PAGE_TIMEOUT_MS): Promise<number> {
  const handle = await page.waitForFunction(`(${condition}) ? performance.now() : false`, undefined, { polling: 'raf', timeout });
  return (await handle.jsonValue()) as number;
}

/** Some element under `selector` whose text (nbsp as space) passes `test`, a page expression over `t`. */
export const anyText = (selector: string, test: string) =>
  `Array.from(document.querySelectorAll(${JSON.stringify(selector)})).some((el) => { const t = (el.textContent || '').replace(/\\u00a0/g, ' '); return ${test}; })`;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs a command from the palette. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input[type="text"]').fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Quick Open a file by name; `focus`: click the workbench first (false: open it in the group that has focus). */
export async function openFile(page: Page, name: string, focus = true): Promise<void> {
  if (focus) await page.locator('.monaco-workbench').click({ position: { x: 600, y: 300 } });
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input[type="text"]').fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
}
