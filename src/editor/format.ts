import type { PromptAnalysis } from '../core/analysis/analyze';
import { formatUSD, type Cost } from '../core/pricing/prices';

const numberFormat = new Intl.NumberFormat('en-US');

export function formatTokens(n: number, estimated = false): string {
  return `${estimated ? '≈' : ''}${numberFormat.format(n)}`;
}

export function formatCost(cost: Pick<Cost, 'priced' | 'totalMicros'> | number, estimated = false): string {
  const text = formatUSD(cost);
  return estimated && text !== 'unpriced' ? `≈${text}` : text;
}

/** `system · 1,234 tokens · $0.0031` */
export function messageLensTitle(role: string, tokens: number, inputMicros: number | undefined, estimated: boolean): string {
  const cost = inputMicros === undefined ? 'unpriced' : formatCost(inputMicros, estimated);
  return `${role} · ${formatTokens(tokens, estimated)} tokens · ${cost}`;
}

/** `2,345 in + 500 out · $0.0123/call · gpt-4o`; with defaults, `145 in template · 212 rendered + 500 out · …` priced as rendered. */
export function fileLensTitle(a: PromptAnalysis): string {
  const estimated = a.estimated || !!a.rendered?.estimated;
  const cost = a.cost.priced ? `${formatCost(a.cost, estimated)}/call` : 'unpriced';
  const input = a.rendered
    ? `${formatTokens(a.inputTokens, a.estimated)} in template · ${formatTokens(a.rendered.inputTokens, a.rendered.estimated)} rendered`
    : `${formatTokens(a.inputTokens, a.estimated)} in`;
  return `${input} + ${formatTokens(a.outputTokens)} out · ${cost} · ${a.model}`;
}

/** `tools · 2 functions · 160 tokens · $0.0004` */
export function toolsLensTitle(t: { tools: number; tokens: number; estimated: boolean }, inputRate: number | undefined): string {
  const cost = inputRate === undefined ? 'unpriced' : formatCost(Math.round(t.tokens * inputRate), t.estimated);
  return `tools · ${t.tools} function${t.tools === 1 ? '' : 's'} · ${formatTokens(t.tokens, t.estimated)} tokens · ${cost}`;
}

/** `AGENTS.md · 1,234 tokens every turn · $0.0031/turn · $0.62/day at 200 turns, $0.07 cached` */
export function contextLensTitle(kind: string, c: { tokens: number; turnsPerDay: number; perTurnMicros: number; perDayMicros: number; perDayCachedMicros: number } | undefined, tokens: number, estimated: boolean): string {
  const head = `${kind} · ${formatTokens(c?.tokens ?? tokens, estimated)} tokens every turn`;
  if (!c) return `${head} · unpriced`;
  return `${head} · ${formatCost(c.perTurnMicros, estimated)}/turn · ${formatCost(c.perDayMicros, estimated)}/day at ${c.turnsPerDay} turns, ${formatCost(c.perDayCachedMicros, estimated)} cached`;
}
