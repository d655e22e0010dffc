#!/usr/bin/env node
// `npm run test:integration`: the mocha suite in test/integration inside a real VS Code extension host.
// First choice: @vscode/test-electron (downloads VS Code desktop). Where that download is impossible (offline
// machines like this one), the same suite runs in code-server's workbench, driven by Chromium (docs/e2e.md).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { ROOT, ensureCodeServer, launchBrowser, remoteUri, startWorkbench, workbenchUrl } from './lib/workbench.mjs';

const RUNNER = join(ROOT, 'out', 'integration', 'index.js');
const EXTENSION = join(ROOT, 'dist', 'extension.js');
const SUITE_TIMEOUT_MS = Number(process.env.PROMPTMETER_INTEGRATION_TIMEOUT_MS ?? 5 * 60_000);
const SHOTS = join(ROOT, 'test-results', 'integration');
// The workbench's own chatter that reaches codeAutomationLog along with mocha's output.
const WORKBENCH_NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|Ignoring fetching additional builtin|ChatSessionStore|Updating additional builtin extensions cache)/;

function buildIfMissing() {
  if (existsSync(RUNNER) && existsSync(EXTENSION)) return;
  console.log('out/integration/index.js or dist/extension.js missing: running `npm run build`');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  if (!existsSync(RUNNER)) {
    console.error('npm run build did not produce out/integration/index.js');
    process.exit(1);
  }
}

/** A throwaway workspace: a copy of examples/, so the suite never edits the repo's files. */
function makeWorkspace() {
  const ws = mkdtempSync(join(tmpdir(), 'promptmeter-it-'));
  if (existsSync(join(ROOT, 'examples'))) cpSync(join(ROOT, 'examples'), ws, { recursive: true });
  return ws;
}

/** @returns {Promise<{code: number} | {unavailable: string}>} the suite's exit code, or why VS Code cannot run. */
async function runInTestElectron(workspace) {
  const { downloadAndUnzipVSCode, runTests, SilentReporter } = await import('@vscode/test-electron');
  let executable;
  try {
    executable = await downloadAndUnzipVSCode({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      reporter: new SilentReporter(),
      cachePath: join(ROOT, '.vscode-test'),
      timeout: 30_000,
    });
  } catch (e) {
    if (process.env.PROMPTMETER_DEBUG) console.error(e);
    return { unavailable: 'VS Code download unavailable' };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { unavailable: 'VS Code desktop needs a display (run under xvfb-run to use it)' };
  }
  try {
    const code = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: RUNNER,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
    return { code };
  } catch (e) {
    console.error(`integration suite failed in VS Code: ${e?.message ?? e}`);
    return { code: typeof e?.code === 'number' ? e.code || 1 : 1 };
  }
}

/** Runs the suite in code-server via the workbench URL payload; the result arrives through codeAutomationExit. */
async function runInCodeServer(workspace) {
  ensureCodeServer();
  const server = await startWorkbench({ folder: workspace });
  let browser;
  const output = [];
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let finish;
    let done = false;
    const exited = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      if (done) return;
      const line = format(...(Array.isArray(args) ? args : [args]));
      output.push(line);
      if (WORKBENCH_NOISE.test(line) && !process.env.PROMPTMETER_DEBUG) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      done = true;
      finish(Number(code));
    });
    page.on('pageerror', (e) => console.error(`[workbench page error] ${e.message}`));

    const payload = [
      ['extensionDevelopmentPath', remoteUri(server, ROOT)],
      ['extensionTestsPath', remoteUri(server, RUNNER)],
    ];
    await page.goto(workbenchUrl(server, { payload }));
    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS)));
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code === 'timeout') {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'timeout.png') }).catch(() => {});
      console.error(`integration suite did not finish within ${SUITE_TIMEOUT_MS} ms (screenshot: test-results/integration/timeout.png)`);
      console.error(server.log());
      return 1;
    }
    // Never a silent pass: a suite that ran no test, or whose output never arrived, is a failure.
    const text = output.join('\n');
    const passing = Number(/(\d+) passing/.exec(text)?.[1] ?? 0);
    if (code === 0 && passing === 0) {
      console.error('integration suite reported success but no test ran');
      return 1;
    }
    return code;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

buildIfMissing();
const workspace = makeWorkspace();
let code;
try {
  const started = Date.now();
  const desktop = await runInTestElectron(workspace);
  if ('code' in desktop) {
    code = desktop.code;
  } else {
    console.log(`${desktop.unavailable}; running the integration suite in code-server instead`);
    code = await runInCodeServer(workspace);
  }
  console.log(`integration: exit ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error(`integration harness error: ${e?.stack ?? e}`);
  code = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
process.exit(code);
