// The cost-history chart: tokens and $/call of one prompt file at each commit that touched it.
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration, type TooltipModel } from 'chart.js';
import { formatCost, formatCount } from '../../../src/core/money';
import type { HistoryPoint } from '../../../src/core/review/history';
import type { HistoryHostMessage, HistoryPageMessage } from '../../../src/core/review/historyView';
import { h } from '../dom';
import { usdAxis } from '../format';
import { themeColours } from '../theme';

// Only what one line chart uses, so the bundle stays small.
Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

interface Api { postMessage(m: HistoryPageMessage): void }
declare function acquireVsCodeApi(): Api;
const vscode = acquireVsCodeApi();

const title = h('h1', {}, 'Cost history');
const status = h('p', { id: 'status', role: 'status', 'aria-live': 'polite' }, 'Reading the history…');
const note = h('p', { class: 'muted', id: 'note' });
const canvas = h('canvas', { id: 'history-chart', role: 'img', 'aria-label': 'Input tokens and cost per call at each commit, oldest first' });
const tip = h('div', { id: 'tooltip', role: 'tooltip', hidden: true });
const figure = h('figure', { class: 'chart', hidden: true }, h('div', { class: 'chart-box history-box' }, canvas, tip));
const commits = h('div', { id: 'commits', class: 'table-wrap' });
let points: HistoryPoint[] = [];
let chart: Chart<'line'> | undefined;

const tokens = (p: HistoryPoint) => `${formatCount(p.inputTokens, p.estimated)} tokens`;
const perCall = (p: HistoryPoint) => (p.perCallMicros === null ? formatCost(undefined) : `${formatCost(p.perCallMicros, p.estimated)}/call`);
const day = (iso: string) => iso.slice(0, 10);
const openDiff = (index: number) => vscode.postMessage({ type: 'openDiff', index });

/** The hover card: commit, subject, author, date, tokens and $/call, beside the point. */
function showTip(model: TooltipModel<'line'>): void {
  const i = model.dataPoints?.[0]?.dataIndex;
  if (!model.opacity || i === undefined || !points[i]) { tip.hidden = true; return; }
  const p = points[i];
  tip.replaceChildren(
    h('strong', {}, p.commit.slice(0, 7)), ' ', h('span', {}, p.subject),
    h('div', { class: 'muted' }, `${p.author} · ${day(p.date)}${p.path !== points[points.length - 1].path ? ` · ${p.path}` : ''}`),
    h('div', {}, `${tokens(p)} · ${perCall(p)} · ${p.model}`),
    h('div', { class: 'muted' }, 'Click to open this revision\'s diff'));
  tip.dataset.index = String(i);
  tip.hidden = false;
  const box = canvas.getBoundingClientRect();
  const left = Math.min(Math.max(model.caretX + 12, 0), Math.max(box.width - tip.offsetWidth - 4, 0));
  tip.style.left = `${model.caretX + 12 + tip.offsetWidth > box.width ? Math.max(model.caretX - tip.offsetWidth - 12, 0) : left}px`;
  tip.style.top = `${Math.max(model.caretY - tip.offsetHeight / 2, 0)}px`;
}

