// Shared helper for the integration suite, the e2e suite and `npm start`: runs code-server (VS Code 1.100's
// workbench and Node extension host) on 127.0.0.1 and drives it with Debian's Chromium through playwright-core.
// See docs/e2e.md for why this setup, and the selectors that work.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR ?? join(ROOT, '.cache', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.PROMPTMETER_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Settings that keep a test workbench quiet and deterministic; callers' settings override them. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'editor.codeLens': true,
};

const live = new Set();
let exitHooksInstalled = false;

function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // Last resort: never leave a server behind, whatever way this process ends.
  process.on('exit', () => {
    for (const server of live) killGroup(server.pid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, async () => {
      if (live.size) console.error(`\n${signal}: stopping code-server`);
      await Promise.all([...live].map((server) => server.stop()));
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function isCodeServerInstalled() {
  return existsSync(CODE_SERVER_ENTRY);
}

export function ensureCodeServer() {
  if (isCodeServerInstalled()) return;
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'install-code-server.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/install-code-server.sh failed with exit code ${r.status}`);
}

/** A free TCP port on 127.0.0.1: `preferred` or the next free one after it, or any free port. */
export async function freePort(preferred) {
  const tryPort = (port) =>
    new Promise((res) => {
      const srv = createServer();
      srv.once('error', () => res(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const { port: got } = srv.address();
        srv.close(() => res(got));
      });
    });
  if (preferred) {
    for (let p = preferred; p < preferred + 100; p++) {
      const got = await tryPort(p);
      if (got) return got;
    }
  }
  const got = await tryPort(0);
  if (!got) throw new Error('no free port on 127.0.0.1');
  return got;
}

/** Environment for code-server: ours, minus anything an enclosing VS Code would leak into it. */
function serverEnv(dirs, extraEnv) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  return {
    ...env,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    EXTENSIONS_GALLERY: '{}',
    ...extraEnv,
  };
}

function runDirs(base) {
  const dirs = {
    base,
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
    xdgConfig: join(base, 'xdg-config'),
    xdgData: join(base, 'xdg-data'),
    log: join(base, 'code-server.log'),
  };
  for (const d of [dirs.userData, dirs.extensions, dirs.xdgConfig, dirs.xdgData]) mkdirSync(d, { recursive: true });
  return dirs;
}

/** Installs a VSIX into an extensions dir with code-server's own CLI (no server needed). */
export function installVsix(vsix, dirs, extraEnv = {}) {
  if (!existsSync(vsix)) throw new Error(`VSIX not found: ${vsix} (run \`npm run package\` first)`);
  const r = spawnSync(
    process.execPath,
    [CODE_SERVER_ENTRY, '--install-extension', vsix, '--force', '--extensions-dir', dirs.extensions,
      '--user-data-dir', dirs.userData],
    { env: serverEnv(dirs, extraEnv), encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) {
    throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout.trim();
}

async function waitForServer(url, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  for (;;) {
    if (exited) {
      throw new Error(`code-server exited early (${exited.code ?? exited.signal}):\n${readLog(logFile)}`);
    }
    try {
      const res = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer within ${timeoutMs} ms:\n${readLog(logFile)}`);
    await new Promise((r) => setTimeout(r, 100)); // poll interval, not a wait for an outcome
  }
}

function readLog(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts code-server on 127.0.0.1 with throwaway (or, with `stateDir`, persistent) user data and extensions.
 * @param {object} o
 * @param {string} [o.folder] folder the workbench opens
 * @param {string} [o.vsix] VSIX installed before start
 * @param {Record<string,string>} [o.env] extra environment for the server and its extension host
 * @param {object} [o.settings] user settings, written to <user-data>/User/settings.json before start
 * @param {boolean} [o.trust] keep workspace trust on (default: --disable-workspace-trust)
 * @param {number} [o.port] preferred port (default: any free port)
 * @param {string} [o.stateDir] persistent folder for user data and extensions (not deleted on stop)
 * @param {number} [o.timeoutMs] how long to wait for the server to answer
 */
export async function startWorkbench(o = {}) {
  if (!isCodeServerInstalled()) {
    throw new Error(`code-server is not installed at ${CODE_SERVER_DIR}: run \`bash scripts/install-code-server.sh\``);
  }
  installExitHooks();
  const throwaway = !o.stateDir;
  const base = o.stateDir ? resolve(o.stateDir) : mkdtempSync(join(tmpdir(), 'promptmeter-wb-'));
  const dirs = runDirs(base);
  const cleanupDirs = () => {
    if (throwaway && !process.env.PROMPTMETER_KEEP_WORKBENCH) rmSync(base, { recursive: true, force: true });
  };
  try {
    const settingsFile = join(dirs.userData, 'User', 'settings.json');
    mkdirSync(dirname(settingsFile), { recursive: true });
    // A persistent state dir keeps the settings its user changed.
    if (throwaway || o.settings || !existsSync(settingsFile)) {
      writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...(o.settings ?? {}) }, null, 2));
    }
    if (o.vsix) installVsix(o.vsix, dirs, o.env);
  } catch (e) {
    cleanupDirs();
    throw e;
  }

  const port = await freePort(o.port);
  const args = [
    CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-getting-started-override', '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
  ];
  if (!o.trust) args.push('--disable-workspace-trust');
  if (o.folder) args.push(resolve(o.folder));

  const logFd = openSync(dirs.log, 'a');
  const child = spawn(process.execPath, args, {
    cwd: base,
    env: serverEnv(dirs, o.env),
    detached: true, // own process group, so stop() reaches the extension host and pty hosts too
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const server = {
    pid: child.pid,
    port,
    url: `http://127.0.0.1:${port}/`,
    folder: o.folder ? resolve(o.folder) : undefined,
    dirs,
    child,
    stopping: false,
    log: () => readLog(dirs.log),
    stop: () => stopServer(server, cleanupDirs),
  };
  live.add(server);
  try {
    await waitForServer(server.url, child, dirs.log, o.timeoutMs ?? 60_000);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return server;
}

async function stopServer(server, cleanupDirs) {
  if (!live.has(server)) return;
  live.delete(server);
  server.stopping = true;
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    killGroup(server.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(server.pid, 'SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  }
  killGroup(server.pid, 'SIGKILL'); // stragglers in the group (extension host, file watcher)
  cleanupDirs();
}

/** Launches Debian's Chromium through playwright-core (never `playwright install`). */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package 'chromium'`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Workbench URL for a folder, optionally with test-web style payload entries ([key, value] pairs). */
export function workbenchUrl(server, { folder = server.folder, payload } = {}) {
  const params = new URLSearchParams();
  if (folder) params.set('folder', folder);
  let url = `${server.url}?${params.toString()}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** A vscode-remote:// URI for an absolute path on the server's machine (for extensionDevelopmentPath etc.). */
export function remoteUri(server, absPath) {
  return `vscode-remote://127.0.0.1:${server.port}${resolve(absPath)}`;
}

/** Runs fn(server) and always stops the server. */
export async function withWorkbench(options, fn) {
  const server = await startWorkbench(options);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}
