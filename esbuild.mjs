// One build script: the extension and CLI for Node, the spend panel for the browser, the integration suite.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

// Some ESM dependencies (fdir) read import.meta.url, which a CJS bundle must supply.
const importMeta = { define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" } };
const node = { ...common, ...importMeta, platform: 'node', format: 'cjs', target: 'node20' };

const builds = [];
if (existsSync('src/extension.ts')) {
  builds.push({ ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
}
builds.push({ ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js',
  banner: { js: `#!/usr/bin/env node\n${importMeta.banner.js}` } });
if (existsSync('media/src/panel.ts')) {
  builds.push({ ...common, entryPoints: ['media/src/panel.ts'], outfile: 'media/dist/panel.js', platform: 'browser',
    format: 'iife', target: 'chrome120' });
}
if (existsSync('media/src/eval/main.ts')) {
  builds.push({ ...common, entryPoints: ['media/src/eval/main.ts'], outfile: 'media/dist/eval.js', platform: 'browser',
    format: 'iife', target: 'chrome120' });
}
if (existsSync('test/integration/index.ts')) {
  builds.push({ ...node, entryPoints: ['test/integration/index.ts'], outfile: 'out/integration/index.js',
    external: ['vscode', 'mocha'] });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
