// Entry of the analysis worker (dist/analysisWorker.js): parsing and counting off the extension host's main thread.
import { parentPort } from 'node:worker_threads';
import { countTokens } from '../../core/tokens';
import { DocumentAnalyzer } from './analyzer';
import type { WorkerRequest, WorkerReply } from './workerProtocol';

const analyzer = new DocumentAnalyzer();
parentPort?.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'forget') return analyzer.forget(msg.uri);
  const reply: WorkerReply = { type: 'result', id: msg.id, outcome: analyzer.analyze(msg.job) };
  parentPort!.postMessage(reply);
});

// Load both exact encoders before the first job, so a cold start is not mistaken for a slow document.
for (const encoding of ['o200k_base', 'cl100k_base'] as const) countTokens(encoding, 'warm up');
parentPort?.postMessage({ type: 'ready' } satisfies WorkerReply);
