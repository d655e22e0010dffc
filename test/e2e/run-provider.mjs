// The test provider server for run.e2e, with a request log: run with `npx tsx test/e2e/run-provider.mjs`.
// Prints {"url", "openaiBaseUrl", "anthropicBaseUrl"} once, then {"request": {method, path}} per request received,
// so the test can tell a cache hit (no new request) from a call.
import { ProviderServer } from '../support/providerServer.ts';
import { shoutAnswers } from '../support/shoutAnswers.ts';

const server = await ProviderServer.start();
// `--answers shout`: the model-dependent answers the dataset suites expect.
if (process.argv.includes('--answers') && process.argv[process.argv.indexOf('--answers') + 1] === 'shout') shoutAnswers(server);
const line = (o) => process.stdout.write(JSON.stringify(o) + '\n');
line({ url: server.url, openaiBaseUrl: server.openaiBaseUrl, anthropicBaseUrl: server.anthropicBaseUrl });
server.on('request', (r) => line({ request: { method: r.method, path: r.path, n: server.requests.length } }));
const stop = () => { void server.close().then(() => process.exit(0)); };
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
