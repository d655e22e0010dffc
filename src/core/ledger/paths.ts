import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** Where a ledger and its rotated parts live: `spend.jsonl`, `spend.<timestamp>.jsonl`, `spend.jsonl.lock`. */
export class LedgerPaths {
  readonly file: string;
  readonly dir: string;
  /** File name without `.jsonl`: rotated parts are `<stem>.<timestamp>.jsonl`. */
  readonly stem: string;
  private readonly rotatedPattern: RegExp;

  constructor(file: string) {
    this.file = path.resolve(file);
    this.dir = path.dirname(this.file);
    const name = path.basename(this.file);
    this.stem = name.endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : name;
    const escaped = this.stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.rotatedPattern = new RegExp(`^${escaped}\\.(\\d{8}T\\d{9}Z)(?:-(\\d+))?\\.jsonl$`);
  }

  /** Name for a part rotated at `at`; compact ISO so names sort oldest first. */
  rotatedName(at: Date, attempt = 0): string {
    const stamp = at.toISOString().replace(/[-:.]/g, '');
    return path.join(this.dir, `${this.stem}.${stamp}${attempt ? `-${attempt}` : ''}.jsonl`);
  }

  /** Is `name` (a bare file name in `dir`) one of this ledger's rotated parts. */
  isRotated(name: string): boolean {
    return this.rotatedPattern.test(name);
  }

  /** Rotated parts, oldest first, with the time each was rotated. */
  async listRotated(): Promise<{ file: string; rotatedAt: Date }[]> {
    let names: string[];
    try {
      names = await fsp.readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const parts: { file: string; rotatedAt: Date; order: number }[] = [];
    for (const name of names) {
      const m = this.rotatedPattern.exec(name);
      if (!m) continue;
      const s = m[1];
      const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
      parts.push({ file: path.join(this.dir, name), rotatedAt: new Date(iso), order: Number(m[2] ?? 0) });
    }
    parts.sort((a, b) => a.rotatedAt.getTime() - b.rotatedAt.getTime() || a.order - b.order);
    return parts.map(({ file, rotatedAt }) => ({ file, rotatedAt }));
  }
}
