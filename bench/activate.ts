import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { BenchResult } from './stats';

/**
 * In a real workbench (code-server + Chromium, see docs/e2e.md), per window reload:
 * - `activate`: time spent in the real extension's activate().
 * - `first-lens`: from the editor showing the restored prompt file's text to its file lens showing the file's count
 *   (the CLI's count of the same file). A script installed in the page before each load timestamps both with a
 *   MutationObserver, so no polling delay enters the figure.
 * The extension appends that time to $PROMPTMETER_ACTIVATION_LOG (src/editor/activationTiming.ts).
 * The first activation (right after install, cold disk cache) is a warm-up; each timed run reloads the window,
 * which starts a fresh extension host, and reads the line its activate() appends. About 10 s per run.
 */
const RUNS = 7;
const ACTIVATION_TIMEOUT_MS = 60_000;

const ROOT = join(__dirname, '..');
const FILE = 'hello.prompty';
const FILE_TEXT = '---\nname: hello\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\n---\nsystem:\nYou are terse.\n\nuser:\nSay hello to {{name}}.\n';
const VSIX = join(ROOT, 'dist', 'promptmeter.vsix');

/** The part of scripts/lib/workbench.mjs used here (it is plain JS, without a declaration file). */
interface Server { url: string; log(): string; stop(): Promise<void> }
interface WorkbenchLib {
  startWorkbench(o: { folder?: string; vsix?: string; env?: Record<string, string> }): Promise<Server>;
  launchBrowser(): Promise<Browser>;
  workbenchUrl(server: Server): string;
}

function loadWorkbenchLib(): Promise<WorkbenchLib> {
  // A computed file URL: a literal specifier would make tsc look for a declaration file of the .mjs.
  return import(pathToFileURL(join(ROOT, 'scripts', 'lib', 'workbench.mjs')).href) as Promise<WorkbenchLib>;
}

/** Builds the VSIX when it is missing, or when it predates the activation log (it would never write a line). */
function ensureVsix(): void {
  if (existsSync(VSIX) && vsixWritesActivationLog()) return;
  const r = spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm run package failed with exit code ${r.status}`);
  if (!existsSync(VSIX)) throw new Error(`npm run package did not write ${VSIX}`);
}

function vsixWritesActivationLog(): boolean {
  const r = spawnSync('unzip', ['-p', VSIX, 'extension/dist/extension.js'], { maxBuffer: 256 * 1024 * 1024 });
  if (r.error || r.status !== 0) return true; // cannot look inside: trust it, the wait below reports a stale one
  return r.stdout.includes('PROMPTMETER_ACTIVATION_LOG');
}

function readLines(file: string): number[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((l) => l.trim() !== '').map(Number);
}

/** Polls the log until it holds more than `seen` lines; returns the new line's value. */
async function nextActivation(file: string, seen: number, server: Server, what: string): Promise<number> {
  const deadline = Date.now() + ACTIVATION_TIMEOUT_MS;
  for (;;) {
    const lines = readLines(file);
    if (lines.length > seen) {
      const ms = lines[seen];
      if (!Number.isFinite(ms)) throw new Error(`unexpected line in ${file}: ${JSON.stringify(lines[seen])}`);
      return ms;
    }
    if (Date.now() > deadline) {
      throw new Error(`no activation logged within ${ACTIVATION_TIMEOUT_MS} ms after ${what} ` +
        `(is ${VSIX} older than the activation log? run \`npm run package\`)\n${server.log()}`);
    }
    await new Promise((r) => setTimeout(r, 20)); // poll interval, not a wait for an outcome
  }
}

/** The CLI's input-token count of the file: the number its file lens must show. */
function cliInputTokens(file: string): number {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'count', '--json', file], { encoding: 'utf8' });
  const n = JSON.parse(r.stdout).files?.[0]?.inputTokens;
  if (typeof n !== 'number') throw new Error(`promptmeter count --json ${file} gave ${r.stdout} ${r.stderr}`);
  return n;
}

/** Runs in the page before the workbench loads: timestamps the file's text and then its counted file lens. */
function watchFirstLens([marker, lensSource]: [string, string]): void {
  const w = window as unknown as { __pmFirstLens: { text: number; lens: number } };
  w.__pmFirstLens = { text: 0, lens: 0 };
  const lens = new RegExp(lensSource);
  const check = () => {
    const t = w.__pmFirstLens;
    if (!t.text) {
      for (const el of Array.from(document.querySelectorAll('.editor-instance .monaco-editor .view-lines'))) {
        if ((el.textContent ?? '').replace(/\u00a0/g, ' ').includes(marker)) t.text = performance.now();
      }
    }
    if (t.text && !t.lens) {
      for (const el of Array.from(document.querySelectorAll('.monaco-editor .codelens-decoration'))) {
        if (lens.test((el.textContent ?? '').replace(/\u00a0/g, ' '))) t.lens = performance.now();
      }
    }
    if (t.lens) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

async function firstLensMs(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => {
    const t = (window as unknown as { __pmFirstLens?: { text: number; lens: number } }).__pmFirstLens;
    return t && t.text && t.lens ? t.lens - t.text : false;
  }, undefined, { timeout: ACTIVATION_TIMEOUT_MS });
  return (await handle.jsonValue()) as number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export async function benchActivate(): Promise<BenchResult[]> {
  ensureVsix();
  const wb = await loadWorkbenchLib();
  const tmp = mkdtempSync(join(tmpdir(), 'promptmeter-bench-activate-'));
  const folder = join(tmp, 'workspace');
  const logFile = join(tmp, 'activation.log');
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    mkdirSync(folder);
    writeFileSync(join(folder, FILE), FILE_TEXT);
    const count = cliInputTokens(join(folder, FILE)).toLocaleString('en-US');
    const lensPattern = `(?:^|[^\\d,])${count} in\\b.*/call`;
    server = await wb.startWorkbench({ folder, vsix: VSIX, env: { PROMPTMETER_ACTIVATION_LOG: logFile } });
    browser = await wb.launchBrowser();
    const page: Page = await browser.newPage();
    await page.goto(wb.workbenchUrl(server));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await nextActivation(logFile, 0, server, 'opening the workbench'); // warm-up
    // Open the file once; every reload below restores it, as a window reload does for a user.
    await page.locator('.monaco-workbench').click({ position: { x: 600, y: 300 } });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input[type="text"]').fill(FILE);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: FILE }).waitFor();
    await page.addInitScript(watchFirstLens, ['Say hello to', lensPattern] as [string, string]);
    const times: number[] = [];
    const lensTimes: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      // Verified with code-server 4.100.3: a reload ends the window's extension host and starts a new one (new
      // PID, never two alive), so each reload is one fresh activate(); no "Restart Extension Host" needed.
      await page.reload();
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      times.push(await nextActivation(logFile, i, server, `reload ${i}`));
      lensTimes.push(await firstLensMs(page));
    }
    const ms = (xs: number[]) => Math.round(median(xs) * 1000) / 1000;
    return [
      { name: 'activate', impl: 'promptmeter', medianMs: ms(times), runs: times.length, note: 'activate() body only' },
      { name: 'first-lens', impl: 'promptmeter', medianMs: ms(lensTimes), runs: lensTimes.length },
    ];
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

