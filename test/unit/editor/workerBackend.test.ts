import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { InProcessBackend } from '../../../src/editor/analysis/analyzer';
import type { AnalysisJob, AnalysisOutcome } from '../../../src/editor/analysis/types';
import { WorkerBackend } from '../../../src/editor/analysis/workerBackend';

const ROOT = join(__dirname, '../../..');
const SUPPORT = readFileSync(join(ROOT, 'examples/support.prompty'), 'utf8');
const job = (uri: string, text = SUPPORT): AnalysisJob => ({
  uri, version: 1, text, fileName: 'support.prompty', format: 'prompty', defaultModel: 'gpt-4o', expectedOutputTokens: 500, prices: {},
});

// A stand-in worker speaking the same protocol: it blocks its thread for 'slow' documents, as a pathological parse would.
const BLOCKING_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (msg) => {
  if (msg.type !== 'analyze') return;
  if (msg.job.uri === 'slow') { const until = Date.now() + 60000; while (Date.now() < until); }
  parentPort.postMessage({ type: 'result', id: msg.id, outcome: { kind: 'failed', message: 'answered ' + msg.job.uri } });
});
parentPort.postMessage({ type: 'ready' });`;

describe('analysis worker backend (real worker threads)', function () {
  this.timeout(120_000);
  let dir: string;
  let script: string;
  const backends: WorkerBackend[] = [];
  const backend = (opts: Partial<ConstructorParameters<typeof WorkerBackend>[0]> = {}) => {
    const b = new WorkerBackend({ script, timeLimitMs: () => 60_000, log: () => {}, ...opts });
    backends.push(b);
    return b;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pm-worker-'));
    script = join(dir, 'analysisWorker.js');
    // The same entry point esbuild.mjs bundles into dist/analysisWorker.js.
    await esbuild.build({ entryPoints: [join(ROOT, 'src/editor/analysis/worker.ts')], outfile: script, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
    writeFileSync(join(dir, 'blocking.js'), BLOCKING_WORKER);
  });
  afterEach(() => { for (const b of backends.splice(0)) b.dispose(); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('warm() starts a worker before any document, and the first analysis uses it', async () => {
    const logged: string[] = [];
    const b = backend({ log: (l) => logged.push(l) });
    await b.warm();
    assert.equal(logged.filter((l) => l.startsWith('Analysis worker ready')).length, 1);
    const out = await b.analyze(job('a'));
    assert.equal(out.kind, 'ok');
    assert.equal(logged.filter((l) => l.startsWith('Analysis worker ready')).length, 1, 'no second worker was started for the first document');
    await b.warm(); // already ready: resolves at once
  });

  it('gives the same analysis as the in-process analyzer, edit after edit', async () => {
    const b = backend();
    const local = new InProcessBackend();
    for (const text of [SUPPORT, SUPPORT.replace('You are', 'You are a very'), SUPPORT + '\nuser:\nOne more {{question}}']) {
      const [w, l] = await Promise.all([b.analyze(job('a', text)), local.analyze(job('a', text))]);
      assert.equal(w.kind, 'ok');
      assert.deepEqual(w.kind === 'ok' && w.analysis, l.kind === 'ok' && l.analysis);
    }
  });

  it('gives up on a version after the time limit, says which setting raises it, and then works again', async () => {
    // The blocking worker holds its thread for 'slow', so the limit decides; a 1 ms limit on a real analysis raced it.
    let limit = 200;
    const b = backend({ script: join(dir, 'blocking.js'), timeLimitMs: () => limit });
    const slow = await b.analyze(job('slow'));
    assert.equal(slow.kind, 'failed');
    assert.match(slow.kind === 'failed' ? slow.message : '', /promptmeter\.analysis\.timeLimitMs/);
    limit = 60_000;
    const next = await b.analyze(job('a'));
    assert.equal(next.kind === 'failed' && next.message, 'answered a', 'a fresh worker took over');
  });

  it('fails a job it cannot hand to the worker with a message, instead of waiting for the time limit', async () => {
    const b = backend({ script: join(dir, 'blocking.js') });
    const bad = { ...job('a'), prices: { x: (() => 1) as unknown as never } };
    const outcome = await b.analyze(bad);
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.message : '', /could not hand the document to the analysis worker/);
    assert.equal((await b.analyze(job('b'))).kind, 'failed', 'the next job is answered');
  });

  it('keeps answering other documents while one document blocks its worker', async () => {
    const b = backend({ script: join(dir, 'blocking.js'), timeLimitMs: () => 30_000 });
    const outcomes: string[] = [];
    const note = (p: Promise<AnalysisOutcome>) => p.then((o) => { outcomes.push(o.kind === 'failed' ? o.message : o.kind); return o; });
    const blocked = note(b.analyze(job('slow')));
    for (let i = 0; i < 3; i++) await note(b.analyze(job(`fast-${i}`)));
    assert.deepEqual(outcomes, ['answered fast-0', 'answered fast-1', 'answered fast-2']);
    b.dispose();
    assert.equal((await blocked).kind, 'failed');
  });
});
