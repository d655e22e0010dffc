import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type CacheEntry, type CacheLayerStore, type ClearFilter, matchesFilter } from './entry';
import { openEntry, sealEntry } from './integrity';

export interface DiskLayerOptions {
  /** Directory owned by the cache (the extension's global storage, or ~/.cache/promptmeter for the CLI). */
  dir: string;
  /** Per-user secret the entries' integrity tags are keyed with. */
  secret: string;
  log?: (line: string) => void;
}

/** File name for a key: ':' is not allowed in Windows file names. */
export const diskFileName = (key: string): string => `${key.replace(/[^A-Za-z0-9_-]/g, '-')}.json`;

/** One JSON file per key, written to a temp file then renamed, so readers never see half an entry. */
export function diskLayer(opts: DiskLayerOptions): CacheLayerStore {
  const fileOf = (key: string) => path.join(opts.dir, diskFileName(key));
  const remove = (file: string) => fs.rm(file, { force: true }).catch(() => undefined);

  const olderThan = (file: string, t: number) => fs.stat(file).then((st) => st.mtimeMs < t, () => false);

  async function read(file: string, key?: string): Promise<CacheEntry | undefined> {
    let text: string;
    try { text = await fs.readFile(file, 'utf8'); } catch { return undefined; }
    const opened = openEntry(text, opts.secret, key);
    if ('problem' in opened) {
      // A corrupt, foreign or forged file is a miss; delete it so it is not read again.
      opts.log?.(`promptmeter cache: ignoring ${opened.problem === 'forged' ? 'an entry whose integrity tag does not match' : 'a corrupt entry'} (${path.basename(file)})`);
      await remove(file);
      return undefined;
    }
    return opened.entry;
  }

  return {
    name: 'disk',
    async get(key) {
      const file = fileOf(key);
      const e = await read(file, key);
      if (e && e.expiresAt <= Date.now()) { await remove(file); return undefined; }
      return e;
    },
    async set(key, entry) {
      try {
        await fs.mkdir(opts.dir, { recursive: true });
        const target = fileOf(key);
        const tmp = `${target}.${process.pid}.${randomUUID()}.tmp`;
        await fs.writeFile(tmp, sealEntry(entry, opts.secret), { encoding: 'utf8', mode: 0o600 });
        await fs.rename(tmp, target).catch(async (err) => { await remove(tmp); throw err; });
      } catch (err) {
        opts.log?.(`promptmeter cache: could not write disk entry (${(err as Error).message})`);
      }
    },
    async delete(key) { await remove(fileOf(key)); },
    async clear(filter?: ClearFilter) {
      let names: string[];
      try { names = await fs.readdir(opts.dir); } catch { return 0; }
      let n = 0;
      const now = Date.now();
      for (const name of names) {
        const file = path.join(opts.dir, name);
        // Leftovers of a crashed write; young ones may belong to a writer in another window.
        if (name.endsWith('.tmp')) { if (await olderThan(file, now - 600_000)) await remove(file); continue; }
        if (!name.endsWith('.json')) continue;
        const e = await read(file);
        if (!e) continue;
        if (matchesFilter(e, filter, now)) { await remove(file); n++; }
        else if (e.expiresAt <= now) await remove(file);
      }
      return n;
    },
  };
}