function config(): ChartConfiguration<'line'> {
  const c = themeColours();
  const [tokenColour, usdColour] = c.series;
  const axis = (position: 'left' | 'right', label: string, format: (v: number) => string) => ({
    position, beginAtZero: true, grid: { color: c.grid, drawOnChartArea: position === 'left' }, border: { color: c.grid },
    title: { display: true, text: label, color: c.foreground }, ticks: { color: c.foreground, callback: (v: number | string) => format(Number(v)) },
  });
  return {
    type: 'line',
    data: {
      labels: points.map((p) => p.commit.slice(0, 7)),
      datasets: [
        { label: 'Input tokens', data: points.map((p) => p.inputTokens), yAxisID: 'tokens', borderColor: tokenColour, backgroundColor: tokenColour, pointRadius: 4, pointHoverRadius: 7 },
        // Unpriced commits leave a gap: never $0.
        { label: '$/call', data: points.map((p) => (p.perCallMicros === null ? null : p.perCallMicros)), yAxisID: 'usd', borderColor: usdColour, backgroundColor: usdColour, pointRadius: 3, pointHoverRadius: 6, borderDash: [5, 3] },
      ],
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      onClick: (_e, elements) => { if (elements[0]) openDiff(elements[0].index); },
      onHover: (_e, elements) => { canvas.style.cursor = elements.length ? 'pointer' : 'default'; },
      plugins: {
        legend: { labels: { color: c.foreground, boxWidth: 12 } },
        tooltip: { enabled: false, external: ({ tooltip }) => showTip(tooltip) },
      },
      scales: {
        x: { grid: { display: false }, border: { color: c.grid }, ticks: { color: c.foreground, maxRotation: 0, autoSkip: true } },
        tokens: axis('left', points.some((p) => p.estimated) ? 'input tokens (≈)' : 'input tokens', (v) => formatCount(v)),
        usd: axis('right', '$ per call', (v) => usdAxis(v)),
      },
    },
  };
}

/** Every commit as a row too: readable without the chart, and a keyboard way to each diff. */
function table(): HTMLElement {
  const rows = points.map((p, i) => {
    const open = h('button', { type: 'button', class: 'link', 'data-index': i }, p.commit.slice(0, 7));
    open.addEventListener('click', () => openDiff(i));
    return h('tr', { 'data-index': i }, h('td', {}, open), h('td', {}, day(p.date)), h('td', {}, p.author), h('td', {}, p.subject),
      h('td', { class: 'num' }, formatCount(p.inputTokens, p.estimated)), h('td', { class: 'num' }, p.perCallMicros === null ? formatCost(undefined) : formatCost(p.perCallMicros, p.estimated)));
  }).reverse();
  return h('details', {}, h('summary', {}, `All ${points.length} commits`),
    h('table', { class: 'calls' }, h('thead', {}, h('tr', {}, ...['commit', 'date', 'author', 'subject', 'tokens', '$/call'].map((t) => h('th', { scope: 'col', class: t === 'tokens' || t === '$/call' ? 'num' : undefined }, t)))),
      h('tbody', {}, ...rows)));
}

function draw(): void {
  chart?.destroy();
  chart = new Chart(canvas, config());
  // Where each point sits on the canvas, for tests and tools that hover it.
  canvas.dataset.points = String(points.length);
  canvas.dataset.positions = JSON.stringify(chart.getDatasetMeta(0).data.map((el) => [Math.round(el.x), Math.round(el.y)]));
}

function render(m: HistoryHostMessage): void {
  title.textContent = `Cost history: ${m.file}`;
  if (m.type === 'message') {
    points = [];
    chart?.destroy();
    chart = undefined;
    figure.hidden = true;
    status.textContent = m.text;
    note.textContent = '';
    commits.replaceChildren();
    delete canvas.dataset.points;
    return;
  }
  points = m.points;
  const first = points[0];
  const last = points[points.length - 1];
  status.textContent = `${points.length} commit${points.length === 1 ? '' : 's'}: ${tokens(first)} → ${tokens(last)}, ${perCall(first)} → ${perCall(last)}.`;
  note.textContent = `Counted and priced as the lenses do, at each revision's own model (now ${last.model}).${points.some((p) => p.estimated) ? ' ≈: this model\'s tokenizer is not public, so counts are estimates.' : ''} Hover a point for its commit; click it to open that revision's diff.`;
  figure.hidden = false;
  draw();
  commits.replaceChildren(table());
}

window.addEventListener('message', (e: MessageEvent<HistoryHostMessage>) => render(e.data));
// VS Code swaps the body's theme class when the theme changes: redraw in the new colours.
new MutationObserver(() => { if (points.length) draw(); }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
document.body.replaceChildren(h('main', {}, h('header', {}, title), status, note, figure, commits));
vscode.postMessage({ type: 'ready' });
