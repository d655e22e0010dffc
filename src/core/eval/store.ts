import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { EvalRowResult } from './types';

/** Rows already answered, so a cancelled or crashed run resumes where it stopped instead of paying again. */
export interface ResultStore {
  load(): Promise<Map<string, EvalRowResult>>;
  append(result: EvalRowResult): Promise<void>;
}

/** One JSON line per answered row; a damaged line (a crash mid-write) is skipped, never fatal. */
export function fileResultStore(file: string): ResultStore {
  return {
    async load() {
      const out = new Map<string, EvalRowResult>();
      const text = await fs.readFile(file, 'utf8').catch(() => '');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const r = JSON.parse(line) as EvalRowResult;
          if (r && typeof r.key === 'string' && typeof r.model === 'string' && r.status === 'ok') out.set(storeKey(r.model, r.key), r);
        } catch { /* torn line */ }
      }
      return out;
    },
    async append(result) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.appendFile(file, JSON.stringify(result) + '\n');
    },
  };
}

export const storeKey = (model: string, requestKey: string) => `${model}\u0000${requestKey}`;
