import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Ledger } from '../src/core/ledger/ledgerFile';
import { openSpendIndex, saveSpendIndex, spendIndexPath } from '../src/core/spend/spendIndex';
import { PriceBook } from '../src/core/pricing/prices';
import type { SpendSnapshot } from '../src/core/spend/snapshot';
import { generateLedger, toJsonl } from '../test/support/ledgerGen';
import type { BenchResult } from './stats';

const ROOT = join(__dirname, '..');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const RECORDS = 100_000;
/** Records appended after the index was last written: the tail an open reads from the ledger itself. */
const TAIL = 1_000;

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
 * Opening the spend panel on a 100,000-record ledger (45 MB), as the host does: `openSpendIndex` (the index plus
 * the ledger's tail, or every line when there is no index), the snapshot for the whole history, serialised as
 * postMessage would, then drawn by the page in Chromium (from the snapshot's arrival to the second animation
 * frame after render). `spend-100k`: an index covering the first 99,000 records is present, the last 1,000 are
 * read from the ledger. `spend-100k-cold`: no index, every line is read and parsed (the first open after install
 * or after the index was invalidated; the index it builds is written after the first paint and not timed).
 */
export async function benchSpend(runs = 7): Promise<BenchResult[]> {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`node esbuild.mjs failed:\n${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'pm-bench-spend-'));
  const file = join(dir, 'spend.jsonl');
  const { records } = generateLedger(RECORDS, 2024);
  writeFileSync(file, toJsonl(records.slice(0, RECORDS - TAIL)));
  const ledger = new Ledger({ path: file, maxSizeBytes: Number.MAX_SAFE_INTEGER });
  const warm = await openSpendIndex(ledger);
  await saveSpendIndex(ledger, warm.index, warm.position);
  appendFileSync(file, toJsonl(records.slice(RECORDS - TAIL)));
  const indexFile = spendIndexPath(ledger.paths);
  const indexText = readFileSync(indexFile);
  const options = { budgets: {}, prices: new PriceBook(), cheapModels: ['gpt-4o-mini'] };
  const now = new Date('2025-03-01T12:00:00Z');
  const host = async (expect: 'index' | 'rebuilt') => {
    const opened = await openSpendIndex(ledger);
    if (opened.source !== expect) throw new Error(`expected an open from ${expect}, got ${opened.source} (${opened.reason})`);
    const snapshot = opened.index.aggregator(options).snapshot(now);
    if (snapshot.all.calls !== RECORDS) throw new Error(`snapshot counts ${snapshot.all.calls} calls, not ${RECORDS}`);
    return JSON.parse(JSON.stringify(snapshot)) as SpendSnapshot;
  };
  const harnessPath = join(ROOT, 'test/e2e/panelHarness.mjs');
  const harness = (await import(harnessPath)) as Harness;
  const server = await harness.startPanelServer(ROOT, await host('index'));
  const browser = await chromium.launch({ executablePath: process.env.PROMPTMETER_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const results: BenchResult[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (let i = 0; i < 2; i++) await harness.openPanel(page, server.url());
    const variants = [['spend-100k', 'index'], ['spend-100k-cold', 'rebuilt']] as const;
    const parts = variants.map(() => ({ host: [] as number[], page: [] as number[], total: [] as number[] }));
    // Interleaved, so neither variant gets the warmer browser or the quieter moment.
    for (let i = 0; i < runs; i++) {
      for (const [v, [, source]] of variants.entries()) {
        if (source === 'rebuilt') rmSync(indexFile, { force: true });
        else writeFileSync(indexFile, indexText);
        const t0 = performance.now();
        server.setSnapshot(await host(source));
        const hostMs = performance.now() - t0;
        const { firstPaintMs } = await harness.openPanel(page, server.url());
        parts[v].host.push(hostMs);
        parts[v].page.push(firstPaintMs);
        parts[v].total.push(hostMs + firstPaintMs);
      }
    }
    for (const [v, [name, source]] of variants.entries()) {
      const what = source === 'index' ? `index + ${TAIL.toLocaleString('en-US')}-record tail` : 'every line, no index';
      process.stderr.write(`${name}: median host (${what}, aggregate, serialise) ${median(parts[v].host).toFixed(0)} ms, page first paint ${median(parts[v].page).toFixed(0)} ms\n`);
      results.push({ name, impl: 'promptmeter', runs, medianMs: Math.round(median(parts[v].total) * 1000) / 1000 });
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

if (require.main === module) benchSpend().then((rs) => { for (const r of rs) console.log(JSON.stringify(r)); });
