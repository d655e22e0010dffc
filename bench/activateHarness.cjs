// One fresh Node process does what VS Code's extension host does with the extension: require its main bundle, then
// call activate(). A permissive stand-in answers the `vscode` API calls activation makes. Prints the milliseconds.
'use strict';
const Module = require('node:module');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** Any property is another stub, any call or `new` returns one; `get(key, fallback)` returns the fallback. */
function stub() {
  const cache = new Map();
  return new Proxy(function () {}, {
    get(_t, k) {
      if (k === 'then') return undefined;
      if (k === Symbol.iterator) return function* () {};
      if (k === Symbol.toPrimitive) return () => 0;
      if (k === 'get') return (_key, fallback) => fallback;
      if (k === 'length') return 0;
      if (!cache.has(k)) cache.set(k, stub());
      return cache.get(k);
    },
    set(_t, k, v) { cache.set(k, v); return true; },
    apply: () => stub(),
    construct: () => stub(),
  });
}

const bundle = process.argv[2];
// The bundle copies the module's own names (esbuild's namespace import), so the stand-in has every name the API
// declares (@types/vscode).
const declared = require('node:fs').readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const used = new Set([...declared.matchAll(/^\t?\s{0,4}export (?:namespace|class|enum|const|function|let)\s+(\w+)/gm)].map((m) => m[1]));
const vscode = Object.fromEntries([...used].map((name) => [name, stub()]));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const dir = mkdtempSync(join(tmpdir(), 'promptmeter-activate-'));
const uri = (p) => ({ fsPath: p, path: p, scheme: 'file', toString: () => `file://${p}` });
const memento = { get: (_k, d) => d, update: async () => undefined, keys: () => [], setKeysForSync: () => undefined };
const context = {
  subscriptions: [], workspaceState: memento, globalState: memento,
  secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: () => ({ dispose() {} }) },
  extensionPath: dir, extensionUri: uri(dir), globalStorageUri: uri(dir), globalStoragePath: dir, storageUri: uri(dir),
  storagePath: dir, logUri: uri(dir), logPath: dir, extensionMode: 1, asAbsolutePath: (p) => join(dir, p),
};

// The extension host has these loaded before any extension (the static imports of VS Code 1.100's
// out/vs/workbench/api/node/extensionHostProcess.js), so an extension does not pay for them.
for (const m of ['child_process', 'events', 'fs', 'http', 'net', 'os', 'stream', 'string_decoder', 'url', 'util', 'zlib']) require(m);
void require('fs').promises; // its own file handling (vs/base/node/pfs) runs on fs.promises

const t0 = performance.now();
const ext = require(bundle);
ext.activate(context);
process.stdout.write(`${performance.now() - t0}\n`);
for (const d of context.subscriptions) try { d.dispose?.(); } catch { /* stubs */ }
process.exit(0);
