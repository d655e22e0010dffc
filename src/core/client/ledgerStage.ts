import { randomUUID } from 'node:crypto';
import { isAbortError, providerCacheSavingsMicros, usageOfError } from '../ledger/callCost';
import type { Ledger } from '../ledger/ledgerFile';
import { NO_SAVINGS, type CallStatus, type LedgerRecord, type Technique } from '../ledger/record';
import { redactSecrets } from '../ledger/redact';
import type { PriceBook } from '../pricing/prices';
import { totalInput, ZERO_USAGE, type NormalizedUsage } from '../pricing/usage';
import { BudgetExceededError } from './budget/error';
import type { CallContext, ChatRequest, ChatResponse, Stage } from './types';

/** The context inner stages see: the budget stage ties its reservation to this record id. */
export interface LedgerCallContext extends CallContext {
  ledgerRecordId?: string;
}

export interface LedgerStageOptions {
  ledger: Ledger;
  prices: PriceBook;
  /** Used when the request names no workspace. */
  workspace: string;
  now?: () => Date;
  idFactory?: () => string;
  /** Values (API keys) that must never reach the ledger, removed from error messages. */
  secrets?: () => Iterable<string>;
  /** A record could not be written; the call's own result is still returned. Default: `ctx.log`. */
  onAppendError?: (err: Error, record: LedgerRecord) => void;
}

type Base = Pick<LedgerRecord, 'v' | 'id' | 'time' | 'workspace' | 'file'>;

/** Outermost stage: exactly one ledger record per call, whatever way the call ends. */
export function ledgerStage(options: LedgerStageOptions): Stage {
  const now = options.now ?? (() => new Date());
  const idFactory = options.idFactory ?? randomUUID;
  return async (req, ctx, next) => {
    const started = now();
    const base: Base = { v: 1, id: idFactory(), time: started.toISOString(), workspace: req.meta.workspace || options.workspace };
    if (req.meta.file) base.file = req.meta.file;
    const write = async (record: LedgerRecord) => {
      try {
        await options.ledger.append(record);
      } catch (err) {
        // Losing the answer the user paid for would be worse than a missing record: report, do not throw.
        if (options.onAppendError) options.onAppendError(err as Error, record);
        else ctx.log?.(`ledger: could not record call ${record.id}: ${(err as Error).message}`);
      }
    };
    const inner: LedgerCallContext = { ...ctx, ledgerRecordId: base.id };
    let res: ChatResponse;
    try {
      res = await next(req, inner);
    } catch (err) {
      await write(failedRecord(base, req, ctx, err, latency(now, started), options));
      throw err;
    }
    // A cascade's rejected cheap answer was billed too: it gets a record of its own, before the answer's.
    for (const prior of res.priorAttempts ?? []) {
      await write(finishedRecord({ ...base, id: idFactory() }, { ...prior, route: 'cascade:rejected' }, prior.latencyMs, options.prices));
    }
    await write(finishedRecord(base, res, latency(now, started), options.prices));
    return res;
  };
}

const latency = (now: () => Date, started: Date) => Math.max(0, now().getTime() - started.getTime());

function savings(parts: Partial<Record<Technique, number>>): Record<Technique, number> {
  const out = { ...NO_SAVINGS };
  for (const k of Object.keys(out) as Technique[]) {
    const v = parts[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = Math.max(0, Math.round(v));
  }
  return out;
}

function finishedRecord(base: Base, res: ChatResponse, latencyMs: number, prices: PriceBook): LedgerRecord {
  const common = { ...base, model: res.model, provider: res.provider, route: res.route, cache: res.cache, latencyMs };
  const status: CallStatus = res.finishReason === 'length' ? 'truncated' : 'ok';
  if (res.cache !== 'miss') {
    // Nothing was billed: the cache stage's savedMicros say what the hit was worth.
    return { ...common, usage: { ...ZERO_USAGE }, priced: true, costMicros: 0, savedMicros: savings(res.savedMicros), status };
  }
  const pricing = prices.lookup(res.model, res.provider);
  const cost = prices.cost(res.usage, res.model, res.provider);
  const savedMicros = savings(res.savedMicros);
  if (pricing) savedMicros.providerCache = providerCacheSavingsMicros(pricing, res.usage);
  return {
    ...common, usage: { ...res.usage }, ...(res.usageEstimated ? { usageEstimated: true } : {}),
    priced: cost.priced, costMicros: cost.totalMicros, savedMicros, status,
  };
}

function failedRecord(base: Base, req: ChatRequest, ctx: CallContext, err: unknown, latencyMs: number, options: LedgerStageOptions): LedgerRecord {
  const status: CallStatus = err instanceof BudgetExceededError ? 'budget-blocked'
    : isAbortError(err) || ctx.signal.aborted ? 'cancelled' : 'error';
  const e = err as { model?: unknown; route?: unknown; message?: unknown; usageEstimated?: unknown } | null;
  const model = typeof e?.model === 'string' ? e.model : req.model;
  const usage: NormalizedUsage = usageOfError(err) ?? { ...ZERO_USAGE };
  const cost = options.prices.cost(usage, model, req.provider);
  const billed = totalInput(usage) + usage.output > 0;
  const message = typeof e?.message === 'string' && e.message ? e.message : String(err);
  return {
    ...base, model, provider: req.provider,
    route: typeof e?.route === 'string' ? e.route : req.model === 'auto' ? 'auto' : 'direct',
    cache: 'miss', usage, ...(billed && e?.usageEstimated === true ? { usageEstimated: true } : {}), priced: billed ? cost.priced : true, costMicros: cost.totalMicros, savedMicros: { ...NO_SAVINGS },
    latencyMs, status, error: redactSecrets(message, options.secrets?.() ?? []),
  };
}
