// `promptmeter run FILE --dry-run --json` in-process, as the tests that compare its printed request need it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCommand } from '../../../src/cli/run';

/** The parsed JSON the dry run of `file` prints, run in `cwd`; fails the test on a non-zero exit. */
export async function dryRunJson<T>(file: string, cwd: string): Promise<T> {
  let out = ''; let err = '';
  const code = await runCommand([file, '--dry-run', '--json'], { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd, env: {} });
  assert.equal(code, 0, err);
  return JSON.parse(out) as T;
}

/** The same for a file `name` holding `text`, written to a directory of its own and removed after. */
export async function dryRunOf<T>(name: string, text: string): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-dry-'));
  try {
    writeFileSync(path.join(dir, name), text);
    return await dryRunJson<T>(name, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
