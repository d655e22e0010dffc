import { SPEND_RANGES, type SpendFilter, type SpendRange } from '../../src/core/spend/protocol';
import { TECHNIQUES, type Insights, type PeriodTotal, type SpendSnapshot } from '../../src/core/spend/snapshot';
import { h, section } from './dom';
import { int, pct, TECHNIQUE_LABELS, usd } from './format';

const RANGE_LABELS: Record<SpendRange, string> = { '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days', all: 'All time' };

function periodCard(id: string, title: string, t: PeriodTotal): HTMLElement {
  const budget = t.budgetMicros;
  const over = budget !== undefined && t.costMicros > budget;
  return h('div', { class: `card${over ? ' over' : ''}`, id },
    h('h3', {}, title),
    h('p', { class: 'amount', 'data-micros': t.costMicros }, usd(t.costMicros)),
    budget !== undefined
      ? h('div', { class: 'budget' },
        h('progress', { max: budget, value: Math.min(t.costMicros, budget), 'aria-label': `${title}: ${pct(t.costMicros / budget)} of the ${usd(budget)} budget` }),
        h('span', {}, `${pct(t.costMicros / budget)} of ${usd(budget)} budget${over ? ' (over)' : ''}`))
      : h('p', { class: 'muted' }, 'No budget set'),
    h('p', { class: 'muted' }, `${int(t.calls)} calls${t.unpricedCalls ? ` · ${int(t.unpricedCalls)} unpriced` : ''}`));
}

export function totalsView(s: SpendSnapshot): HTMLElement {
  return section('totals', null,
    periodCard('total-today', 'Today', s.totals.today),
    periodCard('total-week', 'This week', s.totals.week),
    periodCard('total-month', 'This month', s.totals.month));
}

export function savingsView(s: SpendSnapshot): HTMLElement {
  const total = TECHNIQUES.reduce((a, t) => a + s.savedMicros[t], 0);
  return section('savings', 'Saved by technique',
    h('p', { class: 'amount saved', id: 'saved-total' }, usd(total)),
    h('dl', {}, ...TECHNIQUES.flatMap((t) => [h('dt', {}, TECHNIQUE_LABELS[t]), h('dd', { 'data-technique': t }, usd(s.savedMicros[t]))])),
    h('p', { class: 'muted' }, `${int(s.all.calls)} calls in range, ${usd(s.all.costMicros)}${s.all.unpricedCalls ? ` plus ${int(s.all.unpricedCalls)} unpriced calls (cost unknown)` : ''}.`));
}

export function insightsView(i: Insights, onOpen: (path: string) => void): HTMLElement {
  const fileLink = (file: string) => {
    const b = h('button', { type: 'button', class: 'link', title: `Open ${file}` }, file);
    b.addEventListener('click', () => onOpen(file));
    return b;
  };
  const costly = i.costliestFiles.map((f) => h('li', {}, fileLink(f.file), ` cost ${usd(f.costMicros)} over ${int(f.calls)} calls`,
    f.unpricedCalls ? ` (+${int(f.unpricedCalls)} unpriced)` : '',
    f.cheapestOk ? `; cheapest model that succeeded on it: ${f.cheapestOk.model} at ${usd(f.cheapestOk.avgMicros)} per call (${int(f.cheapestOk.okCalls)} ok calls).` : '; no successful priced call yet.'));
  const smaller = i.smallerModel.map((t) => h('li', {}, fileLink(t.file),
    `: ${int(t.calls)} calls on ${t.model} at ${usd(t.currentPerCallMicros)} each; ${t.suggestedModel} would cost ${usd(t.suggestedPerCallMicros)}, about ${usd(t.estimatedSavingMicros)} less. `,
    h('span', { class: 'muted' }, t.assumptions)));
  return section('insights', 'Insights',
    h('h3', {}, 'Costliest prompt files'),
    costly.length ? h('ol', {}, ...costly) : h('p', { class: 'muted' }, 'No calls from prompt files in this range.'),
    h('h3', {}, `A smaller model for busy prompts (${int(i.highVolumeMinCalls)}+ calls)`),
    smaller.length ? h('ul', {}, ...smaller) : h('p', { class: 'muted' }, 'No busy prompt with a cheaper known model.'));
}

export interface FilterHandlers {
  onFilter(f: SpendFilter): void;
  onExport(format: 'csv' | 'json'): void;
}

export function filterBar(filter: SpendFilter, workspaces: readonly string[], on: FilterHandlers): HTMLElement {
  const range = h('select', { id: 'range' }, ...SPEND_RANGES.map((r) => h('option', { value: r, selected: r === filter.range }, RANGE_LABELS[r])));
  const ws = h('select', { id: 'workspace' }, h('option', { value: '', selected: !filter.workspace }, 'All workspaces'),
    ...workspaces.map((w) => h('option', { value: w, selected: w === filter.workspace }, w)));
  const changed = () => on.onFilter({ range: range.value as SpendRange, ...(ws.value ? { workspace: ws.value } : {}) });
  range.addEventListener('change', changed);
  ws.addEventListener('change', changed);
  const exportButton = (format: 'csv' | 'json', label: string) => {
    const b = h('button', { type: 'button', id: `export-${format}`, 'aria-label': `Export the calls in range as ${format.toUpperCase()}` }, label);
    b.addEventListener('click', () => on.onExport(format));
    return b;
  };
  return h('div', { class: 'filters', role: 'group', 'aria-label': 'Filter and export' },
    h('label', { for: 'range' }, 'Range'), range, h('label', { for: 'workspace' }, 'Workspace'), ws,
    h('span', { class: 'spacer' }), exportButton('csv', 'Export CSV'), exportButton('json', 'Export JSON'));
}
