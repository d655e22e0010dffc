import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type ClearFilter, isChatResponse, matchesFilter } from '../cache/entry';
import type { ChatResponse } from '../types';

export interface SemanticEntry {
  /** Hash of everything but the last user message: only entries sharing it are compared. */
  partition: string;
  text: string;
  vector: number[];
  response: ChatResponse;
  createdAt: number;
  expiresAt: number;
  file?: string;
}

export interface SemanticStore {
  candidates(partition: string): Promise<SemanticEntry[]>;
  add(entry: SemanticEntry): Promise<void>;
  clear(filter?: ClearFilter): Promise<number>;
}

export interface SemanticStoreOptions {
  /** Optional JSON file the entries persist to (written atomically). */
  file?: string;
  maxEntries?: number;
  log?: (line: string) => void;
}

function isEntry(x: unknown): x is SemanticEntry {
  const e = x as SemanticEntry;
  return !!e && typeof e.partition === 'string' && typeof e.text === 'string' && Array.isArray(e.vector)
    && e.vector.every((n) => typeof n === 'number') && typeof e.createdAt === 'number' && typeof e.expiresAt === 'number'
    && isChatResponse(e.response);
}

/** In-memory list, oldest dropped first, optionally mirrored to one JSON file. */
export function semanticStore(opts: SemanticStoreOptions = {}): SemanticStore {
  const max = opts.maxEntries ?? 2000;
  let entries: SemanticEntry[] | undefined;
  let saving: Promise<void> = Promise.resolve();

  async function load(): Promise<SemanticEntry[]> {
    if (entries) return entries;
    let loaded: SemanticEntry[] = [];
    if (opts.file) {
      try {
        const data = JSON.parse(await fs.readFile(opts.file, 'utf8')) as { v?: number; entries?: unknown[] };
        loaded = data.v === 1 && Array.isArray(data.entries) ? data.entries.filter(isEntry) : [];
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') opts.log?.(`promptmeter semantic cache: ignoring unreadable ${path.basename(opts.file)}`);
      }
    }
    entries ??= loaded;
    return entries;
  }

  function save(): Promise<void> {
    const file = opts.file;
    if (!file) return Promise.resolve();
    // Saves run one after another so an older snapshot never overwrites a newer one.
    saving = saving.then(async () => {
      try {
        await fs.mkdir(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
        await fs.writeFile(tmp, JSON.stringify({ v: 1, entries }), { mode: 0o600 });
        await fs.rename(tmp, file);
      } catch (err) {
        opts.log?.(`promptmeter semantic cache: could not save (${(err as Error).message})`);
      }
    });
    return saving;
  }

  return {
    async candidates(partition) {
      const now = Date.now();
      return (await load()).filter((e) => e.partition === partition && e.expiresAt > now);
    },
    async add(entry) {
      const list = await load();
      list.push(entry);
      const now = Date.now();
      entries = list.filter((e) => e.expiresAt > now).slice(-max);
      await save();
    },
    async clear(filter) {
      const list = await load();
      const keep = list.filter((e) => !matchesFilter(e, filter));
      entries = keep;
      if (keep.length !== list.length) await save();
      return list.length - keep.length;
    },
  };
}
