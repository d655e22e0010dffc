// Exact counts on disk, keyed by the request hash: reopening an unchanged prompt asks the provider nothing.
import { readJsonObject, writeJsonObject } from './jsonFile';

export interface CachedCount { inputTokens: number; model: string; at: string }

/** Oldest entries go first past this size; a count is a few dozen bytes. */
const MAX_ENTRIES = 2000;

export class CountCache {
  private entries: Promise<Record<string, CachedCount>> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  async get(hash: string): Promise<CachedCount | undefined> {
    return (await this.load())[hash];
  }

  async set(hash: string, count: CachedCount): Promise<void> {
    const all = await this.load();
    delete all[hash];
    all[hash] = count;
    const keys = Object.keys(all);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete all[k];
    this.writing = this.writing.then(() => writeJsonObject(this.file, all)).catch(() => undefined);
    await this.writing;
  }

  private load(): Promise<Record<string, CachedCount>> {
    this.entries ??= readJsonObject<CachedCount>(this.file);
    return this.entries;
  }
}
