import { Ledger } from '../../../../src/core/ledger/ledgerFile';
import { NO_SAVINGS, type LedgerRecord } from '../../../../src/core/ledger/record';
import { PriceBook } from '../../../../src/core/pricing/prices';
import { ZERO_USAGE, type NormalizedUsage } from '../../../../src/core/pricing/usage';
import type { CallContext, ChatRequest, ChatResponse } from '../../../../src/core/client/types';

/** Local noon, so day and month keys never straddle midnight whatever the machine's time zone. */
export const NOON = new Date(2025, 5, 15, 12, 0, 0);

/** 1 micro-dollar per input or output token; cache reads a tenth of that. */
export const prices = () => new PriceBook({
  'test-model': { input: 1, output: 1, cacheRead: 0.1 },
  'test-model-2x': { input: 2, output: 2 },
});

export const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  provider: 'openai', baseUrl: '', model: 'test-model', messages: [{ role: 'user', content: 'Say hello.' }],
  maxTokens: 300, stream: false, meta: { workspace: 'ws' }, ...over,
});

export const ctx = (signal: AbortSignal = new AbortController().signal): CallContext => ({ signal });

export const usage = (parts: Partial<NormalizedUsage>): NormalizedUsage => ({ ...ZERO_USAGE, ...parts });

export const response = (over: Partial<ChatResponse> = {}): ChatResponse => ({
  text: 'hello', model: 'test-model', provider: 'openai', usage: usage({ inputUncached: 50, output: 290 }),
  finishReason: 'stop', cache: 'miss', route: 'direct', savedMicros: {}, latencyMs: 5, ...over,
});

/** A ledger record of known cost at `time`, for seeding spend. */
export const spendRecord = (id: string, costMicros: number, time: Date): LedgerRecord => ({
  v: 1, id, time: time.toISOString(), workspace: 'ws', model: 'test-model', provider: 'openai', route: 'direct', cache: 'miss',
  usage: usage({ output: costMicros }), priced: true, costMicros, savedMicros: { ...NO_SAVINGS }, latencyMs: 1, status: 'ok',
});

export const ledgerAt = (file: string) => new Ledger({ path: file, maxSizeBytes: 1 << 20 });

/** Yields to the event loop a few times so concurrent calls interleave (no timers). */
export async function interleave(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise<void>((r) => setImmediate(r));
}
