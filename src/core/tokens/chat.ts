import { countTokens } from './counter';
import { countingRuleFor, type CountingRule, type EncodingName } from './families';

/** OpenAI cookbook "How to count tokens with tiktoken": per-message and reply-priming overhead. */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING = 3;

export interface ChatLike { role: string; content: string; name?: string }

export interface ChatCount {
  /** Each message's content alone. */
  messageTokens: number[];
  /** What the API bills as input: contents plus roles, names and chat overhead. */
  inputTokens: number;
  encoding: CountingRule['encoding'];
  estimated: boolean;
}

/** What wrapping one message in the chat format costs beyond its content: the fixed per-message tokens and the role. */
export function messageOverheadTokens(encoding: EncodingName, role: string): number {
  return TOKENS_PER_MESSAGE + countTokens(encoding, role);
}

/** Counts one message's content with the model's encoding; the editor passes one backed by its live chunk counts. */
export type ContentCounter<M extends ChatLike = ChatLike> = (message: M, encoding: EncodingName) => number;

export function countChat<M extends ChatLike>(model: string, messages: readonly M[], countContent?: ContentCounter<M>): ChatCount {
  const rule = countingRuleFor(model);
  const scale = (n: number) => (rule.factor === 1 ? n : Math.round(n * rule.factor));
  const count = countContent ?? ((m: M) => countTokens(rule.encoding, m.content));
  const messageTokens = messages.map((m) => scale(count(m, rule.encoding)));
  const { replyPriming, perAssistantTurn } = rule.chat ?? { replyPriming: REPLY_PRIMING, perAssistantTurn: 0 };
  let input = messages.length > 0 ? replyPriming : 0;
  messages.forEach((m, i) => {
    input += messageOverheadTokens(rule.encoding, m.role) + messageTokens[i];
    if (m.role === 'assistant') input += perAssistantTurn;
    if (m.name) input += TOKENS_PER_NAME + countTokens(rule.encoding, m.name);
  });
  return { messageTokens, inputTokens: input, encoding: rule.encoding, estimated: !rule.exact };
}
