import type { RequestOptions } from '../client/request';
import type { ChatRequest } from '../client/types';
import type { Settings } from '../settings';
import { baseUrlsFrom } from './baseUrls';

/** The parts of a run's request that come from settings (the editor's, or the CLI's DEFAULTS plus environment). */
export function requestDefaults(
  s: Pick<Settings, 'defaultModel' | 'openaiBaseUrl' | 'anthropicBaseUrl' | 'route' | 'expectedOutputTokens' | 'cacheNonDeterministic'>,
  env: Record<string, string | undefined>,
): Pick<RequestOptions, 'defaultModel' | 'baseUrls' | 'route' | 'defaultMaxTokens' | 'cacheNonDeterministic'> {
  return {
    defaultModel: s.defaultModel, baseUrls: baseUrlsFrom(s, env), route: s.route,
    defaultMaxTokens: s.expectedOutputTokens, cacheNonDeterministic: s.cacheNonDeterministic,
  };
}

/** The model the pre-flight estimate prices: for `auto`, the strong model (the most the call may cost). */
export function estimateModel(req: ChatRequest): string {
  if (req.model !== 'auto') return req.model;
  return (req.meta.route?.strong ?? req.model).replace(/^(openai|anthropic)\//, '');
}
