import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { git } from './git';
import { measurePrompt, type MeasureOptions } from './measure';

export interface HistoryPoint {
  commit: string;
  author: string;
  /** ISO-8601 author date. */
  date: string;
  subject: string;
  /** The file's path at that commit (renames followed). */
  path: string;
  inputTokens: number;
  perCallMicros: number | null;
  estimated: boolean;
  model: string;
}

export interface HistoryOptions extends MeasureOptions {
  root: string;
  /** Repository-relative path of the file now. */
  path: string;
  signal?: AbortSignal;
  /** Folder for per-commit results; absent: no cache. */
  cacheDir?: string;
  onProgress?(done: number, total: number): void;
}

const SEP = '\x1f';

/** Tokens and $/call at every commit that touched the file (`git log --follow`), oldest first. */
export async function promptHistory(o: HistoryOptions): Promise<HistoryPoint[]> {
  const log = await git(o.root, ['log', '--follow', '--name-only', `--format=%x1e%H${SEP}%an${SEP}%aI${SEP}%s`, '--', o.path], o.signal);
  const commits = log.split('\x1e').filter((b) => b.trim()).map((block) => {
    const [head, ...rest] = block.split('\n');
    const [commit, author, date, subject] = head.split(SEP);
    const file = rest.map((l) => l.trim()).filter(Boolean).pop() ?? o.path;
    return { commit, author, date, subject, path: file };
  }).reverse();
  const key = createHash('sha256').update(JSON.stringify([o.model ?? '', o.defaultModel, o.expectedOutputTokens])).digest('hex').slice(0, 12);
  const out: HistoryPoint[] = new Array(commits.length);
  let done = 0;
  let next = 0;
  // A few git processes at once: each commit is one `git show`.
  await Promise.all(Array.from({ length: Math.min(6, commits.length) }, async () => {
    while (next < commits.length) {
      if (o.signal?.aborted) throw new Error('cancelled');
      const i = next++;
      const c = commits[i];
      out[i] = await pointAt(o, c, key);
      o.onProgress?.(++done, commits.length);
    }
  }));
  return out.filter(Boolean);
}

async function pointAt(o: HistoryOptions, c: Omit<HistoryPoint, 'inputTokens' | 'perCallMicros' | 'estimated' | 'model'>, key: string): Promise<HistoryPoint> {
  const cached = o.cacheDir && path.join(o.cacheDir, `${c.commit}-${createHash('sha256').update(c.path).digest('hex').slice(0, 12)}-${key}.json`);
  if (cached) {
    const hit = await fs.readFile(cached, 'utf8').then((t) => JSON.parse(t) as HistoryPoint, () => undefined);
    if (hit && hit.commit === c.commit) return hit;
  }
  const text = await git(o.root, ['show', `${c.commit}:${c.path}`], o.signal).catch(() => '');
  const m = measurePrompt(text, c.path, o);
  const point: HistoryPoint = { ...c, inputTokens: m.inputTokens, perCallMicros: m.perCallMicros, estimated: m.estimated, model: m.model };
  if (cached) {
    await fs.mkdir(o.cacheDir!, { recursive: true });
    await fs.writeFile(cached, JSON.stringify(point)).catch(() => undefined);
  }
  return point;
}
