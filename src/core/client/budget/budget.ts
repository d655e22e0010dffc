import { randomUUID } from 'node:crypto';
import { usageOfError } from '../../ledger/callCost';
import type { Ledger } from '../../ledger/ledgerFile';
import { localDayKey, localMonthKey, localWeekKey, startOfLocalMonth, startOfLocalWeek } from '../../ledger/periods';
import { toMicros } from '../../ledger/record';
import { LedgerTail } from '../../ledger/tail';
import type { PriceBook } from '../../pricing/prices';
import { DEFAULTS } from '../../settings/defaults';
import { formatUSD } from '../../money';
import { billedMicros } from '../billing';
import { BudgetExceededError } from './error';
import { estimateInputTokens, maxCostMicros, type MaxCost } from './estimate';
import { ReservationStore, type Reservation } from './reservations';
import type { LedgerCallContext } from '../ledgerStage';
import type { ChatRequest, ChatResponse, Stage } from '../types';

export { BudgetExceededError, type BudgetLimitKind } from './error';
export type { Reservation } from './reservations';

/** Limits in USD as the settings hold them; 0 means no limit. */
export interface BudgetLimits { dailyUSD: number; weeklyUSD: number; monthlyUSD: number; perCallUSD: number }

/** True when any limit is set. */
export function hasBudgetLimit(l: BudgetLimits): boolean {
  return l.dailyUSD > 0 || l.weeklyUSD > 0 || l.monthlyUSD > 0 || l.perCallUSD > 0;
}

export interface BudgetManagerOptions {
  ledger: Ledger;
  prices: PriceBook;
  limits: BudgetLimits;
  now?: () => Date;
  /** Upper estimate of a request's input tokens; default: o200k count with a margin. */
  estimateInputTokens?: (req: ChatRequest) => number;
  /** Reservations older than this are dropped (a crashed process on another host). Default 2 hours. */
  reservationMaxAgeMs?: number;
  /**
   * How long a call's reservation may live before any process releases it: the run deadline plus a margin.
   * Default: promptmeter.request.deadlineMs + 60 s.
   */
  reservationTtlMs?: number;
}

export interface BudgetSnapshot {
  spentTodayMicros: number;
  /** Since Monday, local time. */
  spentWeekMicros: number;
  spentMonthMicros: number;
  /** Held by calls in progress (and ended calls whose record is not in the ledger yet), in every process. */
  reservedMicros: number;
  limits: BudgetLimits;
}

export interface ReserveOptions {
  /** The ledger record id of this call, so its reservation lasts until the record is written. */
  callId?: string;
  onWarning?: (message: string) => void;
}

const WARN_AT = 0.8;
/** Margin past the run deadline before a reservation is released regardless of its owner. */
export const RESERVATION_MARGIN_MS = 60_000;
const COMMITTED_TTL_MS = 10 * 60_000;

/** The calendar limits, in the order they are checked, with the key naming the period that holds a time. */
const PERIODS = {
  daily: { label: 'Daily', key: localDayKey },
  weekly: { label: 'Weekly', key: localWeekKey },
  monthly: { label: 'Monthly', key: localMonthKey },
} as const;
type Period = keyof typeof PERIODS;
const PERIOD_KINDS = Object.keys(PERIODS) as Period[];

/**
 * Checks each call against daily, weekly, monthly and per-call limits before it runs. Spend comes from the ledger
 * (tailed into running totals) plus every process's reservations, all read and changed under the ledger lock.
 */
export class BudgetManager {
  private readonly store: ReservationStore;
  private readonly tail: LedgerTail;
  /** Ledger spend per period key (`2024-05-14`, week of `2024-05-13`, `2024-05`). */
  private readonly spent: Record<Period, Map<string, number>> = { daily: new Map(), weekly: new Map(), monthly: new Map() };
  private readonly warned = new Set<string>();
  private readonly now: () => Date;
  private limits: BudgetLimits;
  private readonly reservationTtlMs: number;

