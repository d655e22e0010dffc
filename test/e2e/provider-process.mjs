// The test provider server (test/e2e/run-provider.mjs) in its own process group, for the suites that run prompts.
import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../../scripts/lib/workbench.mjs';

/**
 * Starts the provider server and resolves with its addresses (`url`, `openaiBaseUrl`, `anthropicBaseUrl`) once it
 * prints them. `requests` lists what it received, from its request log; `events` emits 'request' for each.
 */
export async function startProvider(args = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'e2e', 'run-provider.mjs'), ...args], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events = new EventEmitter();
  const provider = { child, requests: [], events, stop: () => stopProcess(child) };
  const lines = createInterface({ input: child.stdout });
  const started = new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`provider server exited early (${code})`)));
    lines.on('line', (line) => {
      const msg = JSON.parse(line);
      if (msg.url) resolve(msg);
      if (msg.request) { provider.requests.push(msg.request); events.emit('request', msg.request); }
    });
  });
  try {
    Object.assign(provider, await started);
  } catch (e) {
    await provider.stop();
    throw e;
  }
  return provider;
}

/** SIGTERM to the child's whole process group (it was spawned detached), resolving once the child exits. */
export async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  await exited;
}
