import type { PromptAnalysis } from '../core/analysis/analyze';
import type { ToolCount } from '../core/tokens/tools';
import { formatCost, formatCount, UNPRICED } from '../core/money';

/** `system · 1,234 tokens · $0.0031` */
export function messageLensTitle(role: string, tokens: number, inputMicros: number | undefined, estimated: boolean, underOneMicro = false): string {
  return `${role} · ${formatCount(tokens, estimated)} tokens · ${formatCost(inputMicros, estimated, underOneMicro)}`;
}

/** `2,345 in + 500 out · $0.0123/call · gpt-4o`; with defaults, `145 in template · 212 rendered + 500 out · …` priced as rendered. */
export function fileLensTitle(a: PromptAnalysis): string {
  const estimated = a.estimated || !!a.rendered?.estimated;
  const cost = a.cost.priced ? `${formatCost(a.cost, estimated)}/call` : UNPRICED;
  const input = a.rendered
    ? `${formatCount(a.inputTokens, a.estimated)} in template · ${formatCount(a.rendered.inputTokens, a.rendered.estimated)} rendered`
    : `${formatCount(a.inputTokens, a.estimated)} in`;
  return `${input} + ${formatCount(a.outputTokens)} out · ${cost} · ${a.model}`;
}

/** `160 tokens · $0.0004`: a share of the input, priced at the model's input rate. */
function inputShare(t: { tokens: number; estimated: boolean }, inputRate: number | undefined): string {
  const cost = inputRate === undefined ? UNPRICED : formatCost(Math.round(t.tokens * inputRate), t.estimated);
  return `${formatCount(t.tokens, t.estimated)} tokens · ${cost}`;
}

/** `tools · 2 functions · 160 tokens · $0.0004` */
export function toolsLensTitle(t: { tools: number; tokens: number; estimated: boolean }, inputRate: number | undefined): string {
  return `tools · ${t.tools} function${t.tools === 1 ? '' : 's'} · ${inputShare(t, inputRate)}`;
}

/** The tools lens's hover: what the figure follows, or why it is an estimate. */
export function toolsLensTooltip(t: Pick<ToolCount, 'estimated' | 'basis'>, provider: string): string {
  const exactly = provider === 'openai' || provider === 'anthropic' ? ' Promptmeter: Count Exactly asks the provider for the exact figure.' : '';
  if (!t.estimated) return 'Tool definitions as OpenAI shows them to the model; this rendering matches the prompt tokens billed on recorded requests.';
  if (t.basis === 'unfitted-schema') return `An estimate: a tool's parameters use a union (anyOf, allOf, a list of types), an array of objects or a $ref to a described definition, which recorded requests show are billed a few tokens off this rendering.${exactly}`;
  if (t.basis === 'unchecked-model') return `An estimate: this model's tool rendering is fitted on few recorded requests (gpt-5 adds a preamble to gpt-4o's), not confirmed for every schema.${exactly}`;
  return `An estimate: tool definitions as JSON plus the provider's tool-use prompt.${exactly}`;
}

/** `response schema · 62 tokens · $0.0001` */
export function schemaLensTitle(t: { tokens: number; estimated: boolean }, inputRate: number | undefined): string {
  return `response schema · ${inputShare(t, inputRate)}`;
}

/** `AGENTS.md · 1,234 tokens every turn · $0.0031/turn · $0.62/day at 200 turns, $0.07 cached` */
export function contextLensTitle(kind: string, c: { tokens: number; turnsPerDay: number; perTurnMicros: number; perDayMicros: number; perDayCachedMicros: number } | undefined, tokens: number, estimated: boolean): string {
  const head = `${kind} · ${formatCount(c?.tokens ?? tokens, estimated)} tokens every turn`;
  if (!c) return `${head} · ${UNPRICED}`;
  return `${head} · ${formatCost(c.perTurnMicros, estimated)}/turn · ${formatCost(c.perDayMicros, estimated)}/day at ${c.turnsPerDay} turns, ${formatCost(c.perDayCachedMicros, estimated)} cached`;
}
