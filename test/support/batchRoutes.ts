// OpenAI Files + Batches and Anthropic Message Batches for the test provider server, with scripted progress
// (each status poll moves a batch one step) and mixed outcomes chosen by markers in a request's text:
// [[batch:errored]], [[batch:expired]], [[batch:canceled]].
import type * as http from 'node:http';

export type BatchProvider = 'openai' | 'anthropic';
/** Answers one batched request as the live endpoint would: text and the provider's raw usage object. */
export type Complete = (provider: BatchProvider, body: any) => { text: string; usage: unknown; finish: string };

interface StoredBatch {
  id: string;
  provider: BatchProvider;
  requests: { customId: string; body: any }[];
  /** Index into the provider's status sequence. */
  step: number;
  cancelled: boolean;
  /** Polled since the cancel: the cancel has taken effect. */
  cancelDone?: boolean;
  created: number;
  inputFileId?: string;
  outputFileId?: string;
  errorFileId?: string;
  lines?: { ok: string[]; failed: string[] };
}

const OPENAI_STEPS = ['validating', 'in_progress', 'finalizing', 'completed'] as const;
const ANTHROPIC_STEPS = ['in_progress', 'in_progress', 'ended'] as const;
const OUTCOME = /\[\[batch:(errored|expired|canceled)\]\]/;

export class BatchRoutes {
  readonly batches = new Map<string, StoredBatch>();
  private readonly files = new Map<string, string>();
  private seq = 0;
  /** While true, polls report the current state without moving on (a batch "in progress" for as long as a test needs). */
  paused = false;

  constructor(private readonly baseUrl: () => string, private readonly complete: Complete) {}

  static owns(path: string): boolean {
    return /\/v1\/(files|batches|messages\/batches)(\/|$)/.test(path) || path.startsWith('/_test/batches/');
  }

  reset(): void { this.batches.clear(); this.files.clear(); this.paused = false; }

