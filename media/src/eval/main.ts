// The model comparison view: rows × models with answers, assertions, tokens, cost and latency.
import type { ChatRequest } from '../../../src/core/client/types';
import type { EvalHostMessage, EvalPageMessage } from '../../../src/core/eval/protocol';
import type { EvalProgress, EvalReport, EvalRowResult, ModelTotals } from '../../../src/core/eval/types';
import { h, section } from '../dom';
import { int, ms, pct, usd } from '../format';

interface Api { postMessage(m: EvalPageMessage): void; getState(): unknown; setState(s: unknown): void }
declare function acquireVsCodeApi(): Api;
const vscode = acquireVsCodeApi();

const status = h('p', { id: 'status', role: 'status', 'aria-live': 'polite' }, 'Loading results…');
const slots = { head: h('div', { id: 'head' }), totals: h('div', { id: 'totals-slot' }), table: h('div', { id: 'rows', class: 'table-wrap' }), detail: h('div', { id: 'detail' }) };
let report: EvalReport | undefined;
let selected: { row: number; model: string } | undefined;

const money = (m: number | null) => (m === null ? 'unpriced' : usd(m));

function totalsCard(t: ModelTotals, cheapest: boolean): HTMLElement {
  return h('div', { class: `card${cheapest ? ' best' : ''}`, 'data-model': t.model },
    h('h3', {}, t.model, cheapest ? h('span', { class: 'badge' }, 'cheapest that passes') : null),
    h('p', { class: 'big' }, pct(t.passRate), h('span', { class: 'muted' }, ` passed (${t.passed}/${t.rows})`)),
    h('p', {}, `Cost ${t.unpricedRows ? `${money(t.costMicros)} + ${t.unpricedRows} unpriced` : money(t.costMicros)} · ${money(t.per1000Micros)} per 1,000 rows`),
    h('p', { class: 'muted' }, `${int(t.inputTokens)} in · ${int(t.outputTokens)} out · ${ms(t.avgLatencyMs)} avg${t.errors ? ` · ${t.errors} errors` : ''}`));
}

function cell(r: EvalRowResult | undefined, row: number, model: string): HTMLTableCellElement {
  if (!r) return h('td', { class: 'pending' }, '…');
  const marks = r.status === 'error'
    ? h('span', { class: 'fail', title: r.error ?? 'error' }, `✗ ${r.error ?? 'error'}`)
    : h('span', { class: 'marks' }, ...r.assertions.map((a) => h('span', { class: a.pass ? 'pass' : 'fail', title: a.pass ? `${a.type}: passed` : `${a.type}: ${a.reason}` }, `${a.pass ? '✓' : '✗'} ${a.type}`)));
  const td = h('td', { class: `result ${r.pass ? 'ok' : 'bad'}`, tabindex: 0, 'data-row': row, 'data-model': model, 'aria-selected': selected?.row === row && selected.model === model ? 'true' : 'false' },
    h('div', { class: 'answer' }, r.text || '—'), marks,
    h('div', { class: 'muted small' }, [r.usage ? `${int(r.usage.inputUncached + r.usage.cacheRead + r.usage.cacheWrite5m + r.usage.cacheWrite1h)} in · ${int(r.usage.output)} out` : '', money(r.costMicros), ms(r.latencyMs), r.cache !== 'miss' ? `cache: ${r.cache}` : '', r.batch ? 'batch' : '', r.packedWith ? `packed ×${r.packedWith}` : ''].filter(Boolean).join(' · ')));
  return td;
}

