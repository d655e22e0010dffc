// What a finished run says, for the editor's result tab, the CLI's stderr line and its --json. No 'vscode' import.
import { billedMicros, savedMicros } from '../client/billing';
import type { ChatRequest, ChatResponse } from '../client/types';
import { formatCost, formatCount, formatUSD, toUSD } from '../money';
import type { PriceBook } from '../pricing/prices';

const RULE = '─'.repeat(40);

const TECHNIQUE: Record<string, string> = {
  exactCache: 'exact cache', semanticCache: 'semantic cache', providerCache: 'provider prompt cache', routing: 'routing', cascade: 'cascade',
};

/** `# support.prompty` / `gpt-4o via openai · estimate $0.0031 · 10:04:01` and a rule: the top of a result tab. */
export function runHeader(fileLabel: string, req: ChatRequest, estimate: string, started: Date): string {
  const model = req.model === 'auto' ? `auto (${req.meta.route?.cheap} / ${req.meta.route?.strong})` : req.model;
  return `# ${fileLabel}\n${model} via ${req.provider} · estimate ${estimate} · ${started.toLocaleTimeString()}\n${RULE}\n\n`;
}

/** The block ending a finished run: model, route, tokens, cost, cache (or why not) and savings. */
export function runSummary(res: ChatResponse, prices: PriceBook, cacheSkip?: string): string {
  const u = res.usage;
  const hit = res.cache !== 'miss';
  const lines = [
    '', '', RULE,
    `model:   ${res.model} (${res.provider})`,
    `route:   ${res.route}`,
    `tokens:  ${formatCount(u.inputUncached + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h)} input / ` +
      `${formatCount(u.cacheRead)} cached / ${formatCount(u.output)} output${hit ? ' (served from cache, nothing billed)' : ''}`,
    `cost:    ${formatCost(billedMicros(res, prices))}`,
    `cache:   ${cacheText(res, cacheSkip)}`,
    `saved:   ${formatUSD(savedMicros(res))}${savingsDetail(res)}`,
    `time:    ${formatCount(res.latencyMs)} ms${res.finishReason === 'stop' ? '' : ` · finish: ${res.finishReason}`}`,
  ];
  if (res.priorAttempts?.length) lines.push(`note:    ${res.priorAttempts.length} earlier attempt(s) billed (cascade)`);
  return lines.join('\n') + '\n';
}

/** One line for a terminal: `gpt-4o-mini · direct · cache skipped: temperature 0.2; … · cost: $0.0004 · 812 ms`. */
export function runSummaryLine(res: ChatResponse, prices: PriceBook, cacheSkip?: string): string {
  const saved = savedMicros(res);
  return [res.model, res.route, `cache: ${cacheText(res, cacheSkip)}`, `cost: ${formatCost(billedMicros(res, prices))}`,
    ...(saved ? [`saved: ${formatUSD(saved)}`] : []), `${formatCount(res.latencyMs)} ms`].join(' · ');
}

/** The CLI's `--json` object: USD as numbers, null when unpriced; `cacheSkip` null when cached or stored. */
export function runResultJson(res: ChatResponse, prices: PriceBook, cacheSkip?: string) {
  const cost = billedMicros(res, prices);
  return {
    model: res.model, route: res.route, cache: res.cache, cacheSkip: cacheSkip ?? null, usage: res.usage,
    costUSD: cost.priced ? toUSD(cost.totalMicros) : null, savedUSD: toUSD(savedMicros(res)), text: res.text,
  };
}

function cacheText(res: ChatResponse, cacheSkip: string | undefined): string {
  if (res.cache !== 'miss') return `hit (${res.cache})`;
  return cacheSkip ? `not cached: ${cacheSkip}` : 'miss (stored for the next run)';
}

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
