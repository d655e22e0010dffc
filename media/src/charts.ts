import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import type { SpendSnapshot } from '../../src/core/spend/snapshot';
import { HIT_LAYERS } from '../../src/core/spend/snapshot';
import { dayLabel, pct, usd, usdAxis } from './format';
import { themeColours, type ThemeColours } from './theme';

// Only what the three bar charts use, so the bundle stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Colour of a model: fixed by its index in the snapshot's cost order, cycling through the theme's chart colours. */
export const seriesColour = (c: ThemeColours, i: number): string => c.series[i % c.series.length];

const toUSD = (micros: number) => micros / 1_000_000;

function baseOptions(c: ThemeColours, money: boolean, horizontal = false, everyLabel = false): ChartConfiguration<'bar'>['options'] {
  const valueAxis = {
    beginAtZero: true, grid: { color: c.grid }, border: { color: c.grid },
    ticks: { color: c.foreground, callback: (v: number | string) => (money ? usdAxis(Number(v) * 1_000_000) : pct(Number(v))) },
  };
  // sampleSize: measure a few labels to decide how many fit, not all of them (they are all the same width, `Jan 3`).
  const labelAxis = { grid: { display: false }, border: { color: c.grid }, ticks: { color: c.foreground, autoSkip: !everyLabel, maxRotation: 0, ...(everyLabel ? {} : { sampleSize: 8 }) } };
  return {
    animation: false, responsive: true, maintainAspectRatio: false, indexAxis: horizontal ? 'y' : 'x',
    plugins: {
      legend: { labels: { color: c.foreground, boxWidth: 12 } },
      tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${money ? usd(Number(ctx.raw) * 1_000_000) : pct(Number(ctx.raw))}` } },
    },
    scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
  };
}

function spendOverTime(s: SpendSnapshot, c: ThemeColours): ChartConfiguration<'bar'> {
  const options = baseOptions(c, true)!;
  (options.scales!.x as { stacked?: boolean }).stacked = true;
  (options.scales!.y as { stacked?: boolean }).stacked = true;
  return {
    type: 'bar',
    data: {
      labels: s.byDay.map((d) => dayLabel(d.day)),
      datasets: s.models.filter((m) => s.byModel.find((x) => x.model === m)?.costMicros).map((model) => ({
        label: model, data: s.byDay.map((d) => toUSD(d.byModel[model] ?? 0)),
        backgroundColor: seriesColour(c, s.models.indexOf(model)), borderWidth: 0,
      })),
    },
    options,
  };
}

function spendByFile(s: SpendSnapshot, c: ThemeColours): ChartConfiguration<'bar'> {
  const files = s.byFile.slice(0, 10);
  const options = baseOptions(c, true, true, true)!;
  options.plugins!.legend = { display: false };
  return {
    type: 'bar',
    data: {
      labels: files.map((f) => f.file ?? '(no file)'),
      datasets: [{ label: 'Cost', data: files.map((f) => toUSD(f.costMicros)), backgroundColor: seriesColour(c, 0), borderWidth: 0 }],
    },
    options,
  };
}

function cacheHitRate(s: SpendSnapshot, c: ThemeColours): ChartConfiguration<'bar'> {
  // Every layer must keep its label: a skipped one would pin a bar on the wrong layer.
  const options = baseOptions(c, false, false, true)!;
  options.plugins!.legend = { display: false };
  const providerShare = s.cache.inputTokens ? s.cache.providerCacheReadTokens / s.cache.inputTokens : 0;
  return {
    type: 'bar',
    data: {
      labels: [...HIT_LAYERS.map((l) => `${l[0].toUpperCase()}${l.slice(1)}`), 'Provider (tokens)'],
      datasets: [{
        label: 'Hit rate', data: [...HIT_LAYERS.map((l) => s.cache.hitRate[l]), providerShare],
        backgroundColor: [...HIT_LAYERS.map(() => seriesColour(c, 2)), seriesColour(c, 3)], borderWidth: 0,
      }],
    },
    options,
  };
}

export const CHARTS = { spendOverTime, spendByFile, cacheHitRate };
export type ChartName = keyof typeof CHARTS;

/** Keeps one Chart per canvas and replaces its data and colours in place on every snapshot or theme change. */
export class ChartSet {
  private readonly charts = new Map<ChartName, Chart<'bar'>>();

  render(canvases: Record<ChartName, HTMLCanvasElement>, s: SpendSnapshot): void {
    const c = themeColours();
    Chart.defaults.font.family = getComputedStyle(document.body).getPropertyValue('--vscode-font-family').trim() || Chart.defaults.font.family;
    for (const name of Object.keys(CHARTS) as ChartName[]) {
      const config = CHARTS[name](s, c);
      const existing = this.charts.get(name);
      if (existing && existing.canvas === canvases[name]) {
        existing.data = config.data;
        existing.options = config.options!;
        existing.update('none');
      } else {
        existing?.destroy();
        this.charts.set(name, new Chart(canvases[name], config));
      }
    }
  }

  get count(): number { return this.charts.size; }
}
