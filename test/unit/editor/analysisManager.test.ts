import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePrompt, resolveModel } from '../../../src/core/analysis/analyze';
import { PriceBook } from '../../../src/core/pricing/prices';
import { parsePrompt } from '../../../src/core/prompt';
import { DEFAULTS } from '../../../src/core/settings';
import { InProcessBackend } from '../../../src/editor/analysis/analyzer';
import { AnalysisManager } from '../../../src/editor/analysis/manager';
import type { AnalysisBackend, AnalysisJob, AnalysisOutcome, AnalysisState } from '../../../src/editor/analysis/types';
import { DocumentTracker } from '../../../src/editor/tracker/documentTracker';
import { type MemoryDocument, MemoryWorkspace, nextEvent } from '../../support/memoryDocuments';

const SUPPORT = readFileSync(join(__dirname, '../../../examples/support.prompty'), 'utf8');

/** The real in-process analyzer, counting its calls; `fail` makes the next analyses throw inside the backend. */
class CountingBackend implements AnalysisBackend {
  calls: AnalysisJob[] = [];
  fail = false;
  private readonly real = new InProcessBackend();
  analyze(job: AnalysisJob): Promise<AnalysisOutcome> {
    this.calls.push(job);
    if (this.fail) return Promise.reject(new Error('parser exploded'));
    return this.real.analyze(job);
  }
  forget(uri: string): void { this.real.forget(uri); }
  dispose(): void {}
}

