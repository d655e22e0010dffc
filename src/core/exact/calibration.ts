// Measured exact ÷ local estimate per model family, kept in a small local table the hover reads.
import { bareModelId } from '../tokens/families';
import { readJsonObject, writeJsonObject } from './jsonFile';

export interface Calibration {
  /** exact ÷ estimate at the last check. */
  ratio: number;
  exact: number;
  estimate: number;
  model: string;
  at: string;
}

/** `anthropic/claude-sonnet-4-5-20250929` -> `claude-sonnet-4-5`: dated snapshots share their family's tokenizer. */
export function modelFamily(model: string): string {
  return bareModelId(model).replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, '');
}

export function calibrationOf(model: string, exact: number, estimate: number, at = new Date()): Calibration | undefined {
  if (!(estimate > 0) || !(exact > 0)) return undefined;
  return { ratio: exact / estimate, exact, estimate, model, at: at.toISOString() };
}

/** "the estimate was 12% low" / "… 3% high" / "… exact". */
export function describeCalibration(c: Calibration): string {
  const off = Math.round((c.estimate / c.exact - 1) * 100);
  const when = c.at.slice(0, 10);
  if (off === 0) return `the local estimate matched the provider's count (${c.exact}) when last checked, ${when}`;
  return `the local estimate was ${Math.abs(off)}% ${off < 0 ? 'low' : 'high'} (${c.estimate} vs ${c.exact} exact) when last checked, ${when}`;
}

export class CalibrationTable {
  private rows: Promise<Record<string, Calibration>> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  async get(model: string): Promise<Calibration | undefined> {
    return (await this.load())[modelFamily(model)];
  }

  /** The last loaded row, without waiting (undefined until the table has been read once). */
  peek(model: string): Calibration | undefined { return this.cached?.[modelFamily(model)]; }

  async record(c: Calibration): Promise<void> {
    const rows = await this.load();
    rows[modelFamily(c.model)] = c;
    this.writing = this.writing.then(() => writeJsonObject(this.file, rows)).catch(() => undefined);
    await this.writing;
  }

  private cached: Record<string, Calibration> | undefined;

  private load(): Promise<Record<string, Calibration>> {
    this.rows ??= readJsonObject<Calibration>(this.file).then((r) => (this.cached = r));
    return this.rows;
  }
}
