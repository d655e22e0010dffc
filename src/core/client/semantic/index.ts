export { semanticCacheStage, semanticPartition, type SemanticCacheOptions } from './stage';
export { openAIEmbedder, type Embedder, type OpenAIEmbedderOptions } from './embedder';
export { semanticStore, type SemanticStore, type SemanticEntry, type SemanticStoreOptions } from './store';
export { guardAllows, negationsOf, numbersOf, cosine, NEGATION_WORDS } from './guard';
