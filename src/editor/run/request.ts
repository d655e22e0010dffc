// Settings to request options for a prompt file: no 'vscode' import, so unit tests reach every rule here.
import type { ChatRequest, ProviderId } from '../../core/client/types';

export interface BaseUrlSettings { openaiBaseUrl: string; anthropicBaseUrl: string }

/** Per provider: the setting (machine scope), then the SDK's usual environment variable, then '' (the SDK default). */
export function baseUrlsFrom(settings: BaseUrlSettings, env: Record<string, string | undefined>): Record<ProviderId, string> {
  const pick = (setting: string, fromEnv: string | undefined) => (setting?.trim() || fromEnv?.trim() || '').replace(/\/+$/, '');
  return {
    openai: pick(settings.openaiBaseUrl, env.OPENAI_BASE_URL),
    anthropic: pick(settings.anthropicBaseUrl, env.ANTHROPIC_BASE_URL),
  };
}

/** The model the pre-flight estimate prices: for `auto`, the strong model (the most the call may cost). */
export function estimateModel(req: ChatRequest): string {
  if (req.model !== 'auto') return req.model;
  return (req.meta.route?.strong ?? req.model).replace(/^(openai|anthropic)\//, '');
}
