import type { RecentCall } from '../../src/core/spend/snapshot';
import { h } from './dom';
import { int, ms, usd, when } from './format';

export type SortDir = 'ascending' | 'descending';
export interface Sort { key: string; dir: SortDir }

interface Column {
  key: string;
  label: string;
  numeric?: boolean;
  value: (c: RecentCall) => string | number;
  text: (c: RecentCall) => string;
}

const COLUMNS: Column[] = [
  { key: 'time', label: 'Time', value: (c) => c.time, text: (c) => when(c.time) },
  { key: 'file', label: 'File', value: (c) => c.file ?? '', text: (c) => c.file ?? '—' },
  { key: 'model', label: 'Model', value: (c) => c.model, text: (c) => c.model },
  { key: 'route', label: 'Route', value: (c) => c.route, text: (c) => c.route },
  { key: 'in', label: 'In', numeric: true, value: (c) => c.inputTokens, text: (c) => int(c.inputTokens) },
  { key: 'cached', label: 'Cached', numeric: true, value: (c) => c.cachedTokens, text: (c) => int(c.cachedTokens) },
  { key: 'out', label: 'Out', numeric: true, value: (c) => c.outputTokens, text: (c) => int(c.outputTokens) },
  // Unpriced calls sort below every priced one instead of posing as $0.
  { key: 'cost', label: 'Cost', numeric: true, value: (c) => (c.priced ? c.costMicros : -1), text: (c) => usd(c.costMicros, c.priced) },
  { key: 'cache', label: 'Cache', value: (c) => c.cache, text: (c) => c.cache },
  { key: 'latency', label: 'Latency', numeric: true, value: (c) => c.latencyMs, text: (c) => ms(c.latencyMs) },
  { key: 'status', label: 'Status', value: (c) => c.status, text: (c) => c.status },
];

const STATUS = COLUMNS.findIndex((c) => c.key === 'status');

export const DEFAULT_SORT: Sort = { key: 'time', dir: 'descending' };

function sorted(calls: readonly RecentCall[], sort: Sort): RecentCall[] {
  const col = COLUMNS.find((c) => c.key === sort.key) ?? COLUMNS[0];
  const sign = sort.dir === 'ascending' ? 1 : -1;
  // Stable sort keeps the newest-first order among equal values.
  return [...calls].sort((a, b) => {
    const x = col.value(a);
    const y = col.value(b);
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  });
}

export interface TableHandlers {
  onSort(sort: Sort): void;
  onOpen(path: string): void;
}

/** The recent calls table: a header button sorts (aria-sort shows how), a row with a file opens it. */
export function recentTable(calls: readonly RecentCall[], sort: Sort, on: TableHandlers): HTMLTableElement {
  const head = h('tr', {}, ...COLUMNS.map((col) => {
    const active = col.key === sort.key;
    const next: SortDir = active && sort.dir === 'descending' ? 'ascending' : 'descending';
    const button = h('button', { type: 'button', class: 'sort', 'data-key': col.key }, col.label);
    button.addEventListener('click', () => on.onSort({ key: col.key, dir: next }));
    return h('th', { scope: 'col', 'aria-sort': active ? sort.dir : 'none', class: col.numeric ? 'num' : undefined }, button);
  }));
  // Rows are clones of one template and share two listeners on the body: 200 rows, 2,800 cells, no per-row closures.
  const template = h('tr', {}, ...COLUMNS.map((col) => h('td', { class: col.numeric ? 'num' : undefined })));
  const body = h('tbody', {});
  const files = new Map<Element, string>();
  for (const c of sorted(calls, sort)) {
    const row = template.cloneNode(true) as HTMLTableRowElement;
    row.dataset.id = c.id;
    row.dataset.status = c.status;
    if (c.file) {
      row.className = 'openable';
      row.tabIndex = 0;
      row.title = `Open ${c.file}`;
      files.set(row, c.file);
    }
    const cells = row.cells;
    for (let i = 0; i < COLUMNS.length; i++) cells[i].textContent = COLUMNS[i].text(c);
    // A failed call says why under its status (the ledger's message, secrets already redacted).
    if (c.error) {
      cells[STATUS].append(h('span', { class: 'call-error' }, c.error));
      cells[STATUS].title = c.error;
    }
    body.append(row);
  }
  const fileOf = (e: Event) => {
    const row = (e.target as Element | null)?.closest('tr');
    return row ? files.get(row) : undefined;
  };
  body.addEventListener('click', (e) => { const file = fileOf(e); if (file) on.onOpen(file); });
  body.addEventListener('keydown', (e) => {
    const file = fileOf(e);
    if (file && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); on.onOpen(file); }
  });
  return h('table', { class: 'calls' }, h('caption', { class: 'visually-hidden' }, 'Recent calls; select a row to open its prompt file'), h('thead', {}, head), body);
}
