import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { BenchResult } from './stats';
import { anyText, ensureVsix, loadWorkbenchLib, median, openFile, PAGE_TIMEOUT_MS, pageTimeWhen, ROOT, runCommand, VSIX, type Server, type WorkbenchLib } from './workbench';

/**
 * In a real workbench (code-server + Chromium, see docs/e2e.md), per window reload:
 * - `activate`: time spent in the real extension's activate().
 * - `first-lens-reload`: the window reloads with the prompt file open (as VS Code restores it); from the editor
 *   showing the file's text to its file lens showing the file's count (the CLI's count of the same file).
 * - `first-lens-open`: the window reloads with no editor open and finishes starting; then the file is opened with
 *   Quick Open; from its text to its counted file lens.
 * Both moments are read in the page at animation frames (±1 frame). Beside each first-lens row, the same steps with
 * `lens-only` (bench/lensOnly): an extension activated eagerly that returns one fixed lens at once, so its time
 * is what the workbench itself takes to show any lens.
 * The extensions append their activate() time to $PROMPTMETER_ACTIVATION_LOG (src/editor/activationTiming.ts).
 * The first activation (right after install, cold disk cache) is a warm-up; each timed run reloads the window,
 * which starts a fresh extension host. About 10 s per run.
 */
const RUNS = 7;

const FILE = 'hello.prompty';
const FILE_TEXT = '---\nname: hello\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\n---\nsystem:\nYou are terse.\n\nuser:\nSay hello to {{name}}.\n';

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
  const deadline = Date.now() + PAGE_TIMEOUT_MS;
  for (;;) {
    const lines = readLines(file);
    if (lines.length > seen) {
      const ms = lines[seen];
      if (!Number.isFinite(ms)) throw new Error(`unexpected line in ${file}: ${JSON.stringify(lines[seen])}`);
      return ms;
    }
    if (Date.now() > deadline) {
      throw new Error(`no activation logged within ${PAGE_TIMEOUT_MS} ms after ${what} ` +
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

/** From the file's text in the editor to its counted file lens, both timed in the page at animation frames. */
async function firstLensMs(page: Page, lensPattern: string): Promise<number> {
  let text: number;
  try {
    text = await pageTimeWhen(page, anyText('.editor-instance .monaco-editor .view-lines', `t.includes(${JSON.stringify('Say hello to')})`));
  } catch (e) {
    throw new Error(`the editor never showed ${FILE}'s text`, { cause: e });
  }
  try {
    return (await pageTimeWhen(page, anyText('.monaco-editor .codelens-decoration', `new RegExp(${JSON.stringify(lensPattern)}).test(t)`))) - text;
  } catch (e) {
    const lenses = await page.evaluate(() => Array.from(document.querySelectorAll('.monaco-editor .codelens-decoration')).map((el) => el.textContent));
    throw new Error(`no file lens matching /${lensPattern}/ after the file's text; lenses: ${JSON.stringify(lenses)}`, { cause: e });
  }
}

/** The lens-only baseline (bench/lensOnly) packaged into `dir`. */
function packageLensOnly(dir: string): string {
  const out = join(dir, 'lens-only.vsix');
  const vsce = join(ROOT, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(vsce, ['package', '--skip-license', '--allow-missing-repository', '-o', out], { cwd: join(__dirname, 'lensOnly'), encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(out)) throw new Error(`vsce package of bench/lensOnly failed: ${r.stdout}${r.stderr}`);
  return out;
}

/** How many times the extension hosts have said that startup's extensions are activated (one per reload). */
function startupsFinished(server: Server): number {
  let n = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'remoteexthost.log') n += readFileSync(p, 'utf8').split('Eager extensions activated').length - 1;
    }
  };
  try { walk(join(server.dirs.userData, 'logs')); } catch { /* no logs yet */ }
  return n;
}

async function waitFor(what: string, test: () => boolean): Promise<void> {
  const deadline = Date.now() + PAGE_TIMEOUT_MS;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20)); // poll interval, not a wait for an outcome
  }
}

interface Impl { name: string; vsix: string; lensPattern: string }
interface Times { activate: number[]; reload: number[]; open: number[] }

