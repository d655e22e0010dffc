export { countTokens, countChunk, clearCountMemo } from './counter';
export { IncrementalCount } from './incremental';
export { countChat, messageOverheadTokens, type ChatCount, type ChatLike, type ContentCounter } from './chat';
export { countingRuleFor, bareModelId, type EncodingName, type CountingRule } from './families';
export { getCounter, encodeLength } from './encoder';
export { splitChunks } from './chunks';
