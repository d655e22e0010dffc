// Image input tokens by OpenAI's documented tile formula (vision guide, "Calculating costs").

interface TileRates { base: number; tile: number }

/** gpt-4o-mini bills images at its own, higher rates; the gpt-4o, gpt-4.1 and o-series families at 85 + 170 a tile. */
function tileRates(model: string): TileRates {
  return /(^|\/)gpt-4o-mini/.test(model.toLowerCase()) ? { base: 2833, tile: 5667 } : { base: 85, tile: 170 };
}

/**
 * `low`: the base only. `high` (and `auto`, billed as high for large images): fit within 2048×2048, shrink so the
 * shortest side is at most 768, then base + tile × the number of 512-px tiles.
 */
export function imageTokens(model: string, width: number, height: number, detail: 'low' | 'high' | 'auto' = 'auto'): number {
  const r = tileRates(model);
  if (detail === 'low') return r.base;
  let w = width, h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit; h *= fit;
  const shrink = Math.min(1, 768 / Math.min(w, h));
  w *= shrink; h *= shrink;
  return r.base + r.tile * Math.ceil(w / 512) * Math.ceil(h / 512);
}
