import { promises as fsp } from 'node:fs';
import * as os from 'node:os';

/** Money set aside for a call in progress, visible to every process sharing the ledger. */
export interface Reservation {
  id: string;
  /** The ledger record id of the call; a committed reservation lives until that record is in the ledger. */
  callId?: string;
  pid: number;
  host: string;
  micros: number;
  /** True once the call ended: `micros` is then its real cost, not yet visible in the ledger. */
  committed: boolean;
  created: string;
  /**
   * ISO time after which the reservation is released by any process (the run's deadline plus a margin): a run
   * killed on another host, in a container, or whose pid was reused cannot hold the budget past it.
   */
  deadline?: string;
}

interface ReservationFile { v: 1; reservations: Reservation[] }

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The reservations JSON file next to the ledger; every method must run under the ledger lock. */
export class ReservationStore {
  readonly host = os.hostname();

  constructor(readonly file: string, private readonly maxAgeMs: number) {}

  /** Current reservations, without those of dead processes on this host, past their deadline, or older than the maximum age. */
  async load(now: Date): Promise<{ reservations: Reservation[]; pruned: boolean }> {
    let parsed: ReservationFile | undefined;
    try {
      parsed = JSON.parse(await fsp.readFile(this.file, 'utf8')) as ReservationFile;
    } catch (e) {
      // Missing is normal; unreadable is treated as empty since it can only be a crash mid-rename on odd file systems.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && !(e instanceof SyntaxError)) throw e;
    }
    const all = Array.isArray(parsed?.reservations) ? parsed.reservations : [];
    const oldest = now.getTime() - this.maxAgeMs;
    const reservations = all.filter((r) =>
      typeof r.micros === 'number' && Number.isSafeInteger(r.micros) && r.micros >= 0 && Date.parse(r.created) >= oldest
      && !(typeof r.deadline === 'string' && Date.parse(r.deadline) < now.getTime())
      && (r.host !== this.host || r.pid === process.pid || isAlive(r.pid)));
    return { reservations, pruned: reservations.length !== all.length };
  }

  /** Replaces the file atomically (temp file, fsync, rename). */
  async save(reservations: readonly Reservation[]): Promise<void> {
    const tmp = `${this.file}.${process.pid}.tmp`;
    const handle = await fsp.open(tmp, 'w');
    try {
      await handle.writeFile(JSON.stringify({ v: 1, reservations: [...reservations] } satisfies ReservationFile));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, this.file);
  }
}
