import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { readJsonObject, writeJsonObject } from '../exact/jsonFile';
import { git } from './git';
import { measurePrompt, type MeasureOptions } from './measure';
import { CATALOGUE_VERSION } from '../pricing/prices';

export interface HistoryPoint {
  commit: string;
  author: string;
  /** ISO-8601 author date. */
  date: string;
  subject: string;
  /** The file's path at that commit (renames followed). */
  path: string;
  /** The commit's first parent, absent on a root commit: the other side of that revision's diff. */
  parent?: string;
  /** The file's path in the parent (differs from `path` on a rename). */
  parentPath?: string;
  inputTokens: number;
  perCallMicros: number | null;
  estimated: boolean;
  model: string;
}

/** What a blob measures to; the same blob measures the same, so it is the cache's unit. */
export type Measured = Pick<HistoryPoint, 'inputTokens' | 'perCallMicros' | 'estimated' | 'model'>;

export interface HistoryOptions extends MeasureOptions {
  root: string;
  /** Repository-relative path of the file now. */
  path: string;
  signal?: AbortSignal;
  /** Folder for the on-disk cache of measured blobs; absent: none. */
  cacheDir?: string;
  /** A cache kept across calls in memory (the editor's), keyed like the disk cache. */
  memory?: Map<string, Measured>;
  onProgress?(done: number, total: number): void;
}

interface LogEntry { commit: string; author: string; date: string; subject: string; parent?: string; path: string; parentPath?: string; blob?: string }

const SEP = '\x1f';
const NO_BLOB = /^0+$/;
// Bump when what a blob measures to changes shape, so old cache files are not read.
const CACHE_VERSION = 2;

/**
 * Tokens and $/call at every commit that touched the file (`git log --follow`), oldest first. Two git processes
 * whatever the length of the history: one `git log --raw` names each commit's blob, one `git cat-file --batch`
 * reads the blobs not measured before.
 */
export async function promptHistory(o: HistoryOptions): Promise<HistoryPoint[]> {
  const entries = await followLog(o.root, o.path, o.signal);
  const optionsKey = createHash('sha256').update(JSON.stringify([CACHE_VERSION, o.model ?? '', o.defaultModel, o.expectedOutputTokens, o.prices.overridesKey(), CATALOGUE_VERSION])).digest('hex').slice(0, 16);
  const diskFile = o.cacheDir && path.join(o.cacheDir, `history-${optionsKey}.json`);
  const disk = diskFile ? await readJsonObject<Measured>(diskFile) : {};
  const keyOf = (e: LogEntry) => `${optionsKey}:${e.blob ?? `${e.commit}:${e.path}`}`;
  const known = (e: LogEntry) => o.memory?.get(keyOf(e)) ?? disk[keyOf(e).slice(optionsKey.length + 1)];
  const missing = [...new Map(entries.filter((e) => !known(e)).map((e) => [keyOf(e), e])).values()];
  let done = entries.length - missing.length;
  o.onProgress?.(done, entries.length);
  if (missing.length) {
    const texts = await readBlobs(o.root, missing.map((e) => (e.blob && !NO_BLOB.test(e.blob) ? e.blob : `${e.commit}:${e.path}`)), o.signal);
    for (const [i, e] of missing.entries()) {
      if (o.signal?.aborted) throw new Error('cancelled');
      const m = measurePrompt(texts[i] ?? '', e.path, o);
      const measured: Measured = { inputTokens: m.inputTokens, perCallMicros: m.perCallMicros, estimated: m.estimated, model: m.model };
      o.memory?.set(keyOf(e), measured);
      disk[keyOf(e).slice(optionsKey.length + 1)] = measured;
      o.onProgress?.(++done, entries.length);
      // Let the editor's host breathe (progress, cancel) between measurements of a long history.
      if (i % 20 === 19) await new Promise((r) => setImmediate(r));
    }
    if (diskFile) await writeJsonObject(diskFile, disk).catch(() => undefined);
  }
  return entries.map((e) => {
    const { blob: _blob, ...point } = e;
    return { ...point, ...known(e)! };
  });
}

/** One `git log --follow --raw`: each commit's header, first parent, the file's path there and its blob id. */
async function followLog(root: string, file: string, signal?: AbortSignal): Promise<LogEntry[]> {
  const out = await git(root, ['log', '--follow', '--raw', '--no-abbrev', '-z', `--format=%x1e%H${SEP}%P${SEP}%an${SEP}%aI${SEP}%s`, '--', file], signal);
  let later = file;
  const entries: LogEntry[] = [];
  for (const block of out.split('\x1e')) {
    const end = block.indexOf('\0');
    const head = end < 0 ? block : block.slice(0, end);
    if (!head.trim()) continue;
    const [commit, parents, author, date, subject] = head.split(SEP);
    const parent = parents.split(' ').filter(Boolean)[0];
    // Raw entries: ":100644 100644 <old> <new> M", path, and a second path after R or C.
    const fields = end < 0 ? [] : block.slice(end + 1).replace(/^\n/, '').split('\0');
    let entry: LogEntry = { commit, author, date, subject, path: later, ...(parent ? { parent, parentPath: later } : {}) };
    for (let i = 0; i < fields.length; i++) {
      const meta = fields[i];
      if (!meta.startsWith(':')) continue;
      const [, , , blob, status] = meta.slice(1).split(' ');
      const renamed = status[0] === 'R' || status[0] === 'C';
      const from = fields[i + 1];
      const to = renamed ? fields[i + 2] : from;
      entry = { ...entry, path: to, blob, ...(parent ? { parentPath: from } : {}) };
      break;
    }
    later = entry.parentPath ?? entry.path;
    entries.push(entry);
  }
  return entries.reverse();
}

/**
 * The texts of many objects (blob ids or `rev:path`) through one `git cat-file --batch`; a missing object reads as
 * undefined.
 */
function readBlobs(root: string, names: string[], signal?: AbortSignal): Promise<(string | undefined)[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: root, signal, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) { reject(new Error(stderr.trim().split('\n')[0] || `git cat-file exited with ${code}`)); return; }
      const buf = Buffer.concat(chunks);
      const texts: (string | undefined)[] = [];
      let at = 0;
      for (let i = 0; i < names.length; i++) {
        const nl = buf.indexOf(0x0a, at);
        const header = buf.toString('utf8', at, nl);
        at = nl + 1;
        // "<id> <type> <size>" then the contents (whatever the type), or "<name> missing".
        const found = /^\S+ (\w+) (\d+)$/.exec(header);
        if (!found) { texts.push(undefined); continue; }
        const size = Number(found[2]);
        texts.push(found[1] === 'blob' ? buf.toString('utf8', at, at + size) : undefined);
        at += size + 1;
      }
      resolve(texts);
    });
    child.stdin.end(names.join('\n') + '\n');
  });
}
