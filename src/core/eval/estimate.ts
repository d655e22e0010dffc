import type { ChatRequest } from '../client/types';
import type { PriceBook } from '../pricing/prices';
import { countChat } from '../tokens';
import { batchCost } from '../batch/discount';

export interface ModelEstimate {
  model: string;
  rows: number;
  inputTokens: number;
  /** True when the model's counts are estimates (≈). */
  approximate: boolean;
  /** Expected output tokens per row, as the lenses assume. */
  outputTokensPerRow: number;
  /** null when the model is unpriced. */
  syncMicros: number | null;
  batchMicros: number | null;
}

/** What every row would cost per model before anything is sent: synchronous and at the batch price. */
export function estimateRows(
  reqsByModel: ReadonlyMap<string, readonly ChatRequest[]>, prices: PriceBook, outputTokensPerRow: number,
  multiplier: (req: ChatRequest) => number,
): ModelEstimate[] {
  return [...reqsByModel].map(([model, reqs]) => {
    let input = 0; let sync = 0; let batch = 0; let priced = true; let approximate = false;
    for (const req of reqs) {
      const c = countChat(req.model, req.messages);
      input += c.inputTokens;
      approximate ||= c.estimated;
      const out = Math.min(outputTokensPerRow, req.maxTokens);
      const cost = prices.cost({ inputUncached: c.inputTokens, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: out, reasoning: 0 }, req.model, req.provider);
      priced &&= cost.priced;
      sync += cost.totalMicros;
      batch += batchCost(cost, multiplier(req)).totalMicros;
    }
    return { model, rows: reqs.length, inputTokens: input, approximate, outputTokensPerRow, syncMicros: priced ? sync : null, batchMicros: priced ? batch : null };
  });
}