/** Both first-lens scenarios for one extension, in its own workbench. */
async function timeImpl(wb: WorkbenchLib, impl: Impl, folder: string, logFile: string): Promise<Times> {
  rmSync(logFile, { force: true });
  const server = await wb.startWorkbench({ folder, vsix: impl.vsix, env: { PROMPTMETER_ACTIVATION_LOG: logFile } });
  let browser: Browser | undefined;
  const t: Times = { activate: [], reload: [], open: [] };
  try {
    browser = await wb.launchBrowser();
    const page: Page = await browser.newPage();
    page.setDefaultTimeout(120_000); // a loaded shared machine can take more than playwright's 30 s to load the page
    await page.goto(wb.workbenchUrl(server));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    let seen = 0;
    await nextActivation(logFile, seen++, server, 'opening the workbench'); // warm-up
    await openFile(page, FILE);
    await firstLensMs(page, impl.lensPattern); // warm-up
    await untilStored(page, true); // from here on, each reload restores the open file
    for (let i = 1; i <= RUNS; i++) {
      // Verified with code-server 4.100.3: a reload ends the window's extension host and starts a new one (new
      // PID, never two alive), so each reload is one fresh activate(); no "Restart Extension Host" needed.
      await page.reload();
      t.reload.push(await firstLensMs(page, impl.lensPattern));
      t.activate.push(await nextActivation(logFile, seen++, server, `reload ${i}`));
    }
    for (let i = 1; i <= RUNS; i++) {
      await runCommand(page, 'View: Close All Editors');
      await untilStored(page, false);
      const started = startupsFinished(server);
      await page.reload();
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await nextActivation(logFile, seen++, server, `reload ${i} with no editor`);
      await waitFor('the extension host to finish starting', () => startupsFinished(server) > started);
      await openFile(page, FILE);
      t.open.push(await firstLensMs(page, impl.lensPattern));
    }
    return t;
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}

/**
 * Whether the window's stored state (IndexedDB, saved a few seconds after a change) lists the file among its open
 * editors: what the next reload restores.
 */
function storedEditorsInclude(page: Page, file: string): Promise<boolean> {
  return page.evaluate(`(async () => {
    for (const d of await indexedDB.databases()) {
      if (!d.name || !d.name.startsWith('vscode-web-state-db-') || d.name.endsWith('-global')) continue;
      const db = await new Promise((ok, fail) => { const r = indexedDB.open(d.name); r.onsuccess = () => ok(r.result); r.onerror = fail; });
      try {
        if (!db.objectStoreNames.contains('ItemTable')) continue;
        const v = await new Promise((ok) => { const r = db.transaction('ItemTable').objectStore('ItemTable').get('memento/workbench.parts.editor'); r.onsuccess = () => ok(r.result); r.onerror = () => ok(undefined); });
        if (String(v ?? '').includes(${JSON.stringify(file)})) return true;
      } finally { db.close(); }
    }
    return false;
  })()`) as Promise<boolean>;
}

/** Waits until the next reload will (or will not) restore the file. */
async function untilStored(page: Page, open: boolean): Promise<void> {
  const deadline = Date.now() + PAGE_TIMEOUT_MS;
  while ((await storedEditorsInclude(page, FILE)) !== open) {
    if (Date.now() > deadline) throw new Error(`the workbench did not store ${FILE} as ${open ? 'open' : 'closed'}`);
    await new Promise((r) => setTimeout(r, 100)); // poll interval, not a wait for an outcome
  }
}

export async function benchActivate(): Promise<BenchResult[]> {
  ensureVsix();
  const wb = await loadWorkbenchLib();
  const tmp = mkdtempSync(join(tmpdir(), 'promptmeter-bench-activate-'));
  try {
    const folder = join(tmp, 'workspace');
    mkdirSync(folder);
    writeFileSync(join(folder, FILE), FILE_TEXT);
    const count = cliInputTokens(join(folder, FILE)).toLocaleString('en-US');
    const ours = await timeImpl(wb, { name: 'promptmeter', vsix: VSIX, lensPattern: `(?:^|[^\\d,])${count} in\\b.*/call` }, folder, join(tmp, 'activation.log'));
    const floor = await timeImpl(wb, { name: 'lens-only', vsix: packageLensOnly(tmp), lensPattern: 'lens-only in' }, folder, join(tmp, 'lens-only.log'));
    const ms = (xs: number[]) => Math.round(median(xs) * 1000) / 1000;
    const row = (name: string, impl: string, xs: number[], note?: string): BenchResult => ({ name, impl, medianMs: ms(xs), runs: xs.length, ...(note ? { note } : {}) });
    return [
      row('activate', 'promptmeter', ours.activate, 'activate() body only'),
      row('first-lens-reload', 'promptmeter', ours.reload),
      row('first-lens-reload', 'lens-only', floor.reload, 'an eager extension returning a fixed lens'),
      row('first-lens-open', 'promptmeter', ours.open),
      row('first-lens-open', 'lens-only', floor.open, 'an eager extension returning a fixed lens'),
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
