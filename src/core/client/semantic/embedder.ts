import OpenAI from 'openai';

/** Embeds texts in order; one vector per text. */
export type Embedder = (texts: string[], signal?: AbortSignal) => Promise<number[][]>;

export interface OpenAIEmbedderOptions {
  /** An OpenAI-compatible base URL ('' or undefined: the SDK default). */
  baseURL?: string;
  apiKey: string;
  model: string;
  timeoutMs?: number;
  maxRetries?: number;
  fetch?: typeof fetch;
}

/** Embeddings through the openai SDK, so any OpenAI-compatible server works. */
export function openAIEmbedder(opts: OpenAIEmbedderOptions): Embedder {
  const client = new OpenAI({
    apiKey: opts.apiKey, baseURL: opts.baseURL || undefined, timeout: opts.timeoutMs ?? 30_000,
    maxRetries: opts.maxRetries ?? 2, fetch: opts.fetch,
  });
  return async (texts, signal) => {
    if (texts.length === 0) return [];
    const res = await client.embeddings.create({ model: opts.model, input: texts, encoding_format: 'float' }, { signal });
    const byIndex = [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    if (byIndex.length !== texts.length) throw new Error(`embeddings endpoint returned ${byIndex.length} vectors for ${texts.length} texts`);
    return byIndex;
  };
}
