export { routerStage, retarget, type RouterOptions } from './stage';
export { complexityScore, complexityFeatures, DEFAULT_COMPLEXITY, type ComplexityModel, type ComplexityFeatures } from './complexity';
export { validateAnswer, REFUSAL_PATTERNS, type Validation } from './validate';
