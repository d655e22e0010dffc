// The before/after hooks every workbench e2e suite shares: call `useWorkbench` inside a mocha `describe`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, launchBrowser, startWorkbench } from '../../scripts/lib/workbench.mjs';
import { numberedShots } from './workbench-page.mjs';

export const VSIX = join(ROOT, 'dist', 'promptmeter.vsix');

/** The spend ledger the extension writes under the server's global storage. */
export const ledgerFile = (server) =>
  join(server.dirs.userData, 'User', 'globalStorage', 'promptmeter.promptmeter', 'ledger.jsonl');

/**
 * Registers the suite's hooks. Before: a temp workspace filled by `fill(dir)`, code-server on it with the VSIX and
 * the `server` options (a function is called then, so they can use what an earlier hook started), Chromium, a page of `viewport`
 * size and numbered screenshots `<prefix>-NN-<step>.png`. After each failed test: a screenshot. After: the browser
 * closed, the server stopped, the workspace deleted.
 * @returns {{ workspace: string, server: object, browser: object, page: object, shot: (name: string) => Promise<string> }}
 *   filled in by the before hook
 */
export function useWorkbench({ prefix, fill, viewport, server: options = {} }) {
  const wb = {};
  before(async () => {
    wb.workspace = mkdtempSync(join(tmpdir(), `promptmeter-${prefix}-e2e-`));
    fill(wb.workspace);
    wb.server = await startWorkbench({ folder: wb.workspace, vsix: VSIX, ...(typeof options === 'function' ? options() : options) });
    wb.browser = await launchBrowser();
    wb.page = await wb.browser.newPage({ viewport });
    wb.shot = numberedShots(wb.page, prefix);
  });

  after(async () => {
    await wb.browser?.close().catch(() => {});
    await wb.server?.stop();
    if (wb.workspace) rmSync(wb.workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb.shot) {
      await wb.shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
    }
  });
  return wb;
}
