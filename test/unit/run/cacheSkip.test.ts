import { strict as assert } from 'node:assert';
import type { ChatRequest, ChatResponse } from '../../../src/core/client/types';
import { ZERO_USAGE } from '../../../src/core/pricing/usage';
import { cacheSkipReason } from '../../../src/core/run/cacheSkip';
import { DEFAULTS } from '../../../src/core/settings';

const req = (o: Partial<ChatRequest> = {}, meta: Partial<ChatRequest['meta']> = {}): ChatRequest => ({
  provider: 'openai', baseUrl: '', model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], maxTokens: 10,
  stream: false, ...o, meta: { workspace: 'w', ...meta },
});
const res = (o: Partial<ChatResponse> = {}): ChatResponse => ({
  text: 'hello', model: 'gpt-4o-mini', provider: 'openai', usage: { ...ZERO_USAGE }, finishReason: 'stop', cache: 'miss',
  route: 'direct', savedMicros: {}, latencyMs: 5, ...o,
});

describe('cacheSkipReason: why an answer was neither served from nor stored in the cache', () => {
  it('names the temperature and both ways to cache (the shipped support.prompty case)', () => {
    assert.equal(cacheSkipReason(req({ temperature: 0.2 }), res(), DEFAULTS),
      'temperature 0.2; set temperature 0 or promptmeter.cache.nonDeterministic');
  });

  it('says so when the file sets no temperature (the provider default is above 0)', () => {
    assert.match(cacheSkipReason(req(), res(), DEFAULTS) ?? '', /^no temperature set .*set temperature 0 or promptmeter\.cache\.nonDeterministic$/);
  });

  it('gives nothing for a hit, or a miss that was stored for the next run', () => {
    assert.equal(cacheSkipReason(req({ temperature: 0 }), res(), DEFAULTS), undefined);
    assert.equal(cacheSkipReason(req({ temperature: 0.7 }), res({ cache: 'disk' }), DEFAULTS), undefined);
    assert.equal(cacheSkipReason(req({ temperature: 0.7 }, { cacheNonDeterministic: true }), res(), DEFAULTS), undefined);
  });

  it('names the setting when the cache is off, the lifetime when it is 0, and an incomplete answer', () => {
    assert.match(cacheSkipReason(req({ temperature: 0 }), res(), { ...DEFAULTS, cacheEnabled: false }) ?? '', /promptmeter\.cache\.enabled/);
    assert.match(cacheSkipReason(req({ temperature: 0 }, { cacheTtlSeconds: 0 }), res(), DEFAULTS) ?? '', /cacheTtl in the file/);
    assert.match(cacheSkipReason(req({ temperature: 0 }), res(), { ...DEFAULTS, cacheTtlSeconds: 0 }) ?? '', /promptmeter\.cache\.ttlSeconds/);
    assert.match(cacheSkipReason(req({ temperature: 0 }), res({ finishReason: 'length' }), DEFAULTS) ?? '', /'length'.*complete answers/);
  });
});
