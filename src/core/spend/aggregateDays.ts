import { localDayKey } from '../ledger/periods';

/** Local day keys for ledger times; remembers the last hour seen, since ledgers arrive in time order. */
export class DayKeys {
  private start = 0;
  private end = -1;
  private key = '';
  /** ISO prefix (to the hour, or minute in zones with a part-hour offset) that maps to `key`. */
  private prefix = '\u0000';
  private wholeHourZone = true;

  /** Day of an ISO time; Date.parse is skipped while times stay in the same hour. */
  keyOfIso(time: string): string {
    if (time.startsWith(this.prefix) && time.length === 24) return this.key;
    const t = Date.parse(time);
    const key = this.keyOf(t);
    if (time.length === 24 && time.charCodeAt(23) === 90) {
      this.prefix = time.slice(0, this.wholeHourZone ? 13 : 16);
    } else this.prefix = '\u0000';
    return key;
  }

  keyOf(t: number): string {
    if (t >= this.start && t < this.end) return this.key;
    const d = new Date(t);
    this.start = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    this.end = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
    this.key = localDayKey(d);
    this.wholeHourZone = d.getTimezoneOffset() % 60 === 0;
    return this.key;
  }
}

/** Local day keys from `first` to `last` inclusive (both `YYYY-MM-DD`); capped so a typo cannot loop for ages. */
export function daysBetween(first: string, last: string, max = 4000): string[] {
  const out: string[] = [];
  const [y, m, d] = first.split('-').map(Number);
  for (let i = 0; i < max; i++) {
    const key = localDayKey(new Date(y, m - 1, d + i));
    if (key > last) break;
    out.push(key);
  }
  return out;
}

export { startOfLocalWeek } from '../ledger/periods';

export function startOfLocalDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}
