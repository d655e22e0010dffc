// Token-counting routes of the test provider server: Anthropic count_tokens and OpenAI responses/input_tokens,
// answering scripted numbers (or a 4-chars-a-token count of the body) and counting the requests they get.
import type * as http from 'node:http';

type CountProvider = 'anthropic' | 'openai';
interface Scripted { value: number | { status: number }; times: number }

const PATHS: Record<CountProvider, string> = { anthropic: '/messages/count_tokens', openai: '/responses/input_tokens' };

export interface CountRequest { provider: CountProvider; body: any; headers: Record<string, string | string[] | undefined> }

export class CountRoutes {
  /** Every count request received, in order. */
  readonly received: CountRequest[] = [];
  private readonly scripts: Record<CountProvider, Scripted[]> = { anthropic: [], openai: [] };

  /** Answer the next `times` count requests of `provider` with `inputTokens` (Infinity: until reset). */
  answer(provider: CountProvider, inputTokens: number, times = Infinity): this {
    this.scripts[provider].push({ value: inputTokens, times });
    return this;
  }

  /** Fail the next `times` count requests of `provider` with an HTTP status (429, 500...). */
  fail(provider: CountProvider, status: number, times = 1): this {
    this.scripts[provider].push({ value: { status }, times });
    return this;
  }

  requests(provider?: CountProvider): CountRequest[] {
    return provider ? this.received.filter((r) => r.provider === provider) : this.received;
  }

  reset(): void {
    this.received.length = 0;
    this.scripts.anthropic = [];
    this.scripts.openai = [];
  }

  /** Handles a count request (true) or leaves it to the server's other routes (false). */
  handle(rec: { path: string; body: any; headers: CountRequest['headers'] }, res: http.ServerResponse, fallback: (body: any) => number): boolean {
    const provider = (Object.keys(PATHS) as CountProvider[]).find((p) => rec.path.endsWith(PATHS[p]));
    if (!provider) return false;
    this.received.push({ provider, body: rec.body, headers: rec.headers });
    const s = this.scripts[provider].find((x) => x.times > 0);
    if (s) s.times -= 1;
    const value = s?.value ?? fallback(rec.body);
    if (typeof value === 'object') {
      const message = value.status === 429 ? 'Rate limited' : `Scripted failure ${value.status}`;
      const body = provider === 'anthropic' ? { type: 'error', error: { type: value.status === 429 ? 'rate_limit_error' : 'api_error', message } }
        : { error: { message, type: 'server_error', code: null } };
      res.writeHead(value.status, { 'content-type': 'application/json', ...(value.status === 429 ? { 'retry-after': '1' } : {}) });
      res.end(JSON.stringify(body));
      return true;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(provider === 'anthropic' ? { input_tokens: value } : { object: 'response.input_tokens', input_tokens: value }));
    return true;
  }
}

/** Fallback count of a Responses input_tokens body: 4 characters a token over its input and tools. */
export function responsesBodyTokens(body: any): number {
  const input = typeof body?.input === 'string' ? body.input : JSON.stringify(body?.input ?? '');
  return Math.ceil((input.length + (body?.tools ? JSON.stringify(body.tools).length : 0)) / 4);
}
