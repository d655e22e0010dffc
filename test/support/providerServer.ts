// A local HTTP server speaking the OpenAI and Anthropic wire formats, with scripted faults, for client tests and e2e.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CountRoutes, responsesBodyTokens } from './countRoutes';
import { BatchRoutes } from './batchRoutes';

export type Fault =
  | '429-0' | '429-1' | '429-3600'
  | '500' | '503' | '529'
  | 'reset' | 'hang' | 'stall' | 'sse-error' | 'malformed' | 'no-usage'
  // Auth and request errors whose message echoes the key, like real providers do, to test redaction.
  | '401' | '400';

export const FAULTS: readonly Fault[] = [
  '429-0', '429-1', '429-3600', '500', '503', '529', 'reset', 'hang', 'stall', 'sse-error', 'malformed', 'no-usage', '401', '400',
];

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names as received (the only place an API key is kept). */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: any;
  /** The fault served, if any. */
  fault?: Fault;
}

export interface ProviderServerOptions {
  /** Smallest prefix (in server tokens) that the simulated prompt caches keep; real providers use 1024. */
  cacheMinTokens?: number;
  /** Characters per streamed chunk. */
  chunkChars?: number;
}

export interface Route {
  method: string;
  suffix: string;
  /** Status faults answer with Anthropic's error shape. */
  anthropic: boolean;
  handle: (rec: RecordedRequest, res: http.ServerResponse) => void;
}

type Answer = string | ((req: RecordedRequest) => string | undefined);
interface Scripted<T> { value: T; times: number; path?: string }

/** Server-side token estimate: deterministic and easy to hand-compute (4 chars a token). */
export function serverTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

const MARKER = /\[\[fault:([0-9a-z-]+)(?:\*(\d+|inf))?\]\]/;

