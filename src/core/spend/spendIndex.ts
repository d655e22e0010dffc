import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { SpendAggregator, type AggregateOptions } from './aggregate';
import { DayKeys } from './aggregateDays';
import { addToBucket, BUCKET_WIDTH } from './buckets';
import type { Ledger } from '../ledger/ledgerFile';
import type { LedgerPaths } from '../ledger/paths';
import type { LedgerRecord } from '../ledger/record';
import { inodeOf, LedgerTail, openIfExists, type LedgerPosition, type LedgerProblem } from '../ledger/tail';

/**
 * The persisted aggregate of a ledger (`<stem>.index.json` beside it): per local day x workspace x model x file
 * sums, the latest calls of each workspace, and exactly which bytes of which files they cover. Opening the spend
 * panel reads this plus the ledger's tail instead of every line. Any doubt (other version, time zone or files)
 * and it is rebuilt from the ledger: it is a cache, never the record.
 */
// 2: buckets gained the 'batch' saving.
export const SPEND_INDEX_VERSION = 2;
const KIND = 'promptmeter-spend-index';
/** Latest calls kept per workspace: the panel's recent-calls table shows at most this many. */
export const INDEX_RECENT = 200;
const MAX_PROBLEMS = 100;
const CHECK_BYTES = 64;

interface IndexFile {
  kind: typeof KIND;
  v: number;
  /** Day keys are local days: a different zone means different buckets. */
  zone: string;
  /** Rotated parts read in full, oldest first; rotated files never change, so name and size identify them. */
  rotated: { name: string; size: number }[];
  /** Where reading stopped in the live file (or a file rotated since), as `watch({from})` takes it. */
  position: LedgerPosition;
  /** The bytes just before `position.offset`, base64: catches a replaced file that reused the inode. */
  check: string;
  records: number;
  problems: LedgerProblem[];
  strings: string[];
  /** Per bucket: day, workspace, model, provider, file (-1: none) as `strings` indices, then BUCKET_WIDTH sums. */
  buckets: number[];
  /** Per workspace, its latest records with their read order. */
  recent: [number, LedgerRecord][];
  seq: number;
}

const KEY_WIDTH = 5;

function zoneId(): string {
  const year = new Date().getFullYear();
  return `${Intl.DateTimeFormat().resolvedOptions().timeZone}|${new Date(year, 0, 1).getTimezoneOffset()}|${new Date(year, 6, 1).getTimezoneOffset()}`;
}

/** The in-memory index: fold records in with `add`, fold it into a snapshot aggregator with `aggregator`. */
export class SpendIndex {
  private strings: string[] = [];
  private stringIds = new Map<string, number>();
  /** Flat: KEY_WIDTH key numbers then BUCKET_WIDTH sums per bucket, in the order of each bucket's first record. */
  private buckets: number[] = [];
  private bucketAt = new Map<string, number>();
  private recent = new Map<string, [number, LedgerRecord][]>();
  private seq = 0;
  private dayKeys = new DayKeys();
  records = 0;
  problems: LedgerProblem[] = [];

  reset(): void {
    this.strings = [];
    this.stringIds = new Map();
    this.buckets = [];
    this.bucketAt = new Map();
    this.recent = new Map();
    this.seq = 0;
    this.records = 0;
    this.problems = [];
  }

  add(r: LedgerRecord): void {
    const day = this.dayKeys.keyOfIso(r.time);
    const file = r.file ?? '';
    const key = `${day}\u0000${r.workspace}\u0000${r.model}\u0000${r.provider}\u0000${r.file === undefined ? '\u0001' : file}`;
    let at = this.bucketAt.get(key);
    if (at === undefined) {
      at = this.buckets.length + KEY_WIDTH;
      this.bucketAt.set(key, at);
      this.buckets.push(this.id(day), this.id(r.workspace), this.id(r.model), this.id(r.provider), r.file === undefined ? -1 : this.id(file));
      for (let i = 0; i < BUCKET_WIDTH; i++) this.buckets.push(0);
    }
    addToBucket(this.buckets, at, r);
    let list = this.recent.get(r.workspace);
    if (!list) this.recent.set(r.workspace, (list = []));
    list.push([this.seq++, r]);
    // Trim in steps so the list is not spliced on every record.
    if (list.length >= 2 * INDEX_RECENT) list.splice(0, list.length - INDEX_RECENT);
    this.records++;
  }

