import { createHash } from 'node:crypto';
import type { ChatRequest } from '../types';

/** Bump when the key's inputs or encoding change, so old entries stop matching. */
export const CACHE_KEY_VERSION = 'pm1';

/** JSON with object keys sorted at every depth and undefined members dropped: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortDeep(v)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortDeep(v);
    }
    return out;
  }
  return value;
}

/** The parts of a request that decide the answer; `meta` and `stream` are left out on purpose. */
export function cacheKeyMaterial(req: ChatRequest): Record<string, unknown> {
  return {
    provider: req.provider,
    baseUrl: req.baseUrl,
    model: req.model,
    // Media decide the answer too; a text-only message keeps the key it always had.
    messages: req.messages.map((m) => ({ role: m.role, name: m.name, content: m.content, ...(m.parts ? { parts: m.parts } : {}) })),
    tools: req.tools,
    toolChoice: req.toolChoice,
    responseFormat: req.responseFormat,
    responseSchema: req.responseSchema,
    temperature: req.temperature,
    topP: req.topP,
    stop: req.stop,
    maxTokens: req.maxTokens,
    seed: req.seed,
  };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `pm1:<sha256 of the canonical request>`. */
export function cacheKey(req: ChatRequest): string {
  return `${CACHE_KEY_VERSION}:${sha256Hex(canonicalJson(cacheKeyMaterial(req)))}`;
}
