#!/usr/bin/env node
// `npm start`: build and package the extension, then open the examples with it installed: in desktop VS Code
// when `code` is on PATH, otherwise in code-server on 127.0.0.1 (port 8080 or the next free one) until Ctrl+C.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ensureCodeServer, startWorkbench } from './lib/workbench.mjs';

const VSIX = join(ROOT, 'dist', 'promptmeter.vsix');
const EXAMPLES = join(ROOT, 'examples');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\`${cmd} ${args.join(' ')}\` failed with exit code ${r.status ?? r.signal}`);
    process.exit(r.status ?? 1);
  }
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

run('npm', ['run', 'package']);

if (onPath('code') && !process.env.PROMPTMETER_START_CODE_SERVER) {
  run('code', ['--install-extension', VSIX, '--force']);
  run('code', [EXAMPLES]);
  console.log('Opened examples/ in VS Code with dist/promptmeter.vsix installed.');
} else {
  ensureCodeServer();
  const server = await startWorkbench({
    folder: EXAMPLES,
    vsix: VSIX,
    port: Number(process.env.PORT ?? 8080),
    stateDir: join(ROOT, '.cache', 'start'), // keeps settings, keys and opened editors between runs
  });
  console.log(`Promptmeter in code-server: ${server.url}?folder=${encodeURIComponent(EXAMPLES)}`);
  console.log('Press Ctrl+C to stop.');
  // Ctrl+C: scripts/lib/workbench.mjs stops the server's process group and exits.
  server.child.once('exit', (code) => {
    if (server.stopping) return;
    console.error(`code-server exited (${code}); its log:\n${server.log()}`);
    process.exit(code || 1);
  });
}