describe('analysis manager (tracker consumer)', () => {
  let ws: MemoryWorkspace;
  let tracker: DocumentTracker<MemoryDocument>;
  let backend: CountingBackend;
  let manager: AnalysisManager<MemoryDocument>;
  let maxSizeKB: number;
  const logged: string[] = [];

  beforeEach(() => {
    ws = new MemoryWorkspace();
    maxSizeKB = DEFAULTS.analysisMaxSizeKB;
    tracker = new DocumentTracker(ws, { debounceMs: () => 10, isTracked: (d) => d.fileName.endsWith('.prompty') });
    backend = new CountingBackend();
    manager = new AnalysisManager(tracker, {
      backend, maxSizeKB: () => maxSizeKB, log: (l) => logged.push(l),
      job: (d) => d.fileName.endsWith('.prompty')
        ? { fileName: d.fileName, format: 'prompty', defaultModel: 'gpt-4o', expectedOutputTokens: 500, prices: {} }
        : undefined,
    });
  });
  afterEach(() => { manager.dispose(); tracker.dispose(); });

  it('counts a ready version as the core does', async () => {
    const d = ws.openDocument('support.prompty', SUPPORT);
    const state = await manager.get(d);
    assert.equal(state.kind, 'ok');
    const doc = parsePrompt(SUPPORT, 'support.prompty', 'prompty');
    const expected = analyzePrompt(doc, { model: resolveModel(doc, undefined, 'gpt-4o'), prices: new PriceBook(), expectedOutputTokens: 500 });
    assert.equal(state.kind === 'ok' && state.analysis.inputTokens, expected.inputTokens);
    assert.equal(backend.calls.length, 1);
  });

  // issue 8 acceptance: an analysis failure produces one error state and no further analyze() calls until the next edit.
  it('turns a failure into one error state and does not analyse again until the next edit', async () => {
    backend.fail = true;
    const d = ws.openDocument('support.prompty', SUPPORT);
    const states: AnalysisState[] = [];
    // As the status bar and lenses do: on every update, read the state and ask for it again.
    manager.onDidUpdate((doc) => { states.push(manager.latest(doc)!); void manager.get(doc); });
    const first = await manager.get(d);
    assert.deepEqual(first, { kind: 'failed', version: 1, message: 'parser exploded' });
    for (let i = 0; i < 50; i++) assert.equal((await manager.get(d)).kind, 'failed');
    tracker.refresh(() => false); // a no-op refresh must not retry either
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(backend.calls.length, 1, 'analyze() ran again without an edit');
    assert.equal(states.length, 1, 'one error state');
    assert.equal(logged.filter((l) => l.includes('parser exploded')).length, 1);

    backend.fail = false;
    ws.edit(d, SUPPORT + '\nmore');
    const after = await nextEvent(manager.onDidUpdate);
    assert.equal(after, d);
    assert.equal(manager.latest(d)?.kind, 'ok');
    assert.equal(backend.calls.length, 2);
  });

  it('says not-a-prompt without analysing, and too-large above the size cap until counted once', async () => {
    const text = ws.openDocument('notes.md', '# hi');
    assert.deepEqual(await manager.get(text), { kind: 'not-a-prompt', version: 1 });
    maxSizeKB = 1;
    const big = ws.openDocument('big.prompty', SUPPORT + '\nx'.repeat(2000));
    const state = await manager.get(big);
    assert.equal(state.kind, 'too-large');
    assert.equal(backend.calls.length, 0);
    const once = await manager.countOnce(big);
    assert.equal(once.kind, 'ok');
    assert.equal(manager.latest(big)?.kind, 'ok', 'the one-off count stands until the next edit');
    assert.equal(backend.calls.length, 1);
  });

  it('answers a request made while typing with the version after the pause, analysing it once', async () => {
    const d = ws.openDocument('support.prompty', SUPPORT);
    await manager.get(d);
    ws.edit(d, SUPPORT + '\na');
    const pending = manager.get(d);
    ws.edit(d, SUPPORT + '\nab');
    const state = await pending;
    assert.equal(state.kind, 'ok');
    const latest = await manager.get(d);
    assert.equal(latest.version, 3);
    assert.equal(backend.calls.map((c) => c.version).join(','), '1,3');
  });

  it('getNow (the lens provider) analyses the pending version at once, without waiting out the debounce, once', async () => {
    tracker.dispose();
    manager.dispose();
    tracker = new DocumentTracker(ws, { debounceMs: () => 60_000, isTracked: (d) => d.fileName.endsWith('.prompty') });
    backend = new CountingBackend();
    manager = new AnalysisManager(tracker, {
      backend, maxSizeKB: () => maxSizeKB, log: (l) => logged.push(l),
      job: () => ({ fileName: 'support.prompty', format: 'prompty', defaultModel: 'gpt-4o', expectedOutputTokens: 500, prices: {} }),
    });
    const d = ws.openDocument('support.prompty', SUPPORT);
    await manager.get(d);
    ws.edit(d, SUPPORT + '\nmore');
    assert.ok(tracker.isPending(d), 'a minute of debounce is pending');
    const state = await manager.getNow(d);
    assert.equal(state.kind, 'ok');
    assert.equal(state.version, 2);
    assert.ok(!tracker.isPending(d), 'the debounce was spent, not left to fire a second analysis');
    assert.equal((await manager.getNow(d)).version, 2);
    assert.equal(backend.calls.map((c) => c.version).join(','), '1,2');
  });

  it('two ready events for one version while it is being analysed give one analysis (an open seen twice)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const slow = backend;
    const analyze = slow.analyze.bind(slow);
    slow.analyze = (job) => gate.then(() => analyze(job));
    const d = ws.openDocument('support.prompty', SUPPORT);
    await nextEvent(tracker.onDidBecomeReady); // the open: its analysis is now running, held at the gate
    tracker.refresh();
    await nextEvent(tracker.onDidBecomeReady); // the same version again while it runs
    release();
    const state = await manager.get(d);
    await new Promise((r) => setTimeout(r, 50)); // a queued second run would have started by now
    assert.equal(state.kind, 'ok');
    assert.equal(backend.calls.length, 1, backend.calls.map((c) => c.version).join(','));
  });

  it('keeps live counts equal to a fresh count across edits', async () => {
    const d = ws.openDocument('support.prompty', SUPPORT);
    await manager.get(d);
    const lines = SUPPORT.split('\n');
    for (let i = 0; i < 20; i++) {
      const at = (i * 7) % lines.length;
      lines.splice(at, 0, `inserted line ${i} with some words`);
      if (i % 3 === 0) lines.splice((at + 5) % lines.length, 1);
      ws.edit(d, lines.join('\n'));
      const state = await nextEvent(manager.onDidUpdate).then(() => manager.latest(d));
      const fresh = await new InProcessBackend().analyze({ ...backend.calls[0], text: d.getText(), version: d.version });
      assert.equal(state?.kind === 'ok' && state.analysis.inputTokens, fresh.kind === 'ok' && fresh.analysis.inputTokens, `edit ${i}`);
    }
  });
});
