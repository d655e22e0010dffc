import type { Ledger } from '../ledger/ledgerFile';
import { NO_SAVINGS, type LedgerRecord } from '../ledger/record';
import { checkAll } from '../eval/assertions';
import type { EvalRowResult } from '../eval/types';
import { readAnthropicUsage, readOpenAIUsage } from '../pricing/normalize';
import type { PriceBook } from '../pricing/prices';
import { ZERO_USAGE } from '../pricing/usage';
import { batchCost } from './discount';
import type { BatchItemResult, BatchJob } from './types';

export interface LandOptions {
  prices: PriceBook;
  /** The batch multiplier for the job's provider. */
  multiplier: number;
  ledger?: Ledger;
  now?: () => Date;
}

/**
 * Turns a finished job's results into row results and ledger records (`batch: true`, priced at the batch rate,
 * `savedMicros.batch` = the synchronous price minus it). Requests the provider did not bill (errored, expired,
 * cancelled) are recorded as errors at a known $0. Record ids derive from the job and row, so landing twice
 * after a crash writes the same ids.
 */
export async function landResults(job: BatchJob, items: readonly BatchItemResult[], o: LandOptions): Promise<EvalRowResult[]> {
  const byId = new Map(items.map((i) => [i.customId, i]));
  const now = (o.now ?? (() => new Date()))();
  const latencyMs = Math.max(0, now.getTime() - Date.parse(job.createdAt));
  const results: EvalRowResult[] = [];
  const records: LedgerRecord[] = [];
  for (const row of job.rows) {
    const item = byId.get(row.customId) ?? { customId: row.customId, outcome: 'expired' as const, text: '', error: 'no result returned for this request' };
    const base = { row: row.row, line: row.line, model: job.model, key: row.key, latencyMs, cache: 'miss' as const, batch: true as const };
    const record: LedgerRecord = {
      v: 1, id: `batch-${job.id}-${row.customId}`, time: now.toISOString(), workspace: job.workspace,
      ...(job.file ? { file: job.file } : {}), model: job.model, provider: job.provider, route: 'batch', cache: 'miss',
      usage: { ...ZERO_USAGE }, priced: true, costMicros: 0, savedMicros: { ...NO_SAVINGS }, latencyMs, status: 'error', batch: true,
    };
    if (item.outcome !== 'succeeded') {
      const error = `${item.outcome}: ${item.error ?? ''}`.replace(/: $/, '');
      results.push({ ...base, status: 'error', text: '', error, costMicros: 0, assertions: [], pass: false });
      records.push({ ...record, error });
      continue;
    }
    const reading = job.provider === 'anthropic' ? readAnthropicUsage(item.usage) : readOpenAIUsage(item.usage);
    const sync = o.prices.cost(reading.usage, job.model, job.provider);
    const cost = batchCost(sync, o.multiplier);
    const costMicros = cost.priced ? cost.totalMicros : null;
    const assertions = checkAll([...job.assert, ...row.assert], { text: item.text, costMicros, latencyMs });
    results.push({ ...base, status: 'ok', text: item.text, usage: reading.usage, costMicros, assertions, pass: assertions.every((a) => a.pass) });
    records.push({
      ...record, usage: reading.usage, priced: cost.priced, costMicros: cost.totalMicros,
      savedMicros: { ...NO_SAVINGS, batch: cost.priced ? sync.totalMicros - cost.totalMicros : 0 },
      status: item.finish === 'length' || item.finish === 'max_tokens' ? 'truncated' : 'ok',
    });
  }
  if (o.ledger && records.length) await o.ledger.appendMany(records);
  return results;
}