export class ProviderServer extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  /** Token-counting routes: scripted answers and the count requests received. */
  readonly counts = new CountRoutes();
  url = '';
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private faults: Scripted<Fault>[] = [];
  private answers: Scripted<Answer>[] = [];
  private readonly markerUses = new Map<string, number>();
  private readonly anthropicCache = new Set<string>();
  private readonly openaiCache = new Set<string>();
  private readonly cacheMin: number;
  private readonly chunkChars: number;
  private msgSeq = 0;
  /** OpenAI Files + Batches and Anthropic Message Batches. */
  readonly batches = new BatchRoutes(() => this.url, (provider, body) => this.completeBatched(provider, body));

  private constructor(opts: ProviderServerOptions) {
    super();
    this.cacheMin = opts.cacheMinTokens ?? 1024;
    this.chunkChars = opts.chunkChars ?? 8;
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
  }

  static async start(opts: ProviderServerOptions = {}): Promise<ProviderServer> {
    const s = new ProviderServer(opts);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(0, '127.0.0.1', () => resolve());
    });
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  /** Base URL for the OpenAI SDK (it appends `/chat/completions`). */
  get openaiBaseUrl(): string { return `${this.url}/v1`; }
  /** Base URL for the Anthropic SDK (it appends `/v1/messages`). */
  get anthropicBaseUrl(): string { return this.url; }

  /** Serve `fault` to the next `times` requests (Infinity: until reset), optionally only on paths ending with `path`. */
  script(fault: Fault, opts: { times?: number; path?: string } = {}): this {
    this.faults.push({ value: fault, times: opts.times ?? 1, path: opts.path });
    return this;
  }

  /** Answer the next `times` chat requests with this text (or a function of the request; undefined falls through). */
  answer(answer: Answer, opts: { times?: number } = {}): this {
    this.answers.push({ value: answer, times: opts.times ?? 1 });
    return this;
  }

  /** Requests to a path ending with `suffix`. */
  requestsTo(suffix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith(suffix));
  }

  /** Resolves once at least `n` requests have been received. */
  waitForRequests(n: number): Promise<void> {
    if (this.requests.length >= n) return Promise.resolve();
    return new Promise((resolve) => {
      const on = () => { if (this.requests.length >= n) { this.off('request', on); resolve(); } };
      this.on('request', on);
    });
  }

  /** Forget requests, scripts and the simulated prompt caches. */
  reset(): void {
    this.requests.length = 0;
    this.counts.reset();
    this.faults = [];
    this.answers = [];
    this.markerUses.clear();
    this.anthropicCache.clear();
    this.openaiCache.clear();
    this.batches.reset();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const buf = Buffer.concat(chunks);
    const raw = buf.toString('utf8');
    let body: any = raw;
    try { body = raw ? JSON.parse(raw) : undefined; } catch { /* keep raw */ }
    const path = (req.url ?? '/').split('?')[0]!;
    const rec: RecordedRequest = { method: req.method ?? 'GET', path, headers: { ...req.headers }, body };
    this.requests.push(rec);
    rec.fault = this.takeFault(rec, raw);
    this.emit('request', rec);
    try {
      if (BatchRoutes.owns(path)) {
        if (rec.fault && this.serveStatusFault(rec.fault, path.includes('/messages'), res, presentedKey(rec))) return;
        if (await this.batches.handle(req, path, buf, res)) return;
      }
      this.route(rec, res);
    } catch (e) {
      if (!res.headersSent) json(res, 500, { error: { message: `test server bug: ${(e as Error).message}` } });
    }
  }

  private takeFault(rec: RecordedRequest, raw: string): Fault | undefined {
    if (rec.path.endsWith('/count_tokens')) return undefined;
    const i = this.faults.findIndex((f) => f.times > 0 && (!f.path || rec.path.endsWith(f.path)));
    if (i >= 0) {
      const f = this.faults[i]!;
      f.times -= 1;
      return f.value;
    }
    const m = MARKER.exec(raw);
    if (!m) return undefined;
    // Retries resend the same body, so a marker serves its fault to the first N identical requests only.
    const key = `${rec.path}\u0000${hash(raw)}`;
    const used = this.markerUses.get(key) ?? 0;
    const limit = m[2] === 'inf' ? Infinity : Number(m[2] ?? 1);
    if (used >= limit) return undefined;
    this.markerUses.set(key, used + 1);
    return m[1] as Fault;
  }

  /**
   * Routes by method and path suffix, longest suffix first; `anthropic` picks the error body shape for status faults.
   * Other tests and helpers add routes (batches...) with `addRoute()` instead of editing `route`; the token-count
   * routes are `counts` (countRoutes.ts).
   */
  private readonly routes: Route[] = [
    { method: 'POST', suffix: '/chat/completions', anthropic: false, handle: (rec, res) => this.openaiChat(rec, res) },
    { method: 'POST', suffix: '/embeddings', anthropic: false, handle: (rec, res) => this.embeddings(rec, res) },
    { method: 'POST', suffix: '/messages', anthropic: true, handle: (rec, res) => this.anthropicMessages(rec, res) },
  ];

  /** Adds (or replaces) the handler for `method` on paths ending with `suffix`. */
  addRoute(route: Route): this {
    const i = this.routes.findIndex((r) => r.method === route.method && r.suffix === route.suffix);
    if (i >= 0) this.routes[i] = route; else this.routes.push(route);
    this.routes.sort((a, b) => b.suffix.length - a.suffix.length);
    return this;
  }

  private route(rec: RecordedRequest, res: http.ServerResponse): void {
    const p = rec.path;
    const found = this.routes.find((r) => r.method === rec.method && p.endsWith(r.suffix));
    const anthropic = found?.anthropic ?? p.endsWith('/messages/count_tokens');
    if (rec.method !== 'POST') return json(res, 404, { error: { message: `no route ${rec.method} ${p}` } });
    if (rec.fault && this.serveStatusFault(rec.fault, anthropic, res, presentedKey(rec))) return;
    if (this.counts.handle(rec, res, (b) => (anthropic ? anthropicPrompt(b).total : responsesBodyTokens(b)))) return;
    if (!found) return json(res, 404, { error: { message: `no route ${rec.method} ${p}` } });
    found.handle(rec, res);
  }

  /** Faults decided before any body is produced; returns true when the response is handled. */
  private serveStatusFault(fault: Fault, anthropic: boolean, res: http.ServerResponse, key: string): boolean {
    const err = (status: number, type: string, message: string, headers: Record<string, string> = {}) => {
      const body = anthropic ? { type: 'error', error: { type, message } } : { error: { message, type, code: type } };
      json(res, status, body, headers);
      return true;
    };
    switch (fault) {
      case '429-0': return err(429, 'rate_limit_error', 'Rate limited', { 'retry-after': '0' });
      case '429-1': return err(429, 'rate_limit_error', 'Rate limited', { 'retry-after': '1' });
      case '429-3600': return err(429, 'rate_limit_error', 'Rate limited', { 'retry-after': '3600' });
      case '500': return err(500, 'api_error', 'Internal server error');
      case '503': return err(503, 'api_error', 'Service unavailable');
      case '529': return err(529, 'overloaded_error', 'Overloaded');
      case '401': return err(401, 'authentication_error', `Incorrect API key provided: ${key}`);
      case '400': return err(400, 'invalid_request_error', `Invalid request made with key ${key}`);
      case 'reset': res.socket?.destroy(); return true;
      case 'hang': return true;
      default: return false;
    }
  }

  private pickAnswer(rec: RecordedRequest, lastUser: string, wantsJson: boolean): string {
    for (const a of this.answers) {
      if (a.times <= 0) continue;
      const text = typeof a.value === 'function' ? a.value(rec) : a.value;
      if (text === undefined) continue;
      a.times -= 1;
      return text;
    }
    const answer = `Answer to: ${lastUser.slice(0, 40)}`;
    return wantsJson ? JSON.stringify({ answer }) : answer;
  }

  /** One request inside a batch, answered as the live endpoint would answer it (no prompt cache). */
  private completeBatched(provider: 'openai' | 'anthropic', body: any): { text: string; usage: unknown; finish: string } {
    const rec: RecordedRequest = { method: 'POST', path: 'batch', headers: {}, body };
    if (provider === 'anthropic') {
      const prompt = anthropicPrompt(body);
      const { text, finish } = truncate(this.pickAnswer(rec, prompt.lastUser, false), body.max_tokens);
      return { text, finish: finish ? 'max_tokens' : 'end_turn', usage: { input_tokens: prompt.total, output_tokens: serverTokens(text), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } };
    }
    const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
    const content = (m: any) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? ''));
    const prompt = serverTokens(messages.map(content).join('\n') + (body.tools ? JSON.stringify(body.tools) : ''));
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    const { text, finish } = truncate(this.pickAnswer(rec, lastUser ? content(lastUser) : '', false), body.max_completion_tokens ?? body.max_tokens);
    const completion = serverTokens(text);
    return { text, finish: finish ? 'length' : 'stop', usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: 0 } } };
  }

  private openaiChat(rec: RecordedRequest, res: http.ServerResponse): void {
    const b = rec.body ?? {};
    const messages: any[] = Array.isArray(b.messages) ? b.messages : [];
    const text = (m: any) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? ''));
    const prefix = messages.filter((m) => m.role === 'system' || m.role === 'developer').map(text).join('\n')
      + (b.tools ? JSON.stringify(b.tools) : '');
    const promptTokens = serverTokens(messages.map(text).join('\n') + (b.tools ? JSON.stringify(b.tools) : ''));
    // Automatic caching: a repeated static prefix above the minimum is read from cache (in 128-token steps).
    const prefixTokens = serverTokens(prefix);
    const cacheKey = `${b.prompt_cache_key ?? ''}\u0000${hash(prefix)}`;
    let cached = 0;
    if (prefixTokens >= this.cacheMin) {
      if (this.openaiCache.has(cacheKey)) cached = Math.floor(prefixTokens / 128) * 128;
      else this.openaiCache.add(cacheKey);
    }
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    const wantsJson = b.response_format?.type === 'json_object' || b.response_format?.type === 'json_schema';
    const { text: answer, finish } = truncate(this.pickAnswer(rec, lastUser ? text(lastUser) : '', wantsJson),
      b.max_completion_tokens ?? b.max_tokens);
    const completion = serverTokens(answer);
    const usage = rec.fault === 'no-usage' ? undefined : {
      prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion,
      prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
    };
    const id = `chatcmpl-${++this.msgSeq}`;
    const created = Math.floor(Date.now() / 1000);
    const model = b.model ?? 'unknown';
    const finishReason = finish ? 'length' : 'stop';
    if (!b.stream) {
      if (rec.fault === 'stall') return stallBody(res);
      if (rec.fault === 'malformed') return malformed(res);
      if (rec.fault === 'sse-error') return json(res, 500, { error: { message: 'Internal server error', type: 'server_error' } });
      return json(res, 200, {
        id, object: 'chat.completion', created, model,
        choices: [{ index: 0, message: { role: 'assistant', content: answer, refusal: null }, finish_reason: finishReason, logprobs: null }],
        ...(usage ? { usage } : {}),
      });
    }
    const chunk = (delta: any, finish_reason: string | null = null, extra: any = {}) => ({
      id, object: 'chat.completion.chunk', created, model,
      choices: [{ index: 0, delta, finish_reason, logprobs: null }], ...extra,
    });
    const events: string[] = [sse(chunk({ role: 'assistant', content: '' }))];
    for (const piece of pieces(answer, this.chunkChars)) events.push(sse(chunk({ content: piece })));
    events.push(sse(chunk({}, finishReason)));
    if (usage && b.stream_options?.include_usage) {
      events.push(sse({ id, object: 'chat.completion.chunk', created, model, choices: [], usage }));
    }
    events.push('data: [DONE]\n\n');
    this.stream(res, rec.fault, events, () => sse({ error: { message: 'The server had an error while processing your request.', type: 'server_error' } }));
  }

  private anthropicMessages(rec: RecordedRequest, res: http.ServerResponse): void {
    const b = rec.body ?? {};
    const prompt = anthropicPrompt(b);
    // Prompt caching: the prefix up to the last cache_control block is written once, then read.
    let read = 0; let write5m = 0; let write1h = 0;
    if (prompt.cachePrefixTokens >= this.cacheMin) {
      const key = hash(prompt.cachePrefixText);
      if (this.anthropicCache.has(key)) read = prompt.cachePrefixTokens;
      else {
        this.anthropicCache.add(key);
        if (prompt.ttl1h) write1h = prompt.cachePrefixTokens; else write5m = prompt.cachePrefixTokens;
      }
    }
    const inputTokens = prompt.total - read - write5m - write1h;
    const wantsJson = /\bjson\b/i.test(prompt.system) || /\bjson\b/i.test(prompt.lastUser);
    const { text: answer, finish } = truncate(this.pickAnswer(rec, prompt.lastUser, wantsJson), b.max_tokens);
    const output = serverTokens(answer);
    const cacheFields = {
      cache_creation_input_tokens: write5m + write1h,
      cache_read_input_tokens: read,
      cache_creation: { ephemeral_5m_input_tokens: write5m, ephemeral_1h_input_tokens: write1h },
    };
    // A server web-search tool (type web_search_YYYYMMDD) searches once, reported like the live API does.
    const searches = (Array.isArray(b.tools) ? b.tools : []).filter((t: any) => /^web_search/.test(String(t?.type ?? ''))).length;
    if (searches) Object.assign(cacheFields, { server_tool_use: { web_search_requests: searches } });
    const noUsage = rec.fault === 'no-usage';
    const id = `msg_${++this.msgSeq}`;
    const model = b.model ?? 'unknown';
    const stopReason = finish ? 'max_tokens' : 'end_turn';
    if (!b.stream) {
      if (rec.fault === 'stall') return stallBody(res);
      if (rec.fault === 'malformed') return malformed(res);
      if (rec.fault === 'sse-error') return json(res, 500, { type: 'error', error: { type: 'api_error', message: 'Internal server error' } });
      return json(res, 200, {
        id, type: 'message', role: 'assistant', model, content: [{ type: 'text', text: answer }],
        stop_reason: stopReason, stop_sequence: null,
        ...(noUsage ? {} : { usage: { input_tokens: inputTokens, output_tokens: output, ...cacheFields, service_tier: 'standard' } }),
      });
    }
    const ev = (type: string, data: any) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const events = [
      ev('message_start', { message: {
        id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null,
        ...(noUsage ? {} : { usage: { input_tokens: inputTokens, output_tokens: 1, ...cacheFields } }),
      } }),
      ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      ev('ping', {}),
    ];
    for (const piece of pieces(answer, this.chunkChars)) {
      events.push(ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }));
    }
    events.push(ev('content_block_stop', { index: 0 }));
    // Like the live API, message_delta carries cumulative output and repeats the input/cache counts.
    events.push(ev('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: null },
      ...(noUsage ? {} : { usage: { output_tokens: output, input_tokens: inputTokens, ...cacheFields } }),
    }));
    events.push(ev('message_stop', {}));
    this.stream(res, rec.fault, events, () => ev('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }));
  }

  private embeddings(rec: RecordedRequest, res: http.ServerResponse): void {
    const b = rec.body ?? {};
    const inputs: string[] = Array.isArray(b.input) ? b.input.map(String) : [String(b.input ?? '')];
    const dims = Number(b.dimensions) > 0 ? Number(b.dimensions) : 256;
    if (rec.fault === 'malformed') return malformed(res);
    const data = inputs.map((text, index) => {
      const v = embed(text, dims);
      const embedding = b.encoding_format === 'base64' ? Buffer.from(v.buffer).toString('base64') : Array.from(v);
      return { object: 'embedding', index, embedding };
    });
    const tokens = inputs.reduce((n, t) => n + serverTokens(t), 0);
    json(res, 200, { object: 'list', data, model: b.model ?? 'unknown', usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }

  /** Writes SSE events, applying stream faults: stall after a few events, an error event, or a malformed chunk. */
  private stream(res: http.ServerResponse, fault: Fault | undefined, events: string[], errorEvent: () => string): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    if (fault === 'stall') { res.write(events.slice(0, Math.ceil(events.length / 2)).join('')); return; }
    if (fault === 'sse-error') { res.end(events.slice(0, 3).join('') + errorEvent()); return; }
    if (fault === 'malformed') { res.end(events.slice(0, 2).join('') + 'data: {"id": "broken", "choices": [\n\n'); return; }
    res.end(events.join(''));
  }
}

/** Start a server (shorthand for ProviderServer.start). */
export function startProviderServer(opts?: ProviderServerOptions): Promise<ProviderServer> {
  return ProviderServer.start(opts);
}

function presentedKey(rec: RecordedRequest): string {
  const auth = rec.headers.authorization ?? rec.headers['x-api-key'];
  return String(auth ?? '').replace(/^Bearer\s+/i, '');
}

interface AnthropicPrompt { total: number; system: string; lastUser: string; cachePrefixText: string; cachePrefixTokens: number; ttl1h: boolean }

/** Flattens an Anthropic body in cache order (tools, system, messages), noting the prefix up to the last breakpoint. */
function anthropicPrompt(b: any): AnthropicPrompt {
  const parts: { text: string; cc?: any }[] = [];
  for (const t of Array.isArray(b?.tools) ? b.tools : []) parts.push({ text: JSON.stringify(t), cc: t.cache_control });
  const blocks = (c: any): { text: string; cc?: any }[] => typeof c === 'string' ? [{ text: c }]
    : Array.isArray(c) ? c.map((x: any) => ({ text: typeof x.text === 'string' ? x.text : JSON.stringify(x), cc: x.cache_control })) : [];
  const system = blocks(b?.system);
  parts.push(...system);
  let lastUser = '';
  for (const m of Array.isArray(b?.messages) ? b.messages : []) {
    const bs = blocks(m.content);
    parts.push(...bs);
    if (m.role === 'user') lastUser = bs.map((x) => x.text).join('\n');
  }
  let last = -1; let ttl1h = false;
  parts.forEach((p, i) => { if (p.cc) { last = i; ttl1h = ttl1h || p.cc.ttl === '1h'; } });
  const prefixText = parts.slice(0, last + 1).map((p) => p.text).join('\n');
  return {
    total: serverTokens(parts.map((p) => p.text).join('\n')),
    system: system.map((s) => s.text).join('\n'),
    lastUser,
    cachePrefixText: prefixText,
    cachePrefixTokens: last >= 0 ? serverTokens(prefixText) : 0,
    ttl1h,
  };
}

/** Hashed bag of words, L2-normalised: texts sharing words get close vectors. */
export function embed(text: string, dims = 256): Float32Array {
  const v = new Float32Array(dims);
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const h = createHash('sha256').update(w).digest();
    v[h.readUInt32LE(0) % dims]! += h[4]! & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...v) || 1;
  for (let i = 0; i < dims; i++) v[i] = v[i]! / norm;
  return v;
}

function truncate(text: string, maxTokens: unknown): { text: string; finish: boolean } {
  const max = typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : Infinity;
  return serverTokens(text) > max ? { text: text.slice(0, max * 4), finish: true } : { text, finish: false };
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function hash(s: string): string { return createHash('sha256').update(s).digest('hex').slice(0, 16); }

function sse(data: unknown): string { return `data: ${JSON.stringify(data)}\n\n`; }

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function malformed(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"id": "broken", "choices": [');
}

function stallBody(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"id": "stalled", ');
}
