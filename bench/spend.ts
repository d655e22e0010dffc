import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { aggregate } from '../src/core/ledger/aggregate';
import { Ledger } from '../src/core/ledger/ledgerFile';
import { PriceBook } from '../src/core/pricing/prices';
import type { SpendSnapshot } from '../src/core/spend/snapshot';
import { generateLedger, toJsonl } from '../test/support/ledgerGen';
import type { BenchResult } from './stats';

const ROOT = join(__dirname, '..');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

interface Harness {
  startPanelServer(root: string, s: SpendSnapshot): Promise<{ url(theme?: string): string; setSnapshot(s: SpendSnapshot): void; close(): Promise<void> }>;
  openPanel(page: unknown, url: string): Promise<{ firstPaintMs: number }>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/**
 * 100,000 generated records read from a ledger file and aggregated as the host does, serialised as postMessage
 * would, then drawn by the page in Chromium (from the snapshot's arrival to the second animation frame after render).
 */
export async function benchSpend(runs = 7): Promise<BenchResult> {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`node esbuild.mjs failed:\n${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'pm-bench-spend-'));
  const file = join(dir, 'spend.jsonl');
  writeFileSync(file, toJsonl(generateLedger(100_000, 2024).records));
  const ledger = new Ledger({ path: file, maxSizeBytes: Number.MAX_SAFE_INTEGER });
  const prices = new PriceBook();
  const harnessPath = join(ROOT, 'test/e2e/panelHarness.mjs');
  const harness = (await import(harnessPath)) as Harness;
  const host = async () => {
    const snapshot = await aggregate(ledger.read(), { now: new Date('2025-03-01T12:00:00Z'), budgets: {}, prices, cheapModels: ['gpt-4o-mini'] });
    return JSON.parse(JSON.stringify(snapshot)) as SpendSnapshot;
  };
  const server = await harness.startPanelServer(ROOT, await host());
  const browser = await chromium.launch({ executablePath: process.env.PROMPTMETER_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const parts = { host: [] as number[], page: [] as number[], total: [] as number[] };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await harness.openPanel(page, server.url());
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      server.setSnapshot(await host());
      const hostMs = performance.now() - t0;
      const { firstPaintMs } = await harness.openPanel(page, server.url());
      parts.host.push(hostMs);
      parts.page.push(firstPaintMs);
      parts.total.push(hostMs + firstPaintMs);
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stderr.write(`spend-100k: median host (read + aggregate + serialise) ${median(parts.host).toFixed(0)} ms, page render ${median(parts.page).toFixed(0)} ms\n`);
  return { name: 'spend-100k', impl: 'promptmeter', runs, medianMs: Math.round(median(parts.total) * 1000) / 1000 };
}

if (require.main === module) benchSpend().then((r) => console.log(JSON.stringify(r)));
