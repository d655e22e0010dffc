// Serves the built spend page over 127.0.0.1 in an HTML harness that stands in for the VS Code webview host:
// the same CSP, the theme's CSS variables, and an `acquireVsCodeApi` that records posted messages.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json', '.html': 'text/html' };

/** Light+ and Dark Modern values of the variables the page reads. */
const THEMES = {
  'vscode-light': {
    foreground: '#3b3b3b', descriptionForeground: '#717171', 'editor-background': '#ffffff', 'sideBar-background': '#f8f8f8',
    'charts-blue': '#1a85ff', 'charts-red': '#e51400', 'charts-orange': '#d18616', 'charts-green': '#388a34',
    'charts-purple': '#652d90', 'charts-yellow': '#bf8803', 'button-background': '#005fb8', 'button-foreground': '#ffffff',
    'button-hoverBackground': '#0258a8', 'textLink-foreground': '#005fb8', 'editorWidget-border': '#c8c8c8',
    'editorWidget-background': '#f8f8f8', 'dropdown-background': '#ffffff', 'dropdown-foreground': '#3b3b3b',
    'dropdown-border': '#cecece', 'list-hoverBackground': '#f2f2f2', 'focusBorder': '#005fb8', errorForeground: '#f85149',
    'input-background': '#e8e8e8',
  },
  'vscode-dark': {
    foreground: '#cccccc', descriptionForeground: '#9d9d9d', 'editor-background': '#1f1f1f', 'sideBar-background': '#181818',
    'charts-blue': '#3794ff', 'charts-red': '#f14c4c', 'charts-orange': '#d18616', 'charts-green': '#89d185',
    'charts-purple': '#b180d7', 'charts-yellow': '#cca700', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
    'button-hoverBackground': '#026ec1', 'textLink-foreground': '#4daafc', 'editorWidget-border': '#454545',
    'editorWidget-background': '#202020', 'dropdown-background': '#313131', 'dropdown-foreground': '#cccccc',
    'dropdown-border': '#3c3c3c', 'list-hoverBackground': '#2a2d2e', 'focusBorder': '#0078d4', errorForeground: '#f85149',
    'input-background': '#313131',
  },
};

const themeCss = () => Object.entries(THEMES).map(([cls, vars]) =>
  `body.${cls} {\n${Object.entries(vars).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n')}\n  --vscode-font-family: system-ui, sans-serif;\n  --vscode-font-size: 13px;\n}`).join('\n');

/**
 * The host's stand-in: answers `ready` and `setFilter` with the current snapshot and times the first render. With
 * `?hold=1` the first answer waits for `window.__release()`, so a test can look at the page before data arrives.
 */
const stubJs = (snapshot) => `(() => {
  window.__posted = []; window.__cspViolations = []; window.__snapshot = ${JSON.stringify(snapshot)};
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  let state;
  const held = new URLSearchParams(location.search).get('hold') === '1'
    ? new Promise((resolve) => { window.__release = resolve; }) : Promise.resolve();
  const reply = async (filter) => {
    await held;
    window.__sentAt = performance.now();
    window.postMessage({ type: 'snapshot', snapshot: window.__snapshot, filter: filter ?? { range: 'all' } }, '*');
  };
  new MutationObserver(() => {
    if (window.__firstRenderMs === undefined && document.body.dataset.renders) {
      window.__firstRenderMs = performance.now() - window.__sentAt;
      requestAnimationFrame(() => requestAnimationFrame(() => { window.__firstPaintMs = performance.now() - window.__sentAt; }));
    }
  }).observe(document.documentElement, { attributes: true, subtree: true, attributeFilter: ['data-renders'] });
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage(m) { window.__posted.push(m); if (m.type === 'ready' || m.type === 'setFilter') setTimeout(() => reply(m.filter), 0); },
      getState: () => state,
      setState: (s) => { state = JSON.parse(JSON.stringify(s)); window.__state = state; },
    };
  };
})();`;

const html = (origin, theme, mode, placeholder) => {
  const nonce = 'harness' + Math.floor(performance.now());
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src ${origin}; img-src ${origin} data:; font-src ${origin};">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${origin}/theme.css"><link rel="stylesheet" href="${origin}/media/panel.css"><title>Spend</title></head>
<body class="${theme}" data-mode="${mode}">${placeholder?.(mode) ?? ''}<script nonce="${nonce}" src="${origin}/stub.js"></script><script nonce="${nonce}" src="${origin}/media/dist/panel.js"></script></body></html>`;
};

/**
 * Starts the server on a free port; `setSnapshot` changes what the next page load receives. `placeholder(mode)`:
 * the static markup the extension's HTML puts before the script (the loading skeleton).
 */
export async function startPanelServer(root, snapshot, { placeholder } = {}) {
  let current = snapshot;
  const mediaRoot = join(root, 'media');
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status, type, body) => { res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }); res.end(body); };
    if (url.pathname === '/panel.html') return send(200, TYPES['.html'], html(origin, url.searchParams.get('theme') ?? 'vscode-light', url.searchParams.get('mode') ?? 'full', placeholder));
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (url.pathname === '/theme.css') return send(200, TYPES['.css'], themeCss());
    if (url.pathname === '/stub.js') return send(200, TYPES['.js'], stubJs(current));
    if (url.pathname.startsWith('/media/')) {
      const file = normalize(join(mediaRoot, decodeURIComponent(url.pathname.slice('/media/'.length))));
      if (!file.startsWith(mediaRoot + sep)) return send(403, 'text/plain', 'outside media');
      try { return send(200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file)); } catch { return send(404, 'text/plain', 'not found'); }
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (theme = 'vscode-light', mode = 'full', extra = '') => `${origin}/panel.html?theme=${theme}&mode=${mode}${extra}`,
    setSnapshot: (s) => { current = s; },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

/** Loads the page and waits until it has rendered a snapshot (and the browser painted it). */
export async function openPanel(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__firstPaintMs !== undefined);
  return page.evaluate(() => ({ firstRenderMs: window.__firstRenderMs, firstPaintMs: window.__firstPaintMs, renderMs: Number(document.body.dataset.renderMs) }));
}
