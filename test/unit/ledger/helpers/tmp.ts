import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh temp directory per test, removed afterwards. */
export function useTempDir(): { readonly dir: string } {
  const state = { dir: '' };
  beforeEach(() => { state.dir = mkdtempSync(path.join(os.tmpdir(), 'pm-ledger-')); });
  afterEach(() => { rmSync(state.dir, { recursive: true, force: true }); });
  return state;
}