  constructor(private readonly options: BudgetManagerOptions) {
    this.store = new ReservationStore(`${options.ledger.path}.reservations.json`, options.reservationMaxAgeMs ?? 2 * 3_600_000);
    this.tail = new LedgerTail(options.ledger.paths);
    this.now = options.now ?? (() => new Date());
    this.limits = { ...options.limits };
    this.reservationTtlMs = options.reservationTtlMs ?? DEFAULTS.requestDeadlineMs + RESERVATION_MARGIN_MS;
  }

  /** True when any limit is set; with none the budget stage does nothing. */
  get enabled(): boolean {
    return hasBudgetLimit(this.limits);
  }

  setLimits(limits: BudgetLimits): void {
    this.limits = { ...limits };
  }

  maxCost(req: ChatRequest): MaxCost {
    return maxCostMicros(req, this.options.prices, (this.options.estimateInputTokens ?? estimateInputTokens)(req));
  }

  /** The real cost of a finished call: cache hits are free, unpriced models count as 0 here. */
  costOf(res: ChatResponse): number {
    // Estimated usage (none reported) is in res.usage; a cascade's rejected answer was billed too.
    return billedMicros(res, this.options.prices).totalMicros;
  }

  /** What a failed call still cost, when its error reports usage. */
  costOfError(err: unknown, req: ChatRequest): number {
    const usage = usageOfError(err);
    return usage ? this.options.prices.cost(usage, req.model, req.provider).totalMicros : 0;
  }

  /** Sets aside the call's largest possible cost, or throws BudgetExceededError. */
  async reserve(req: ChatRequest, options: ReserveOptions = {}): Promise<Reservation> {
    const max = this.maxCost(req);
    const warnings: string[] = [];
    const reservation = await this.options.ledger.withLock(async () => {
      const now = this.now();
      const { reservations, changed } = await this.refresh(now);
      const check = this.check(req, max, now, reservations);
      if ('error' in check) {
        if (changed) await this.store.save(reservations);
        throw check.error;
      }
      warnings.push(...check.warnings);
      const r: Reservation = {
        id: randomUUID(), callId: options.callId, pid: process.pid, host: this.store.host,
        micros: max.micros, committed: false, created: now.toISOString(),
        deadline: new Date(now.getTime() + this.reservationTtlMs).toISOString(),
      };
      await this.store.save([...reservations, r]);
      return r;
    });
    for (const w of warnings) options.onWarning?.(w);
    return reservation;
  }

  /** Ends a reservation: keeps the real cost until the ledger has the call's record, or drops it. */
  async settle(reservation: Reservation, actualMicros: number): Promise<void> {
    await this.options.ledger.withLock(async () => {
      const { reservations } = await this.refresh(this.now());
      const rest = reservations.filter((r) => r.id !== reservation.id);
      // Held only until the record is in the ledger: the writer appends it right after this.
      if (actualMicros > 0 && reservation.callId) {
        rest.push({ ...reservation, micros: actualMicros, committed: true, deadline: new Date(this.now().getTime() + COMMITTED_TTL_MS).toISOString() });
      }
      await this.store.save(rest);
    });
  }

  async snapshot(): Promise<BudgetSnapshot> {
    return this.options.ledger.withLock(async () => {
      const now = this.now();
      const { reservations, changed } = await this.refresh(now);
      if (changed) await this.store.save(reservations);
      return {
        spentTodayMicros: this.spentIn('daily', now),
        spentWeekMicros: this.spentIn('weekly', now),
        spentMonthMicros: this.spentIn('monthly', now),
        reservedMicros: reservations.reduce((s, r) => s + r.micros, 0),
        limits: { ...this.limits },
      };
    });
  }

  /** Under the lock: new ledger records into the totals; reservations whose record has arrived are dropped. */
  private async refresh(now: Date): Promise<{ reservations: Reservation[]; changed: boolean }> {
    const loaded = await this.store.load(now);
    const byCall = new Map(loaded.reservations.filter((r) => r.committed && r.callId).map((r) => [r.callId!, r]));
    const arrived = new Set<Reservation>();
    const first = this.tail.position === undefined;
    const reset = () => { for (const kind of PERIOD_KINDS) this.spent[kind].clear(); };
    await this.tail.readNew((rec) => {
      const at = new Date(rec.time);
      for (const kind of PERIOD_KINDS) {
        const totals = this.spent[kind];
        const key = PERIODS[kind].key(at);
        totals.set(key, (totals.get(key) ?? 0) + rec.costMicros);
      }
      const r = byCall.get(rec.id);
      if (r) arrived.add(r);
    }, () => undefined, first ? earliestPeriodStart(now) : undefined, reset);
    const reservations = loaded.reservations.filter((r) => !arrived.has(r));
    return { reservations, changed: loaded.pruned || arrived.size > 0 };
  }

