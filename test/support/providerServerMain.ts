// Standalone provider server for e2e: prints {"url": ...} as one JSON line, runs until SIGTERM/SIGINT.
// Usage: npx tsx test/support/providerServerMain.ts [--cache-min-tokens N]
// Stop it with SIGTERM to the tsx process (spawn node_modules/.bin/tsx, or spawn detached and signal the group):
// `npm exec`/`npx` does not pass SIGTERM on, so signalling an npx pid leaves the server running.
import { ProviderServer } from './providerServer';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--cache-min-tokens');
  const cacheMinTokens = i >= 0 ? Number(process.argv[i + 1]) : undefined;
  const server = await ProviderServer.start({ cacheMinTokens });
  const stop = () => { void server.close().then(() => process.exit(0)); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(JSON.stringify({
    url: server.url, openaiBaseUrl: server.openaiBaseUrl, anthropicBaseUrl: server.anthropicBaseUrl,
  }) + '\n');
}

main().catch((e) => { process.stderr.write(`provider server failed: ${String(e)}\n`); process.exit(1); });