  addProblem(p: LedgerProblem): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
  }

  /** A snapshot aggregator for `options` seeded from the buckets; `add` live records to it afterwards. */
  aggregator(options: Omit<AggregateOptions, 'now'>): SpendAggregator {
    if (!SpendIndex.serves(options)) throw new Error('the spend index serves whole-day ranges and up to 200 recent calls');
    const agg = new SpendAggregator(options);
    const s = this.strings;
    const b = this.buckets;
    for (let at = 0; at < b.length; at += KEY_WIDTH + BUCKET_WIDTH) {
      agg.addBucket(s[b[at]], s[b[at + 1]], s[b[at + 2]], s[b[at + 3]], b[at + 4] === -1 ? null : s[b[at + 4]], b, at + KEY_WIDTH);
    }
    const lists = options.workspace !== undefined ? [this.recent.get(options.workspace) ?? []] : [...this.recent.values()];
    const merged = lists.length === 1 ? lists[0] : lists.flat().sort((x, y) => x[0] - y[0]);
    for (const [, r] of merged.slice(-INDEX_RECENT)) agg.addRecent(r);
    return agg;
  }

  /** Can `aggregator(options)` answer exactly what aggregating every record would. */
  static serves(options: Omit<AggregateOptions, 'now'>): boolean {
    return SpendAggregator.acceptsBuckets(options) && (options.recentLimit ?? 200) <= INDEX_RECENT;
  }

  toFile(rotated: IndexFile['rotated'], position: LedgerPosition, check: string): IndexFile {
    const recent: [number, LedgerRecord][] = [];
    for (const list of this.recent.values()) recent.push(...list.slice(-INDEX_RECENT));
    recent.sort((x, y) => x[0] - y[0]);
    return {
      kind: KIND, v: SPEND_INDEX_VERSION, zone: zoneId(), rotated, position, check, records: this.records, problems: this.problems,
      strings: this.strings, buckets: this.buckets, recent, seq: this.seq,
    };
  }

  static fromFile(f: IndexFile): SpendIndex {
    const x = new SpendIndex();
    x.strings = f.strings;
    f.strings.forEach((s, i) => x.stringIds.set(s, i));
    x.buckets = f.buckets;
    const s = f.strings;
    for (let at = 0; at < f.buckets.length; at += KEY_WIDTH + BUCKET_WIDTH) {
      const b = f.buckets;
      const key = `${s[b[at]]}\u0000${s[b[at + 1]]}\u0000${s[b[at + 2]]}\u0000${s[b[at + 3]]}\u0000${b[at + 4] === -1 ? '\u0001' : s[b[at + 4]]}`;
      x.bucketAt.set(key, at + KEY_WIDTH);
    }
    for (const [seq, r] of f.recent) {
      let list = x.recent.get(r.workspace);
      if (!list) x.recent.set(r.workspace, (list = []));
      list.push([seq, r]);
    }
    x.seq = f.seq;
    x.records = f.records;
    x.problems = f.problems;
    return x;
  }

  private id(s: string): number {
    let i = this.stringIds.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, i);
    }
    return i;
  }
}

export const spendIndexPath = (paths: LedgerPaths): string => path.join(paths.dir, `${paths.stem}.index.json`);

export interface OpenedSpendIndex {
  index: SpendIndex;
  /** Where the index plus the tail end: `watch({from})` continues here. */
  position: LedgerPosition;
  /** 'index': a valid index and the tail after it; 'rebuilt': no usable index, every record was read. */
  source: 'index' | 'rebuilt';
  /** Why the index file was not used, when it was not. */
  reason?: string;
  /** Records read from the ledger (the tail, or everything when rebuilt). */
  readRecords: number;
  problems: LedgerProblem[];
}

/**
 * The ledger's aggregate: the index file when it still describes the ledger, plus the records after it; else
 * every record. Reads without the ledger lock, like `watch` (a write in flight is simply not read yet).
 */
export async function openSpendIndex(ledger: Ledger): Promise<OpenedSpendIndex> {
  const paths = ledger.paths;
  const loaded = await loadIndexFile(paths);
  let index = 'file' in loaded ? SpendIndex.fromFile(loaded.file) : new SpendIndex();
  let from = 'file' in loaded ? loaded.file.position : undefined;
  let reason = 'reason' in loaded ? loaded.reason : undefined;
  if (from) {
    const problem = await coverageProblem(paths, (loaded as { file: IndexFile }).file);
    if (problem) {
      reason = problem;
      index = new SpendIndex();
      from = undefined;
    }
  }
  const problems: LedgerProblem[] = [];
  let readRecords = 0;
  const tail = new LedgerTail(paths, from);
  await tail.readNew((r) => { index.add(r); readRecords++; }, (p) => { problems.push(p); index.addProblem(p); }, undefined, () => {
    reason = 'the ledger files it covers are gone';
    index.reset();
    readRecords = 0;
    from = undefined;
  });
  return {
    index, position: tail.position ?? { ino: '', offset: 0, line: 1 }, source: from ? 'index' : 'rebuilt',
    ...(reason ? { reason } : {}), readRecords, problems,
  };
}