  private spentIn(kind: Period, now: Date): number {
    return this.spent[kind].get(PERIODS[kind].key(now)) ?? 0;
  }

  private check(req: ChatRequest, max: MaxCost, now: Date, reservations: Reservation[]): { error: BudgetExceededError } | { warnings: string[] } {
    if (req.meta.allowOverBudget) return { warnings: [] };
    if (!max.priced) {
      return { error: new BudgetExceededError(
        `No price is known for ${max.unpricedModel} (${req.provider}), so the budget cannot be checked. ` +
        'Add its price under promptmeter.prices or choose Allow once.', 'unpriced', 0) };
    }
    const perCall = toMicros(this.limits.perCallUSD);
    if (perCall > 0 && max.micros > perCall) {
      return { error: new BudgetExceededError(
        `This call may cost up to ${formatUSD(max.micros)}, above the per-call limit of ${formatUSD(perCall)}. ` +
        'Raise promptmeter.budget.perCallUSD or choose Allow once.', 'perCall', max.micros) };
    }
    const reserved = reservations.reduce((s, r) => s + r.micros, 0);
    const warnings: string[] = [];
    for (const kind of PERIOD_KINDS) {
      const limit = toMicros(this.limits[`${kind}USD`]);
      if (limit <= 0) continue;
      const { label, key } = PERIODS[kind];
      const period = key(now);
      const spent = this.spent[kind].get(period) ?? 0;
      const projected = spent + reserved + max.micros;
      if (projected > limit) {
        const held = reserved > 0 ? ` and ${formatUSD(reserved)} reserved by calls in progress` : '';
        return { error: new BudgetExceededError(
          `${label} budget ${formatUSD(limit)} would be exceeded: ${formatUSD(spent)} spent${held}, ` +
          `this call may cost up to ${formatUSD(max.micros)}. Raise promptmeter.budget.${kind}USD or choose Allow once.`, kind, max.micros) };
      }
      // Once per period: a warning on every call near the limit would be noise.
      if (projected >= WARN_AT * limit && !this.warned.has(`${kind}:${period}`)) {
        this.warned.add(`${kind}:${period}`);
        warnings.push(`${label} spend is at ${Math.floor((projected / limit) * 100)}% of the ${formatUSD(limit)} budget ` +
          `(${formatUSD(spent + reserved)} spent or reserved, and up to ${formatUSD(max.micros)} for this call).`);
      }
    }
    return { warnings };
  }
}

/** Where the first ledger read starts: the start of this month, or of this week when it began last month. */
function earliestPeriodStart(now: Date): Date {
  const month = startOfLocalMonth(now);
  const week = startOfLocalWeek(now);
  return week < month ? week : month;
}

export interface BudgetHooks {
  onWarning?: (message: string) => void;
}

/** Reserves before the call and settles after it, also on error and cancel. Place it right inside the ledger stage. */
export function budgetStage(manager: BudgetManager, hooks: BudgetHooks = {}): Stage {
  return async (req, ctx, next) => {
    if (!manager.enabled) return next(req, ctx);
    const callId = (ctx as LedgerCallContext).ledgerRecordId;
    const reservation = await manager.reserve(req, { callId, onWarning: hooks.onWarning });
    let actual = 0;
    try {
      ctx.signal.throwIfAborted();
      const res = await next(req, ctx);
      actual = manager.costOf(res);
      return res;
    } catch (err) {
      // A cancelled stream may still have billed tokens; adapters attach them to the error.
      actual = manager.costOfError(err, req);
      throw err;
    } finally {
      await manager.settle(reservation, actual).catch((e: Error) => ctx.log?.(`budget: releasing a reservation failed: ${e.message}`));
    }
  };
}
