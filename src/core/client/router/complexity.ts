import type { ChatRequest } from '../types';

/** How hard a prompt looks, as data so a user or a test can tune it. Weights add up to 1. */
export interface ComplexityModel {
  /** Score at or above which `auto` picks the strong model. */
  threshold: number;
  weights: Record<keyof ComplexityFeatures, number>;
  /** Feature value at which its contribution is full (jsonSchema is 0 or 1). */
  saturation: Record<Exclude<keyof ComplexityFeatures, 'jsonSchema'>, number>;
  reasoningWords: RegExp;
  lengthWords: RegExp;
}

export interface ComplexityFeatures {
  inputTokens: number;
  reasoningWords: number;
  codeFences: number;
  lengthWords: number;
  /** 1 when the answer must follow a structure (JSON mode, tools, a schema in the prompt). */
  jsonSchema: number;
}

export const DEFAULT_COMPLEXITY: ComplexityModel = {
  threshold: 0.3,
  weights: { inputTokens: 0.25, reasoningWords: 0.3, codeFences: 0.15, lengthWords: 0.15, jsonSchema: 0.15 },
  saturation: { inputTokens: 4000, reasoningWords: 2, codeFences: 1, lengthWords: 1 },
  reasoningWords: /\b(prove|proof|step[- ]by[- ]step|analy[sz]e|analysis|why|derive|reason(?:ing)?|trade-?offs?|debug|optimi[sz]e|compare|evaluate|critique)\b/gi,
  lengthWords: /\b(detailed|comprehensive|in[- ]depth|thorough(?:ly)?|exhaustive|essay|elaborate|long-form|\d{3,}\s+words)\b/gi,
};

/** Rough token count (4 characters a token): routing needs a size class, not an exact count. */
const roughTokens = (text: string) => Math.ceil(text.length / 4);

export function complexityFeatures(req: ChatRequest, model: ComplexityModel = DEFAULT_COMPLEXITY): ComplexityFeatures {
  const text = req.messages.map((m) => m.content).join('\n');
  const count = (re: RegExp) => (text.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)) ?? []).length;
  const structured = req.responseFormat === 'json' || (req.tools?.length ?? 0) > 0 || /json schema|"\$schema"|"type"\s*:\s*"object"/i.test(text);
  return {
    inputTokens: roughTokens(text),
    reasoningWords: count(model.reasoningWords),
    codeFences: Math.floor((text.match(/^\s*```/gm) ?? []).length / 2),
    lengthWords: count(model.lengthWords),
    jsonSchema: structured ? 1 : 0,
  };
}

/** 0 (trivial) .. 1 (hard): each feature's share of its saturation, weighted. */
export function complexityScore(req: ChatRequest, model: ComplexityModel = DEFAULT_COMPLEXITY): { score: number; features: ComplexityFeatures } {
  const features = complexityFeatures(req, model);
  let score = model.weights.jsonSchema * features.jsonSchema;
  for (const k of Object.keys(model.saturation) as Array<keyof ComplexityModel['saturation']>) {
    score += model.weights[k] * Math.min(1, features[k] / model.saturation[k]);
  }
  return { score: Math.round(score * 1000) / 1000, features };
}
