import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ledger } from '../../../src/core/ledger/ledgerFile';
import type { HostMessage } from '../../../src/core/spend/protocol';
import { generateLedger, toJsonl } from '../../support/ledgerGen';
import type { SpendIndexWriter as SpendIndexWriterType, SpendSession as SpendSessionType } from '../../../src/editor/spend/session';
import type { Settings } from '../../../src/editor/settings';

// The session's live path needs no real VS Code: a stand-in 'vscode' module with the one call it makes.
const executed: unknown[][] = [];
const fakeVscode = { commands: { executeCommand: async (...args: unknown[]) => { executed.push(args); } }, workspace: {}, window: {} };
type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: Resolve };

class FakeWebview {
  readonly posted: HostMessage[] = [];
  private listener?: (m: unknown) => void;
  private waiters: { n: number; resolve: () => void }[] = [];
  onDidReceiveMessage(listener: (m: unknown) => void) { this.listener = listener; return { dispose: () => { this.listener = undefined; } }; }
  postMessage(m: HostMessage) {
    this.posted.push(m);
    this.waiters = this.waiters.filter((w) => (this.posted.length >= w.n ? (w.resolve(), false) : true));
    return Promise.resolve(true);
  }
  send(m: unknown) { this.listener?.(m); }
  /** Resolves once `n` messages in all have been posted. */
  until(n: number): Promise<void> {
    return this.posted.length >= n ? Promise.resolve() : new Promise((resolve) => this.waiters.push({ n, resolve }));
  }
  last(): Extract<HostMessage, { type: 'snapshot' }> {
    const m = this.posted.at(-1)!;
    assert.equal(m.type, 'snapshot', JSON.stringify(m));
    return m as Extract<HostMessage, { type: 'snapshot' }>;
  }
}

describe('spend session (host side, live)', function () {
  this.timeout(20_000);
  let SpendSession: typeof SpendSessionType;
  let originalResolve: Resolve;
  let dir: string;
  let ledger: Ledger;
  const sessions: SpendSessionType[] = [];
  let writer: InstanceType<typeof SpendIndexWriterType>;
  const settings = { budgetDailyUSD: 2, budgetWeeklyUSD: 5, budgetMonthlyUSD: 0, prices: {}, route: { cheap: 'gpt-4o-mini', strong: 'gpt-4o', cascade: true, fallback: [] } } as unknown as Settings;
  const start = new Date(Date.now() - 3_600_000);
  const { records } = generateLedger(120, 8, { start, spanDays: 1 / 48 });
  const extra = generateLedger(3, 99, { start: new Date(Date.now() - 60_000), spanDays: 1 / 1440, workspace: 'elsewhere' }).records;

  before(() => {
    originalResolve = moduleInternals._resolveFilename;
    moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? 'vscode' : originalResolve.call(this, request, ...rest);
    };
    require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fakeVscode } as unknown as NodeJS.Module;
    ({ SpendSession } = require('../../../src/editor/spend/session'));
    writer = new (require('../../../src/editor/spend/session').SpendIndexWriter)();
    dir = mkdtempSync(path.join(tmpdir(), 'pm-spend-session-'));
    ledger = new Ledger({ path: path.join(dir, 'spend.jsonl'), maxSizeBytes: 1 << 30 });
  });

  after(async () => {
    for (const s of sessions) s.dispose();
    await writer.idle(); // an index write may still be in flight in the folder about to be removed
    moduleInternals._resolveFilename = originalResolve;
    delete require.cache.vscode;
    rmSync(dir, { recursive: true, force: true });
  });

  const open = () => {
    const webview = new FakeWebview();
    const session = new SpendSession(webview as never, { ledger: () => ledger, settings: () => settings }, () => true, writer);
    sessions.push(session);
    return webview;
  };

  it('answers ready with a full snapshot, then shows appends from this and other processes within a second', async () => {
    await ledger.appendMany(records.slice(0, 100));
    const webview = open();
    webview.send({ type: 'ready', filter: { range: '7d' } });
    await webview.until(1);
    const first = webview.last();
    assert.deepEqual(first.filter, { range: '7d' });
    assert.equal(first.snapshot.all.calls, 100);
    assert.equal(first.snapshot.totals.today.budgetMicros, 2_000_000);
    assert.equal(first.snapshot.totals.week.budgetMicros, 5_000_000, 'the weekly budget from settings');
    assert.equal(first.snapshot.totals.month.budgetMicros, undefined, '0 is no budget');

    // This window's ledger...
    let t0 = Date.now();
    await ledger.appendMany(records.slice(100, 110));
    await webview.until(2);
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
    await waitForCalls(webview, 110);

    // ...and another process writing the same file (a plain append, as another Ledger would).
    t0 = Date.now();
    appendFileSync(ledger.path, toJsonl(records.slice(110)));
    await waitForCalls(webview, 120);
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
  });

  it('re-reads for a new filter and ignores malformed messages', async () => {
    await ledger.appendMany(extra);
    const webview = open();
    webview.send({ type: 'bogus' });
    webview.send({ type: 'setFilter', filter: { range: 'all', workspace: 'elsewhere' } });
    await webview.until(1);
    assert.equal(webview.posted.length, 1);
    assert.equal(webview.last().snapshot.all.calls, 3);
    assert.deepEqual(webview.last().snapshot.workspaces, ['demo-workspace', 'elsewhere']);
    webview.send({ type: 'showPanel' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(executed, [['promptmeter.showSpend']]);
  });

  /** Live updates are throttled, so one burst may arrive in one or more snapshots: wait for the count. */
  async function waitForCalls(webview: FakeWebview, calls: number): Promise<void> {
    while (webview.last().snapshot.all.calls < calls) await webview.until(webview.posted.length + 1);
    assert.equal(webview.last().snapshot.all.calls, calls);
  }
});
