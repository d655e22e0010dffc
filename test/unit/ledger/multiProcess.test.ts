import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { Ledger } from '../../../src/core/ledger/ledgerFile';
import { useTempDir } from './helpers/tmp';

const WORKER = path.join(__dirname, 'helpers', 'appendWorker.ts');

interface Worker { child: ChildProcess; printed: string[]; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> }

function startWorker(file: string, tag: string, count: number, maxSize: number, onId?: (n: number) => void): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, file, String(count), tag, String(maxSize)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const printed: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (id) => { printed.push(id); onId?.(printed.length); });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    // 'close' waits for stdout to drain, so every printed id has been seen.
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { child, printed, exit };
}

describe('Ledger shared by processes', () => {
  const tmp = useTempDir();

  it('two processes append 1,000 records each; one is SIGKILLed mid-run; every acknowledged record survives', async function () {
    this.timeout(180_000);
    const file = path.join(tmp.dir, 'spend.jsonl');
    // Small rotation size so rotation also happens under contention.
    const maxSize = 64 * 1024;
    let killed!: Worker;
    killed = startWorker(file, 'a', 1000, maxSize, (n) => { if (n === 300) killed.child.kill('SIGKILL'); });
    const survivor = startWorker(file, 'b', 1000, maxSize);

    const [a, b] = await Promise.all([killed.exit, survivor.exit]);
    assert.equal(a.signal, 'SIGKILL');
    assert.equal(b.code, 0, b.stderr);
    assert.ok(killed.printed.length >= 300 && killed.printed.length < 1000, `killed child printed ${killed.printed.length}`);
    assert.equal(survivor.printed.length, 1000);

    const { records, problems } = await new Ledger({ path: file, maxSizeBytes: maxSize }).readAll();
    const present = new Set(records.map((r) => r.id));
    for (const id of killed.printed) assert.ok(present.has(id), `acknowledged ${id} is missing`);
    for (let i = 0; i < 1000; i++) assert.ok(present.has(`b-${i}`), `b-${i} is missing`);
    assert.equal(present.size, records.length, 'no record is duplicated');
    // At most the one line the killed child was writing can be damaged.
    assert.ok(problems.length <= 1, problems.map((p) => p.message).join('\n'));
  });
});
