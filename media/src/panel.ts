import { assertNever, DEFAULT_FILTER, type HostMessage, type SpendFilter } from '../../src/core/spend/protocol';
import type { SpendSnapshot } from '../../src/core/spend/snapshot';
import { ChartSet, type ChartName } from './charts';
import { h, section } from './dom';
import { DEFAULT_SORT, recentTable, type Sort } from './table';
import { filterBar, insightsView, savingsView, totalsView } from './views';
import { updateState, vscode } from './vscode';

// The sidebar view loads this same bundle with <body data-mode="compact">.
const compact = document.body.dataset.mode === 'compact';
const saved = vscode.getState() ?? {};
let filter: SpendFilter = saved.filter ?? DEFAULT_FILTER;
let sort: Sort = saved.sort ?? DEFAULT_SORT;
let current: SpendSnapshot | undefined;
let renders = 0;
const charts = new ChartSet();
// The host's HTML carries a skeleton (src/editor/spend/skeleton.ts) that stays until the first snapshot or error.
const skeleton = document.getElementById('skeleton');
document.body.dataset.skeleton = skeleton ? 'shown' : 'absent';

const status = h('p', { id: 'status', role: 'status', 'aria-live': 'polite' }, 'Loading spend…');
const slots = {
  filters: h('div', { id: 'filters-slot' }),
  totals: h('div', { id: 'totals-slot' }),
  savings: h('div', { id: 'savings-slot' }),
  insights: h('div', { id: 'insights-slot' }),
  recent: h('div', { id: 'recent-slot', class: 'table-wrap' }),
};

function figure(name: ChartName, title: string, description: string): [HTMLElement, HTMLCanvasElement] {
  const canvas = h('canvas', { id: `chart-${name}`, role: 'img', 'aria-label': description });
  return [h('figure', { class: 'chart' }, h('figcaption', {}, title), h('div', { class: 'chart-box' }, canvas)), canvas];
}

const [overTimeFig, overTime] = figure('spendOverTime', 'Spend over time by model', 'Stacked bars of daily spend, one colour per model');
const [byFileFig, byFile] = figure('spendByFile', 'Spend by prompt file', 'Bars of spend for the ten costliest prompt files');
const [cacheFig, cache] = figure('cacheHitRate', 'Cache hit rate by layer', 'Bars of the share of calls each cache layer answered');
const canvases: Record<ChartName, HTMLCanvasElement> = { spendOverTime: overTime, spendByFile: byFile, cacheHitRate: cache };

function layout(): void {
  let main: HTMLElement;
  if (compact) {
    const show = h('button', { type: 'button', class: 'link', id: 'show-spend' }, 'Show Spend');
    show.addEventListener('click', () => vscode.postMessage({ type: 'showPanel' }));
    main = h('main', { class: 'compact' }, status, slots.totals, slots.savings, show);
  } else {
    main = h('main', {},
      h('header', {}, h('h1', {}, 'Spend'), slots.filters), status, slots.totals, slots.savings,
      section('charts', null, overTimeFig, byFileFig, cacheFig),
      slots.insights, section('recent', 'Recent calls', slots.recent));
  }
  // Built hidden behind the skeleton, so the page is never blank and never shows empty cards.
  main.id = 'content';
  main.hidden = !!skeleton;
  document.body.replaceChildren(...(skeleton ? [skeleton] : []), main);
}

/** The first snapshot (or error) is in: the skeleton makes way for the real page. */
function reveal(): void {
  if (!skeleton?.isConnected) return;
  skeleton.remove();
  document.getElementById('content')!.hidden = false;
  document.body.dataset.skeleton = 'replaced';
}

const openFile = (path: string) => vscode.postMessage({ type: 'openFile', path });

function renderTable(s: SpendSnapshot): void {
  slots.recent.replaceChildren(s.recent.length
    ? recentTable(s.recent, sort, {
      onSort: (next) => { sort = next; updateState({ sort }); renderTable(s); slots.recent.querySelector<HTMLElement>(`button[data-key="${next.key}"]`)?.focus(); },
      onOpen: openFile,
    })
    : h('p', { class: 'muted' }, 'No calls in this range.'));
}

/** Every snapshot is drawn in full: the host always sends the whole picture. */
function render(s: SpendSnapshot): void {
  const started = performance.now();
  current = s;
  status.textContent = s.all.calls ? '' : 'No calls recorded in this range yet.';
  slots.totals.replaceChildren(totalsView(s));
  slots.savings.replaceChildren(savingsView(s));
  if (!compact) {
    slots.filters.replaceChildren(filterBar(filter, s.workspaces, {
      onFilter: (f) => { filter = f; updateState({ filter }); status.textContent = 'Loading spend…'; vscode.postMessage({ type: 'setFilter', filter }); },
      onExport: (format) => vscode.postMessage({ type: 'export', format }),
    }));
    charts.render(canvases, s);
    slots.insights.replaceChildren(insightsView(s.insights, openFile));
    renderTable(s);
  }
  renders++;
  document.body.dataset.renders = String(renders);
  // Read by the browser test and the bench: how long drawing one snapshot took.
  document.body.dataset.renderMs = (performance.now() - started).toFixed(1);
}

function onMessage(m: HostMessage): void {
  switch (m.type) {
    case 'snapshot':
      filter = m.filter;
      reveal(); // first: the charts measure their boxes, which a hidden page does not have
      render(m.snapshot);
      return;
    case 'error':
      status.textContent = `Could not load spend: ${m.message}`;
      reveal();
      return;
    default:
      assertNever(m);
  }
}

window.addEventListener('message', (e: MessageEvent<HostMessage>) => onMessage(e.data));
// VS Code swaps the body's theme class when the theme changes: redraw the charts in the new colours.
new MutationObserver(() => { if (current && !compact) charts.render(canvases, current); })
  .observe(document.body, { attributes: true, attributeFilter: ['class'] });
layout();
vscode.postMessage({ type: 'ready', filter });
