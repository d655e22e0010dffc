// One build script: the extension and CLI for Node, the spend panel for the browser, the integration suite.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

// Some ESM dependencies (fdir) read import.meta.url, which a CJS bundle must supply.
const importMeta = { define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" } };
// The price catalogue's version goes into keys of caches that hold priced results (src/core/pricing/prices.ts).
const catalogueVersion = JSON.parse(readFileSync('node_modules/@pydantic/genai-prices/package.json', 'utf8')).version;
const node = { ...common, ...importMeta, platform: 'node', format: 'cjs', target: 'node20',
  define: { ...importMeta.define, 'process.env.PROMPTMETER_CATALOGUE_VERSION': JSON.stringify(catalogueVersion) } };

// Fast start: these packages are bundled alone into dist/lib/ and loaded on first use, so requiring the extension
// reads only what the first lens needs (parser, encoder code, price lookup code). Each vocabulary is megabytes.
const LAZY = ['openai', '@anthropic-ai/sdk', 'redis', 'handlebars', 'nunjucks', '@pydantic/genai-prices',
  'gpt-tokenizer/cjs/bpeRanks/o200k_base', 'gpt-tokenizer/cjs/bpeRanks/cl100k_base', 'ajv', 'csv-parse/sync', 'proper-lockfile',
  'lru-cache'];
const lazyFile = (spec) => `dist/lib/${spec.replace(/^@/, '').replace(/\//g, '-')}.js`;
const requireHere = createRequire(import.meta.url);

/** Stands in for a lazy package: an object whose exports are getters that require dist/lib/<package>.js. */
function lazyShim(spec, fromDir) {
  const real = requireHere(spec);
  const builtin = new Set(typeof real === 'function' ? Object.getOwnPropertyNames(Function.prototype).concat(['length', 'name', 'prototype']) : []);
  const keys = Object.getOwnPropertyNames(real).filter((k) => k !== '__esModule' && !builtin.has(k));
  const file = './' + relative(fromDir, lazyFile(spec)).split('\\').join('/');
  return `let m; const load = () => m || (m = require(${JSON.stringify('lazy-file:' + file)}));
Object.defineProperty(exports, '__esModule', { value: ${real.__esModule === true} });
for (const k of ${JSON.stringify(keys)}) Object.defineProperty(exports, k, { enumerable: true, get: () => load()[k] });`;
}

const lazyPackages = (outfile) => ({
  name: 'lazy-packages',
  setup(b) {
    const exact = new RegExp(`^(${LAZY.map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter: exact }, (a) => ({ path: a.path, namespace: 'lazy-package' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (a) => ({ contents: lazyShim(a.path, dirname(outfile)), loader: 'js' }));
    b.onResolve({ filter: /^lazy-file:/ }, (a) => ({ path: a.path.slice('lazy-file:'.length), external: true }));
  },
});

/**
 * `import * as vscode from 'vscode'` in a CJS bundle copies every API name into a fresh namespace object at each of
 * the ~35 import sites (esbuild's __toESM). One ESM re-export module copies them once and every site shares it.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(b) {
    b.onResolve({ filter: /^vscode$/ }, (a) => (a.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    b.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

const builds = [];
if (existsSync('src/extension.ts')) {
  builds.push({ ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'],
    plugins: [vscodeOnce, lazyPackages('dist/extension.js')] });
  // Document analysis runs in a worker thread, off the extension host's main thread; it loads dist/lib lazily too.
  builds.push({ ...node, entryPoints: ['src/editor/analysis/worker.ts'], outfile: 'dist/analysisWorker.js',
    plugins: [lazyPackages('dist/analysisWorker.js')] });
}
builds.push({ ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', plugins: [lazyPackages('dist/cli.js')],
  banner: { js: `#!/usr/bin/env node\n${importMeta.banner.js}` } });
for (const spec of LAZY) {
  builds.push({ ...node, stdin: { contents: `module.exports = require(${JSON.stringify(spec)});`, resolveDir: '.', loader: 'js' },
    outfile: lazyFile(spec) });
}
if (existsSync('media/src/panel.ts')) {
  builds.push({ ...common, entryPoints: ['media/src/panel.ts'], outfile: 'media/dist/panel.js', platform: 'browser',
    format: 'iife', target: 'chrome120' });
}
if (existsSync('media/src/eval/main.ts')) {
  builds.push({ ...common, entryPoints: ['media/src/eval/main.ts'], outfile: 'media/dist/eval.js', platform: 'browser',
    format: 'iife', target: 'chrome120' });
}
// The cost-history chart: Chart.js enters only this browser bundle, never dist/extension.js.
if (existsSync('media/src/history/main.ts')) {
  builds.push({ ...common, entryPoints: ['media/src/history/main.ts'], outfile: 'media/dist/history.js', platform: 'browser',
    format: 'iife', target: 'chrome120' });
}
if (existsSync('test/integration/index.ts')) {
  builds.push({ ...node, entryPoints: ['test/integration/index.ts'], outfile: 'out/integration/index.js',
    external: ['vscode', 'mocha'] });
}

// The vocabularies as binary files next to the bundles (scripts/vocab.ts): read in milliseconds, not parsed as JS.
const vocabInputs = ['scripts/vocab.ts', 'src/core/tokens/vocabFile.ts', 'node_modules/gpt-tokenizer/package.json'];
const vocabOutputs = ['dist/lib/o200k_base.bin', 'dist/lib/cl100k_base.bin'];
const newest = Math.max(...vocabInputs.map((f) => statSync(f).mtimeMs));
if (!vocabOutputs.every((f) => existsSync(f) && statSync(f).mtimeMs >= newest)) {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/vocab.ts'], { stdio: 'inherit' });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
