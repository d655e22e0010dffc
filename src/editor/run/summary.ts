// The text of a run document: header, streamed answer, summary or error. No 'vscode' import.
import { billedMicros, savedMicros } from '../../core/client/billing';
import type { ChatRequest, ChatResponse } from '../../core/client/types';
import type { PriceBook } from '../../core/pricing/prices';
import { formatUSD } from '../../core/pricing/prices';

const n = new Intl.NumberFormat('en-US');
const RULE = '─'.repeat(40);

export function runHeader(fileLabel: string, req: ChatRequest, estimate: string, started: Date): string {
  const model = req.model === 'auto' ? `auto (${req.meta.route?.cheap} / ${req.meta.route?.strong})` : req.model;
  return `# ${fileLabel}\n${model} via ${req.provider} · estimate ${estimate} · ${started.toLocaleTimeString()}\n${RULE}\n\n`;
}

/** The block ending a finished run: model, route, tokens, cost, cache and savings. */
export function runSummary(res: ChatResponse, prices: PriceBook): string {
  const u = res.usage;
  const cost = billedMicros(res, prices);
  const hit = res.cache !== 'miss';
  const lines = [
    '', '', RULE,
    `model:   ${res.model} (${res.provider})`,
    `route:   ${res.route}`,
    `tokens:  ${n.format(u.inputUncached + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h)} input / ` +
      `${n.format(u.cacheRead)} cached / ${n.format(u.output)} output${hit ? ' (served from cache, nothing billed)' : ''}`,
    `cost:    ${formatUSD(cost)}`,
    `cache:   ${hit ? `hit (${res.cache})` : 'miss'}`,
    `saved:   ${formatUSD(savedMicros(res))}${savingsDetail(res)}`,
    `time:    ${n.format(Math.round(res.latencyMs))} ms${res.finishReason === 'stop' ? '' : ` · finish: ${res.finishReason}`}`,
  ];
  if (res.priorAttempts?.length) lines.push(`note:    ${res.priorAttempts.length} earlier attempt(s) billed (cascade)`);
  return lines.join('\n') + '\n';
}

const TECHNIQUE: Record<string, string> = {
  exactCache: 'exact cache', semanticCache: 'semantic cache', providerCache: 'provider prompt cache', routing: 'routing', cascade: 'cascade',
};

/** ` (exact cache)` for one technique, ` (routing $0.01, provider prompt cache $0.002)` for several. */
function savingsDetail(res: ChatResponse): string {
  const parts = Object.entries(res.savedMicros).filter(([, v]) => typeof v === 'number' && v > 0);
  if (parts.length === 1) return ` (${TECHNIQUE[parts[0][0]] ?? parts[0][0]})`;
  return parts.length ? ` (${parts.map(([k, v]) => `${TECHNIQUE[k] ?? k} ${formatUSD(v as number)}`).join(', ')})` : '';
}

export function runError(message: string): string {
  return `\n\n${RULE}\nerror:   ${message}\n`;
}

export function runCancelled(): string {
  return `\n\n${RULE}\ncancelled\n`;
}
