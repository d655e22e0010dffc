// The providers' Batch APIs through their official SDKs: OpenAI Files + Batches, Anthropic Message Batches.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI, { toFile } from 'openai';
import { anthropicMessageBody, openaiChatBody } from '../client/providers/bodies';
import { hostOf } from '../client/providers/common';
import type { ChatRequest, ProviderId } from '../client/types';
import type { BatchCounts, BatchItemResult, BatchStatus } from './types';

export interface BatchClientOptions {
  provider: ProviderId;
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  maxRetries?: number;
}

export interface BatchState { status: BatchStatus; counts: BatchCounts; error?: string }

export interface BatchClient {
  /** Uploads (OpenAI) and creates the batch; returns the provider's ids and first state. */
  submit(items: { customId: string; req: ChatRequest }[]): Promise<{ id: string; inputFileId?: string } & BatchState>;
  poll(id: string): Promise<BatchState>;
  results(id: string): Promise<BatchItemResult[]>;
  cancel(id: string): Promise<BatchState>;
}

export function batchClient(o: BatchClientOptions): BatchClient {
  return o.provider === 'anthropic' ? anthropicBatches(o) : openaiBatches(o);
}

const ZERO: BatchCounts = { total: 0, succeeded: 0, errored: 0, expired: 0, canceled: 0, processing: 0 };

function openaiBatches(o: BatchClientOptions): BatchClient {
  const c = new OpenAI({ apiKey: o.apiKey, baseURL: o.baseUrl || undefined, timeout: o.timeoutMs ?? 60_000, maxRetries: o.maxRetries ?? 2, logLevel: 'off' });
  const official = /(^|\.)api\.openai\.com$/.test(hostOf(c.baseURL));
  const state = (b: OpenAI.Batches.Batch): BatchState => {
    const rc = b.request_counts ?? { total: 0, completed: 0, failed: 0 };
    const status = b.status as BatchStatus;
    const error = b.errors?.data?.map((e) => e.message).filter(Boolean).join('; ') || undefined;
    return {
      status, error,
      counts: { ...ZERO, total: rc.total, succeeded: rc.completed, errored: rc.failed, processing: Math.max(0, rc.total - rc.completed - rc.failed) },
    };
  };
  return {
    async submit(items) {
      const lines = items.map(({ customId, req }) => JSON.stringify({
        custom_id: customId, method: 'POST', url: '/v1/chat/completions', body: openaiChatBody(req, undefined, official),
      }));
      const file = await c.files.create({ file: await toFile(Buffer.from(lines.join('\n') + '\n'), 'promptmeter-batch.jsonl'), purpose: 'batch' });
      const b = await c.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
      return { id: b.id, inputFileId: file.id, ...state(b) };
    },
    async poll(id) { return state(await c.batches.retrieve(id)); },
    async cancel(id) { return state(await c.batches.cancel(id)); },
    async results(id) {
      const b = await c.batches.retrieve(id);
      const out: BatchItemResult[] = [];
      for (const fileId of [b.output_file_id, b.error_file_id]) {
        if (!fileId) continue;
        const text = await (await c.files.content(fileId)).text();
        for (const line of text.split('\n')) if (line.trim()) out.push(openaiLine(line));
      }
      return out;
    },
  };
}

/** One line of an OpenAI batch output or error file. */
function openaiLine(line: string): BatchItemResult {
  let v: any;
  try { v = JSON.parse(line); } catch { return { customId: '', outcome: 'errored', text: '', error: 'malformed result line' }; }
  const customId = typeof v?.custom_id === 'string' ? v.custom_id : '';
  const res = v?.response;
  if (v?.error || !res || res.status_code !== 200) {
    const code = v?.error?.code ?? res?.body?.error?.code;
    const message = v?.error?.message ?? res?.body?.error?.message ?? `HTTP ${res?.status_code ?? '?'}`;
    return { customId, outcome: code === 'batch_expired' ? 'expired' : code === 'batch_cancelled' ? 'canceled' : 'errored', text: '', error: String(message) };
  }
  const choice = res.body?.choices?.[0];
  return { customId, outcome: 'succeeded', text: choice?.message?.content ?? '', usage: res.body?.usage, finish: choice?.finish_reason ?? undefined };
}

function anthropicBatches(o: BatchClientOptions): BatchClient {
  const c = new Anthropic({ apiKey: o.apiKey, baseURL: o.baseUrl || undefined, timeout: o.timeoutMs ?? 60_000, maxRetries: o.maxRetries ?? 2, logLevel: 'off' });
  const state = (b: Anthropic.Messages.MessageBatch): BatchState => {
    const rc = b.request_counts;
    const counts = { total: rc.processing + rc.succeeded + rc.errored + rc.canceled + rc.expired, succeeded: rc.succeeded, errored: rc.errored, expired: rc.expired, canceled: rc.canceled, processing: rc.processing };
    const status: BatchStatus = b.processing_status === 'canceling' ? 'cancelling' : b.processing_status;
    return { status, counts };
  };
  return {
    async submit(items) {
      const requests = items.map(({ customId, req }) => ({ custom_id: customId, params: { ...anthropicMessageBody(req).body, stream: false as const } }));
      const b = await c.messages.batches.create({ requests });
      return { id: b.id, ...state(b) };
    },
    async poll(id) { return state(await c.messages.batches.retrieve(id)); },
    async cancel(id) { return state(await c.messages.batches.cancel(id)); },
    async results(id) {
      const out: BatchItemResult[] = [];
      for await (const r of await c.messages.batches.results(id)) {
        const res = r.result;
        if (res.type === 'succeeded') {
          const text = res.message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
          out.push({ customId: r.custom_id, outcome: 'succeeded', text, usage: res.message.usage, finish: res.message.stop_reason ?? undefined });
        } else {
          const error = res.type === 'errored' ? (res.error as { error?: { message?: string } })?.error?.message ?? 'errored' : res.type;
          out.push({ customId: r.custom_id, outcome: res.type, text: '', error });
        }
      }
      return out;
    },
  };
}
