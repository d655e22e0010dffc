// Media parts (dotprompt `{{media}}`, Prompty `kind: image`) in each provider's own content blocks.
import type { ContentPart } from '../types';

type Media = Extract<ContentPart, { type: 'media' }>;

/** A `data:` URL's media type, base64 flag and payload. */
export const dataUrl = (url: string) => /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(url);
/** `image`, `audio`, `application` …: from the declared type, a `data:` URL's, or an image file extension. */
export const mediaKind = (m: Media) => (m.contentType ?? dataUrl(m.url)?.[1] ?? (/\.(png|jpe?g|gif|webp)(?:[?#]|$)/i.test(m.url) ? 'image/*' : '')).split('/')[0];

function unsupported(provider: string, m: Media): Error {
  return new Error(`${provider} does not accept ${m.contentType ?? 'this'} media (${m.url.slice(0, 60)}); use an image${provider === 'OpenAI' ? ', a base64 wav/mp3 data: URL' : ''} or a PDF data: URL, or a model that takes it`);
}

export function openaiContent(parts: ContentPart[]): unknown[] {
  return parts.map((p) => {
    if (p.type === 'text') return { type: 'text', text: p.text };
    const kind = mediaKind(p);
    const data = dataUrl(p.url);
    if (kind === 'image') return { type: 'image_url', image_url: { url: p.url, ...(p.detail ? { detail: p.detail } : {}) } };
    if (kind === 'audio' && data?.[2] && /wav|mp3|mpeg/.test(data[1] ?? '')) {
      return { type: 'input_audio', input_audio: { data: data[3], format: /wav/.test(data[1]!) ? 'wav' : 'mp3' } };
    }
    if (data && data[1] === 'application/pdf') return { type: 'file', file: { file_data: p.url, filename: 'document.pdf' } };
    throw unsupported('OpenAI', p);
  });
}

export function anthropicContent(parts: ContentPart[]): Array<Record<string, unknown>> {
  return parts.map((p) => {
    if (p.type === 'text') return { type: 'text', text: p.text };
    const data = dataUrl(p.url);
    const source = data?.[2] ? { type: 'base64', media_type: data[1], data: data[3] } : { type: 'url', url: p.url };
    if (mediaKind(p) === 'image') return { type: 'image', source };
    if ((p.contentType ?? data?.[1]) === 'application/pdf') return { type: 'document', source };
    throw unsupported('Anthropic', p);
  });
}
