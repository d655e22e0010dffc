import type { ProviderId } from '../client/types';

export interface BaseUrlSettings { openaiBaseUrl: string; anthropicBaseUrl: string }

/**
 * Per provider: the setting (machine scope), then the SDK's usual environment variable, then '' (the SDK default).
 * Trailing slashes go, so `http://host/v1/` and `http://host/v1` share one client and one cache key.
 */
export function baseUrlsFrom(settings: BaseUrlSettings, env: Record<string, string | undefined>): Record<ProviderId, string> {
  return {
    openai: normalizeBaseUrl(settings.openaiBaseUrl) || normalizeBaseUrl(env.OPENAI_BASE_URL),
    anthropic: normalizeBaseUrl(settings.anthropicBaseUrl) || normalizeBaseUrl(env.ANTHROPIC_BASE_URL),
  };
}

export function normalizeBaseUrl(url: string | undefined): string {
  return (url ?? '').trim().replace(/\/+$/, '');
}