  /** Handles batch and file routes; false when the path is not one of them. */
  async handle(req: http.IncomingMessage, path: string, raw: Buffer, res: http.ServerResponse): Promise<boolean> {
    const m = req.method ?? 'GET';
    // Test control from another process (e2e): hold batches in progress, then let them finish.
    if (path === '/_test/batches/pause' || path === '/_test/batches/resume') {
      this.paused = path.endsWith('pause');
      send(res, 200, { paused: this.paused });
      return true;
    }
    let g: RegExpExecArray | null;
    if (m === 'POST' && path.endsWith('/v1/files')) return this.upload(req, raw, res);
    if (m === 'GET' && (g = /\/v1\/files\/([^/]+)\/content$/.exec(path))) return this.fileContent(g[1], res);
    if (m === 'POST' && path.endsWith('/v1/batches')) return this.createOpenAI(JSON.parse(raw.toString('utf8')), res);
    if ((g = /\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path)) && !path.includes('/messages/')) {
      return this.openaiBatch(g[1], m === 'POST' && !!g[2], res);
    }
    if (m === 'POST' && path.endsWith('/v1/messages/batches')) return this.createAnthropic(JSON.parse(raw.toString('utf8')), res);
    if (m === 'GET' && (g = /\/v1\/messages\/batches\/([^/]+)\/results$/.exec(path))) return this.anthropicResults(g[1], res);
    if ((g = /\/v1\/messages\/batches\/([^/]+)(\/cancel)?$/.exec(path))) return this.anthropicBatch(g[1], m === 'POST' && !!g[2], res);
    return false;
  }

  private async upload(req: http.IncomingMessage, raw: Buffer, res: http.ServerResponse): Promise<boolean> {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
    const file = form.get('file');
    if (!file || typeof file === 'string' || form.get('purpose') !== 'batch') {
      send(res, 400, { error: { message: 'need a file and purpose=batch', type: 'invalid_request_error' } });
      return true;
    }
    const text = await file.text();
    const id = `file-${++this.seq}`;
    this.files.set(id, text);
    send(res, 200, { id, object: 'file', bytes: Buffer.byteLength(text), created_at: now(), filename: file.name, purpose: 'batch', status: 'processed' });
    return true;
  }

  private fileContent(id: string, res: http.ServerResponse): boolean {
    const text = this.files.get(id);
    if (text === undefined) send(res, 404, { error: { message: `no file ${id}` } });
    else { res.writeHead(200, { 'content-type': 'application/octet-stream' }); res.end(text); }
    return true;
  }

  private createOpenAI(body: any, res: http.ServerResponse): boolean {
    const text = this.files.get(body?.input_file_id);
    if (text === undefined || body?.completion_window !== '24h' || body?.endpoint !== '/v1/chat/completions') {
      send(res, 400, { error: { message: 'unknown input_file_id, or endpoint/completion_window not supported', type: 'invalid_request_error' } });
      return true;
    }
    const requests = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)).map((l: any) => ({ customId: l.custom_id, body: l.body }));
    const b: StoredBatch = { id: `batch_${++this.seq}`, provider: 'openai', requests, step: 0, cancelled: false, created: now(), inputFileId: body.input_file_id };
    this.batches.set(b.id, b);
    send(res, 200, this.openaiObject(b));
    return true;
  }

  private openaiBatch(id: string, cancel: boolean, res: http.ServerResponse): boolean {
    const b = this.batches.get(id);
    if (!b || b.provider !== 'openai') { send(res, 404, { error: { message: `no batch ${id}` } }); return true; }
    if (cancel) b.cancelled = true;
    else if (b.cancelled) b.cancelDone = true;
    else this.advance(b, OPENAI_STEPS.length);
    send(res, 200, this.openaiObject(b));
    return true;
  }

  private openaiObject(b: StoredBatch): any {
    const status = b.cancelled ? (this.finished(b, OPENAI_STEPS.length) ? 'cancelled' : 'cancelling') : OPENAI_STEPS[b.step];
    const done = status === 'completed' || status === 'cancelled';
    if (done) this.finishOpenAI(b);
    const failed = b.lines?.failed.length ?? 0;
    return {
      id: b.id, object: 'batch', endpoint: '/v1/chat/completions', errors: null, input_file_id: b.inputFileId,
      completion_window: '24h', status, output_file_id: done ? b.outputFileId ?? null : null, error_file_id: done ? b.errorFileId ?? null : null,
      created_at: b.created, in_progress_at: b.step >= 1 ? b.created : null, expires_at: b.created + 86400,
      completed_at: status === 'completed' ? now() : null, cancelled_at: status === 'cancelled' ? now() : null,
      request_counts: { total: b.requests.length, completed: done ? b.requests.length - failed : 0, failed: done ? failed : 0 }, metadata: null,
    };
  }

  /** A cancelled batch ends at the poll after the cancel; its unanswered requests come back cancelled. */
  private finished(b: StoredBatch, steps: number): boolean {
    if (b.cancelled) return !!b.cancelDone;
    return b.step >= steps - 1;
  }

  private advance(b: StoredBatch, steps: number): void {
    if (!this.paused && b.step < steps - 1) b.step += 1;
  }

  private outcome(r: { body: any }, b: StoredBatch): 'succeeded' | 'errored' | 'expired' | 'canceled' {
    const m = OUTCOME.exec(JSON.stringify(r.body));
    if (m) return m[1] as 'errored' | 'expired' | 'canceled';
    return b.cancelled ? 'canceled' : 'succeeded';
  }

  private finishOpenAI(b: StoredBatch): void {
    if (b.lines) return;
    const ok: string[] = []; const failed: string[] = [];
    for (const r of b.requests) {
      const outcome = this.outcome(r, b);
      if (outcome === 'succeeded') {
        const a = this.complete('openai', r.body);
        ok.push(JSON.stringify({ id: `batch_req_${++this.seq}`, custom_id: r.customId, response: { status_code: 200, request_id: `req_${this.seq}`, body: {
          id: `chatcmpl-b${this.seq}`, object: 'chat.completion', created: now(), model: r.body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: a.text, refusal: null }, finish_reason: a.finish, logprobs: null }], usage: a.usage,
        } }, error: null }));
      } else {
        const code = outcome === 'expired' ? 'batch_expired' : outcome === 'canceled' ? 'batch_cancelled' : 'server_error';
        failed.push(JSON.stringify({ id: `batch_req_${++this.seq}`, custom_id: r.customId, response: null, error: { code, message: `request ${outcome}` } }));
      }
    }
    b.lines = { ok, failed };
    if (ok.length) { b.outputFileId = `file-${++this.seq}`; this.files.set(b.outputFileId, ok.join('\n') + '\n'); }
    if (failed.length) { b.errorFileId = `file-${++this.seq}`; this.files.set(b.errorFileId, failed.join('\n') + '\n'); }
  }

  private createAnthropic(body: any, res: http.ServerResponse): boolean {
    const requests = Array.isArray(body?.requests) ? body.requests.map((r: any) => ({ customId: r.custom_id, body: r.params })) : [];
    if (!requests.length) { send(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'requests: empty' } }); return true; }
    const b: StoredBatch = { id: `msgbatch_${++this.seq}`, provider: 'anthropic', requests, step: 0, cancelled: false, created: now() };
    this.batches.set(b.id, b);
    send(res, 200, this.anthropicObject(b));
    return true;
  }

  private anthropicBatch(id: string, cancel: boolean, res: http.ServerResponse): boolean {
    const b = this.batches.get(id);
    if (!b || b.provider !== 'anthropic') { send(res, 404, { type: 'error', error: { type: 'not_found_error', message: `no batch ${id}` } }); return true; }
    if (cancel) b.cancelled = true;
    else if (b.cancelled) b.cancelDone = true;
    else this.advance(b, ANTHROPIC_STEPS.length);
    send(res, 200, this.anthropicObject(b));
    return true;
  }

  private anthropicObject(b: StoredBatch): any {
    const ended = b.cancelled ? this.finished(b, ANTHROPIC_STEPS.length) : ANTHROPIC_STEPS[b.step] === 'ended';
    const status = ended ? 'ended' : b.cancelled ? 'canceling' : 'in_progress';
    const counts = { processing: ended ? 0 : b.requests.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (ended) for (const r of b.requests) counts[this.outcome(r, b)] += 1;
    const iso = (s: number) => new Date(s * 1000).toISOString();
    return {
      id: b.id, type: 'message_batch', processing_status: status, request_counts: counts, archived_at: null,
      cancel_initiated_at: b.cancelled ? iso(now()) : null, created_at: iso(b.created), ended_at: ended ? iso(now()) : null,
      expires_at: iso(b.created + 86400), results_url: ended ? `${this.baseUrl()}/v1/messages/batches/${b.id}/results` : null,
    };
  }

  private anthropicResults(id: string, res: http.ServerResponse): boolean {
    const b = this.batches.get(id);
    if (!b) { send(res, 404, { type: 'error', error: { type: 'not_found_error', message: `no batch ${id}` } }); return true; }
    const lines = b.requests.map((r) => {
      const outcome = this.outcome(r, b);
      if (outcome !== 'succeeded') {
        const result = outcome === 'errored'
          ? { type: 'errored', error: { type: 'error', error: { type: 'api_error', message: 'request errored' } } } : { type: outcome };
        return JSON.stringify({ custom_id: r.customId, result });
      }
      const a = this.complete('anthropic', r.body);
      return JSON.stringify({ custom_id: r.customId, result: { type: 'succeeded', message: {
        id: `msg_b${++this.seq}`, type: 'message', role: 'assistant', model: r.body.model, content: [{ type: 'text', text: a.text }],
        stop_reason: a.finish, stop_sequence: null, usage: a.usage,
      } } });
    });
    res.writeHead(200, { 'content-type': 'application/binary' });
    res.end(lines.join('\n') + '\n');
    return true;
  }
}

const now = () => Math.floor(Date.now() / 1000);

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