function render(title: string, rep: EvalReport, progress?: EvalProgress): void {
  report = rep;
  const byKey = new Map(rep.results.map((r) => [`${r.row}\u0000${r.model}`, r]));
  const exportButton = (format: 'csv' | 'json') => {
    const b = h('button', { type: 'button', id: `export-${format}` }, `Export ${format.toUpperCase()}`);
    b.addEventListener('click', () => vscode.postMessage({ type: 'export', format }));
    return b;
  };
  slots.head.replaceChildren(
    h('header', {}, h('h1', {}, title), h('div', { class: 'actions' }, exportButton('csv'), exportButton('json'))),
    h('p', { class: 'muted' }, `${rep.rows} rows × ${rep.models.length} model${rep.models.length > 1 ? 's' : ''}${rep.dataset ? ` · ${rep.dataset}` : ''} · total ${usd(rep.costMicros)}`),
    // The verdict waits for every row: a model can still fail a row that has not run.
    h('p', { id: 'cheapest', class: rep.cheapestPassing && !progress?.left ? 'verdict good' : 'verdict' }, progress?.left ? 'Running…'
      : rep.cheapestPassing ? `Cheapest model that passes every assertion: ${rep.cheapestPassing.model} — ${usd(rep.cheapestPassing.per1000Micros)} per 1,000 rows`
        : 'No model passed every assertion.'),
    rep.pack ? h('p', { class: 'muted' }, `Packed ${rep.pack.rowsPerRequest} rows per request: ${int(rep.pack.inputTokensSaved)} input tokens and ${money(rep.pack.savedMicros)} saved against one call per row.`) : '');
  slots.totals.replaceChildren(h('div', { class: 'cards' }, ...rep.totals.map((t) => totalsCard(t, rep.cheapestPassing?.model === t.model))));
  status.textContent = progress && progress.left ? `${progress.done} done · ${progress.failed} failed · ${progress.left} left` : rep.cancelled ? 'Cancelled: answered rows are kept; run again to finish the rest.' : '';
  const lines = [...new Set(rep.results.map((r) => r.row))].sort((a, b) => a - b);
  const rowsShown = lines.length ? Math.max(...lines) + 1 : 0;
  const body = h('tbody', {});
  for (let row = 0; row < Math.max(rowsShown, rep.rows); row++) {
    const any = rep.models.map((m) => byKey.get(`${row}\u0000${m}`)).find(Boolean);
    body.append(h('tr', {}, h('th', { scope: 'row' }, any ? `line ${any.line}` : `row ${row + 1}`), ...rep.models.map((m) => cell(byKey.get(`${row}\u0000${m}`), row, m))));
  }
  const table = h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Row'), ...rep.models.map((m) => h('th', { scope: 'col' }, m)))), body);
  body.addEventListener('click', (e) => pick((e.target as HTMLElement).closest('td.result')));
  body.addEventListener('keydown', (e) => { if (e.key === 'Enter') pick((e.target as HTMLElement).closest('td.result')); });
  slots.table.replaceChildren(table);
}

function pick(td: Element | null): void {
  if (!(td instanceof HTMLElement)) return;
  selected = { row: Number(td.dataset.row), model: td.dataset.model ?? '' };
  document.querySelectorAll('td.result[aria-selected="true"]').forEach((c) => c.setAttribute('aria-selected', 'false'));
  td.setAttribute('aria-selected', 'true');
  vscode.postMessage({ type: 'detail', row: selected.row, model: selected.model });
}

function renderDetail(row: number, model: string, request: ChatRequest, vars: Record<string, unknown>): void {
  const r = report?.results.find((x) => x.row === row && x.model === model);
  slots.detail.replaceChildren(section('detail-view', `Row ${r ? `line ${r.line}` : row + 1} · ${model}`,
    h('h3', {}, 'Inputs'), h('pre', {}, JSON.stringify(vars, null, 2)),
    h('h3', {}, 'Request'), h('pre', { id: 'detail-request' }, JSON.stringify({ ...request, meta: undefined }, null, 2)),
    h('h3', {}, 'Answer'), h('pre', { id: 'detail-answer' }, r?.text || r?.error || '—'),
    r && r.assertions.length ? h('ul', {}, ...r.assertions.map((a) => h('li', { class: a.pass ? 'pass' : 'fail' }, `${a.pass ? '✓' : '✗'} ${a.type}${a.pass ? '' : `: ${a.reason}`}`))) : ''));
  slots.detail.scrollIntoView({ block: 'nearest' });
}

window.addEventListener('message', (e: MessageEvent<EvalHostMessage>) => {
  const m = e.data;
  if (m.type === 'report') render(m.title, m.report, m.progress);
  else if (m.type === 'detail') renderDetail(m.row, m.model, m.request, m.vars);
  else if (m.type === 'error') status.textContent = m.message;
});

document.body.replaceChildren(h('main', {}, slots.head, status, slots.totals, section('rows-section', 'Rows', slots.table), slots.detail));
vscode.postMessage({ type: 'ready' });
