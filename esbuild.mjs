// One build script: the extension and CLI for Node, the spend panel for the browser, the integration suite.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs',
    target: 'node20', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20',
    banner: { js: '#!/usr/bin/env node' } },
];
if (existsSync('media/src/panel.ts')) {
  builds.push({ ...common, entryPoints: ['media/src/panel.ts'], outfile: 'media/dist/panel.js', platform: 'browser',
    format: 'iife', target: 'chrome120' });
}
if (existsSync('test/integration/index.ts')) {
  builds.push({ ...common, entryPoints: ['test/integration/index.ts'], outfile: 'out/integration/index.js',
    platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'] });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
