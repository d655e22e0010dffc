#!/usr/bin/env node
// `npm run test:e2e`: the packaged extension (dist/promptmeter.vsix) in code-server, driven by Chromium.
// Builds nothing: `npm test` packages first; standalone, run `npm run package` before this.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureCodeServer } from './lib/workbench.mjs';

for (const built of ['dist/promptmeter.vsix', 'dist/cli.js']) {
  if (!existsSync(join(ROOT, built))) {
    console.error(`${built} is missing: run \`npm run package\` first`);
    process.exit(1);
  }
}
ensureCodeServer();

const specs = readdirSync(join(ROOT, 'test', 'e2e'))
  .filter((f) => f.endsWith('.e2e.mjs'))
  .map((f) => join('test', 'e2e', f));
if (specs.length === 0) {
  console.error('no test/e2e/*.e2e.mjs suites found');
  process.exit(1);
}
rmSync(join(ROOT, 'test-results', 'e2e'), { recursive: true, force: true });

const started = Date.now();
// --no-config: .mocharc.json is for the TypeScript unit tests; these suites are plain ESM.
const r = spawnSync(
  process.execPath,
  [join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--ui', 'bdd', '--reporter', 'spec',
    '--timeout', '180000', '--exit', ...process.argv.slice(2), ...specs],
  { cwd: ROOT, stdio: 'inherit' },
);
console.log(`e2e: exit ${r.status ?? r.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
  '(screenshots in test-results/e2e/)');
process.exit(r.status ?? 1);
