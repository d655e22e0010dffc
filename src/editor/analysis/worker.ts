// Entry of the analysis worker (dist/analysisWorker.js): parsing and counting off the extension host's main thread.
import { parentPort } from 'node:worker_threads';
import { DocumentAnalyzer } from './analyzer';
import type { WorkerRequest, WorkerReply } from './workerProtocol';

const analyzer = new DocumentAnalyzer();
parentPort?.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'forget') return analyzer.forget(msg.uri);
  const reply: WorkerReply = { type: 'result', id: msg.id, outcome: analyzer.analyze(msg.job) };
  parentPort!.postMessage(reply);
});

// Load the parser, the default model's encoder and the price catalogue before the first job, so a cold start is not
// mistaken for a slow document; the other encoder loads a moment later, off the first lens's path.
const WARM_UP = '---\nmodel:\n  api: chat\n---\nsystem:\nYou help {{name}}.\n\nuser:\nHello';
const warm = (defaultModel: string) => {
  analyzer.analyze({ uri: 'warm-up', version: 1, text: WARM_UP, fileName: 'warm-up.prompty', format: 'prompty', defaultModel, expectedOutputTokens: 1, prices: {} });
  analyzer.forget('warm-up');
};
warm('gpt-4o');
parentPort?.postMessage({ type: 'ready' } satisfies WorkerReply);
setTimeout(() => warm('gpt-4'), 3000).unref();
