import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { once } from 'node:events';
import * as readline from 'node:readline';

describe('providerServerMain (standalone, for e2e)', () => {
  it('prints its URL as one JSON line, serves, and exits on SIGTERM', async () => {
    const main = path.join(__dirname, '../../support/providerServerMain.ts');
    const tsxCli = require.resolve('tsx/cli');
    const child = spawn(process.execPath, [tsxCli, main], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [line] = (await once(readline.createInterface({ input: child.stdout! }), 'line')) as [string];
      const info = JSON.parse(line) as { url: string; openaiBaseUrl: string; anthropicBaseUrl: string };
      assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${info.openaiBaseUrl}/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ping' }] }),
      });
      assert.equal(((await res.json()) as any).choices[0].message.content, 'Answer to: ping');
      child.kill('SIGTERM');
      const [code, signal] = await once(child, 'exit');
      assert.deepEqual({ code, signal }, { code: 0, signal: null });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
