import { strict as assert } from 'node:assert';
import type { ChatResponse } from '../../../src/core/client/types';
import { PriceBook } from '../../../src/core/pricing/prices';
import { ZERO_USAGE } from '../../../src/core/pricing/usage';
import { baseUrlsFrom } from '../../../src/core/run/baseUrls';
import { runResultJson, runSummary, runSummaryLine } from '../../../src/core/run/summary';

const prices = new PriceBook();
const res = (o: Partial<ChatResponse> = {}): ChatResponse => ({
  text: 'hello', model: 'gpt-4o-mini', provider: 'openai', usage: { ...ZERO_USAGE, inputUncached: 1200, output: 300 },
  finishReason: 'stop', cache: 'miss', route: 'direct', savedMicros: {}, latencyMs: 1234, ...o,
});
const SKIP = 'temperature 0.2; set temperature 0 or promptmeter.cache.nonDeterministic';

describe('run summary (core, shared by the result tab and the CLI)', () => {
  it('the result tab says why the call was not cached', () => {
    const text = runSummary(res(), prices, SKIP);
    assert.match(text, new RegExp(`cache: {3}not cached: ${SKIP.replace(/\./g, '\\.')}`));
    assert.match(text, /tokens: {2}1,200 input \/ 0 cached \/ 300 output/);
    assert.match(text, /time: {4}1,234 ms/);
  });

  it('a hit bills nothing and shows the layer and the saving', () => {
    const text = runSummary(res({ cache: 'memory', usage: { ...ZERO_USAGE }, savedMicros: { exactCache: 1_234_567_890 } }), prices);
    assert.match(text, /cost: {4}\$0\.00\n/);
    assert.match(text, /cache: {3}hit \(memory\)/);
    assert.match(text, /saved: {3}\$1,234\.57 \(exact cache\)/);
  });

  it('an unpriced model costs "unpriced", never $0, in the text, the line and the JSON', () => {
    const r = res({ model: 'my-local-llama' });
    assert.match(runSummary(r, prices), /cost: {4}unpriced/);
    assert.match(runSummaryLine(r, prices), / · cost: unpriced · /);
    assert.equal(runResultJson(r, prices).costUSD, null);
  });

  it('the CLI line and JSON carry the same reason', () => {
    assert.match(runSummaryLine(res(), prices, SKIP), /^gpt-4o-mini · direct · cache: not cached: temperature 0\.2; .* · cost: \$0\.\d+ · 1,234 ms$/);
    assert.equal(runResultJson(res(), prices, SKIP).cacheSkip, SKIP);
    assert.equal(runResultJson(res(), prices).cacheSkip, null);
  });
});

describe('base URLs (core, shared by the editor settings and the CLI environment)', () => {
  it('prefers the setting, then the environment, and drops trailing slashes and blanks', () => {
    assert.deepEqual(baseUrlsFrom({ openaiBaseUrl: ' http://a/v1/ ', anthropicBaseUrl: '  ' }, { ANTHROPIC_BASE_URL: 'http://b//', OPENAI_BASE_URL: 'http://x' }),
      { openai: 'http://a/v1', anthropic: 'http://b' });
    assert.deepEqual(baseUrlsFrom({ openaiBaseUrl: '', anthropicBaseUrl: '' }, {}), { openai: '', anthropic: '' });
  });
});
