// Mocha runner for the integration suite, loaded by the extension host (test-electron's and code-server's
// extensionTestsPath contract: export run(), resolve on success, reject on failure).
// esbuild bundles this file into out/integration/index.js with 'vscode' and 'mocha' external, so the suites are
// imported statically below (lazily, after mocha has defined describe/it) instead of globbed from disk.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** The bundled suites. Add a new *.test.ts file here. */
const suites: Record<string, () => Promise<unknown>> = {
  'activation.test': () => import('./activation.test'),
  'commands.test': () => import('./commands.test'),
  'counting.test': () => import('./counting.test'),
  'exactCounts.test': () => import('./exactCounts.test'),
  'lens.test': () => import('./lens.test'),
  'lint.test': () => import('./lint.test'),
  'run.test': () => import('./run.test'),
  'settings.test': () => import('./settings.test'),
};

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  // PROMPTMETER_INTEGRATION_GREP=exact runs only the matching tests, while working on one feature.
  if (process.env.PROMPTMETER_INTEGRATION_GREP) mocha.grep(process.env.PROMPTMETER_INTEGRATION_GREP);
  for (const [name, load] of Object.entries(suites)) {
    mocha.suite.emit('pre-require', globalThis, name, mocha);
    await load();
  }
  // Suites compiled as separate *.test.js files next to the runner (an unbundled build) still run.
  for (const file of fs.readdirSync(__dirname)) {
    if (file.endsWith('.test.js') && !(file.slice(0, -3) in suites)) mocha.addFile(path.join(__dirname, file));
  }

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
