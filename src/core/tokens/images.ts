// Image input tokens by the providers' documented formulas (OpenAI vision guide "Calculating costs"; Anthropic vision).
import { imageSize } from 'image-size';
import type { ContentPart } from '../client/types';
import { dataUrl, mediaKind } from '../client/providers/mediaParts';
import { bareModelId, countingRuleFor } from './families';

type Detail = 'low' | 'high' | 'auto';
type Media = Extract<ContentPart, { type: 'media' }>;

/** A size-unknown image (a URL) is counted as a typical photo: 1024×1024, 765 tokens at high detail on gpt-4o. */
const UNKNOWN_SIZE = 1024;

interface TileRates { base: number; tile: number }
/** Tile-billed families, first match wins; gpt-4o-mini's rates are its own (the guide's table). */
const TILE_RATES: [RegExp, TileRates][] = [
  [/^(gpt-4o-mini)/, { base: 2833, tile: 5667 }],
  [/^(gpt-4o|chatgpt-4o|gpt-4\.1(?!-mini|-nano)|gpt-4\.5|gpt-4-turbo)/, { base: 85, tile: 170 }],
  [/^(gpt-5(?!-mini|-nano))/, { base: 70, tile: 140 }],
  [/^(o1|o3(?!-mini))/, { base: 75, tile: 150 }],
];
/** Patch-billed families: 32-px patches, at most 1536, times the model's multiplier. */
const PATCH_MULTIPLIERS: [RegExp, number][] = [
  [/^(gpt-4\.1-mini|gpt-5-mini)/, 1.62],
  [/^(gpt-4\.1-nano|gpt-5-nano)/, 2.46],
  [/^o4-mini/, 1.72],
];
/** Only these are confirmed by billed requests as the guide states them; the others keep `≈`. */
const CONFIRMED = /^(gpt-4o|chatgpt-4o|gpt-4\.1(?!-mini|-nano)|gpt-4\.5)/;

function tiles(r: TileRates, width: number, height: number, detail: Detail): number {
  if (detail === 'low') return r.base;
  let w = width, h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit; h *= fit;
  const shrink = Math.min(1, 768 / Math.min(w, h));
  w *= shrink; h *= shrink;
  return r.base + r.tile * Math.ceil(w / 512) * Math.ceil(h / 512);
}

function patches(width: number, height: number): number {
  const n = Math.ceil(width / 32) * Math.ceil(height / 32);
  if (n <= 1536) return n;
  // Scale down so whole patches cover it within the cap, as the guide describes.
  let scale = Math.sqrt((32 * 32 * 1536) / (width * height));
  scale *= Math.min(Math.floor((width * scale) / 32) / ((width * scale) / 32), Math.floor((height * scale) / 32) / ((height * scale) / 32));
  return Math.min(1536, Math.ceil((width * scale) / 32) * Math.ceil((height * scale) / 32));
}

/** Claude: about width × height / 750 tokens, after shrinking so the long edge is at most 1568 px. */
function claudeImage(width: number, height: number): number {
  const s = Math.min(1, 1568 / Math.max(width, height));
  return Math.ceil((width * s * height * s) / 750);
}

/** Tokens for an image of known size on `model`; `estimated` unless the formula is confirmed for that model. */
export function imageTokensFor(model: string, width: number, height: number, detail: Detail = 'auto'): { tokens: number; estimated: boolean } {
  const id = bareModelId(model);
  if (countingRuleFor(model).provider === 'anthropic') return { tokens: claudeImage(width, height), estimated: true };
  const multiplier = PATCH_MULTIPLIERS.find(([re]) => re.test(id))?.[1];
  if (multiplier !== undefined) return { tokens: Math.ceil(patches(width, height) * multiplier), estimated: true };
  const rates = TILE_RATES.find(([re]) => re.test(id))?.[1];
  return { tokens: tiles(rates ?? { base: 85, tile: 170 }, width, height, detail), estimated: !rates || !CONFIRMED.test(id) };
}

/** Width and height of an inline (`data:` base64) image, read from its header; undefined for a URL or a bad image. */
export function inlineImageSize(url: string): { width: number; height: number } | undefined {
  const m = dataUrl(url);
  if (!m?.[2]) return undefined;
  try {
    // The size is in the header (a JPEG's may follow its metadata): decoding the whole of a large image is not needed.
    const head = m[3].slice(0, 262144).replace(/[^A-Za-z0-9+/]/g, '');
    const size = imageSize(Buffer.from(head.slice(0, head.length - (head.length % 4)), 'base64'));
    return size.width && size.height ? { width: size.width, height: size.height } : undefined;
  } catch {
    return undefined;
  }
}

/** What one media part costs: by its size where the request carries the image, else as a 1024×1024 one (≈). */
export function mediaPartTokens(model: string, p: Media): { tokens: number; estimated: boolean } {
  if (mediaKind(p) !== 'image') return { tokens: 0, estimated: true };
  const size = inlineImageSize(p.url);
  const t = imageTokensFor(model, size?.width ?? UNKNOWN_SIZE, size?.height ?? UNKNOWN_SIZE, p.detail ?? 'auto');
  return size ? t : { tokens: t.tokens, estimated: true };
}

/** What a message's media parts cost on `model`, each and together, and whether any figure is an estimate. */
export function mediaTokens(model: string, parts: readonly ContentPart[] | undefined): { tokens: number; estimated: boolean; media: number; each: { tokens: number; estimated: boolean }[] } {
  const each = (parts ?? []).flatMap((p) => (p.type === 'media' ? [mediaPartTokens(model, p)] : []));
  return { tokens: each.reduce((n, t) => n + t.tokens, 0), estimated: each.some((t) => t.estimated), media: each.length, each };
}
