import type { ProviderServer, RecordedRequest } from './providerServer';

/**
 * Model-dependent answers for the 'shout' dataset fixtures: each word in capitals, except that gpt-4o-mini
 * lower-cases words ending in 3 (so it fails those rows). Packed requests get numbered answers; `drop` leaves one
 * item out, as a sloppy model would.
 */
export function shoutAnswers(server: ProviderServer, opts: { drop?: string } = {}): void {
  const one = (model: string, word: string) => (model === 'gpt-4o-mini' && word.endsWith('3') ? word : word.toUpperCase());
  server.answer((rec: RecordedRequest) => {
    const b = rec.body ?? {};
    const msgs: any[] = b.messages ?? [];
    const last = [...msgs].reverse().find((m) => m.role === 'user');
    const text = typeof last?.content === 'string' ? last.content : (last?.content ?? []).map((c: any) => c.text ?? '').join('');
    if (!/numbered items/.test(text)) return one(b.model, text.trim());
    const items = [...text.matchAll(/^\[(\d+)\] (.*)$/gm)];
    return items.filter((m) => m[2] !== opts.drop).map((m) => `[${m[1]}] ${one(b.model, m[2])}`).join('\n');
  }, { times: Infinity });
}