/**
 * Brings `index` (as opened at `position`) up to the ledger's end and writes it atomically. Under the ledger lock,
 * so no append or rotation can slip between reading the tail and recording what was covered.
 */
export async function saveSpendIndex(ledger: Ledger, index: SpendIndex, position: LedgerPosition): Promise<void> {
  const paths = ledger.paths;
  await ledger.withLock(async () => {
    const tail = new LedgerTail(paths, position);
    await tail.readNew((r) => index.add(r), (p) => index.addProblem(p), undefined, () => index.reset());
    const end = tail.position ?? { ino: '', offset: 0, line: 1 };
    const rotated = await Promise.all((await paths.listRotated()).map(async (p) => ({ name: path.basename(p.file), size: (await fsp.stat(p.file)).size })));
    const check = await checkBytes(paths.file, end);
    const target = spendIndexPath(paths);
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    try {
      await fsp.writeFile(tmp, JSON.stringify(index.toFile(rotated, end, check ?? '')));
      await fsp.rename(tmp, target);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
  });
}

async function loadIndexFile(paths: LedgerPaths): Promise<{ file: IndexFile } | { reason: string }> {
  let text: string;
  try {
    text = await fsp.readFile(spendIndexPath(paths), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { reason: 'there is no index yet' };
    return { reason: `it could not be read: ${(e as Error).message}` };
  }
  let f: IndexFile;
  try {
    f = JSON.parse(text) as IndexFile;
  } catch {
    return { reason: 'it is not valid JSON' };
  }
  if (typeof f !== 'object' || f === null || f.kind !== KIND) return { reason: 'it is not a spend index' };
  if (f.v !== SPEND_INDEX_VERSION) return { reason: `it has version ${String(f.v)}, not ${SPEND_INDEX_VERSION}` };
  if (f.zone !== zoneId()) return { reason: 'it was built in another time zone' };
  const shapeOk = Array.isArray(f.rotated) && Array.isArray(f.strings) && Array.isArray(f.buckets) && Array.isArray(f.recent)
    && Array.isArray(f.problems) && typeof f.position?.ino === 'string' && Number.isSafeInteger(f.position.offset)
    && Number.isSafeInteger(f.position.line) && typeof f.check === 'string' && Number.isSafeInteger(f.seq)
    && f.buckets.length % (KEY_WIDTH + BUCKET_WIDTH) === 0;
  return shapeOk ? { file: f } : { reason: 'it is damaged' };
}

/** Why the index no longer describes the ledger files, or undefined when it does. */
async function coverageProblem(paths: LedgerPaths, f: IndexFile): Promise<string | undefined> {
  const rotated = await paths.listRotated();
  for (let i = 0; i < f.rotated.length; i++) {
    const part = rotated[i];
    if (!part || path.basename(part.file) !== f.rotated[i].name) return `rotated part ${f.rotated[i].name} is gone`;
    const size = (await fsp.stat(part.file).catch(() => undefined))?.size;
    if (size !== f.rotated[i].size) return `rotated part ${f.rotated[i].name} changed`;
  }
  // Parts rotated since must start with the file the index was reading; the tail reads them.
  const newer = rotated.slice(f.rotated.length);
  const file = newer.length ? newer[0].file : paths.file;
  if (f.position.ino === '') return newer.length || f.position.offset ? 'the ledger it saw empty has history' : undefined;
  const check = await checkBytes(file, f.position);
  if (check === undefined) return 'the file it was reading is gone';
  return check === f.check ? undefined : 'the file it was reading was replaced';
}

/** The bytes before `pos.offset` of `file`, base64, when `file` is the one `pos` names; else undefined. */
async function checkBytes(file: string, pos: LedgerPosition): Promise<string | undefined> {
  const handle = await openIfExists(file);
  if (!handle) return pos.ino === '' ? '' : undefined;
  try {
    if ((await inodeOf(handle)) !== pos.ino) return undefined;
    const n = Math.min(CHECK_BYTES, pos.offset);
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, pos.offset - n);
    return bytesRead === n ? buf.toString('base64') : undefined;
  } finally {
    await handle.close();
  }
}
