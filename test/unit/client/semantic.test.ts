import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { guardAllows, negationsOf, numbersOf, openAIEmbedder, semanticCacheStage, semanticStore, type Embedder } from '../../../src/core/client/semantic';
import type { ChatRequest } from '../../../src/core/client/types';
import { embed as bagOfWords, startProviderServer, type ProviderServer } from '../../support/providerServer';
import { ctx, fakeNext, makeReq, makeResp, prices } from './pipeline-fakes';

const fakeEmbed: Embedder = async (texts) => texts.map((t) => Array.from(bagOfWords(t)));
const ask = (content: string, over: Partial<ChatRequest> = {}) =>
  makeReq({ messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content }], ...over });

describe('semantic guard', () => {
  it('finds negations and numbers', () => {
    assert.deepEqual(negationsOf("Don't use commas, never semicolons"), ["don't", 'never']);
    assert.deepEqual(numbersOf('List 3 items under 1,000 words, twice'), ['3', '1000', 'twice']);
  });

  it('refuses pairs that differ in negation or numbers only', () => {
    assert.equal(guardAllows('Summarise the article in plain words', 'Please summarise the article in plain words'), true);
    assert.equal(guardAllows('Use commas', 'Do not use commas'), false);
    assert.equal(guardAllows('Write a poem with rhymes', 'Write a poem without rhymes'), false);
    assert.equal(guardAllows('Give 3 examples', 'Give 5 examples'), false);
    assert.equal(guardAllows('Give three examples', 'Give 3 examples'), false);
  });
});

describe('semanticCacheStage', () => {
  const stageWith = (threshold = 0.8) => semanticCacheStage({ embed: fakeEmbed, store: semanticStore(), threshold, prices });

  it('reuses the answer to a similar prompt with the same system prompt and parameters', async () => {
    const stage = stageWith();
    const next = fakeNext();
    await stage(ask('Please summarise this article about rivers in plain words'), ctx(), next);
    const hit = await stage(ask('Summarise this article about rivers in plain words'), ctx(), next);
    assert.equal(next.calls.length, 1);
    assert.equal(hit.cache, 'semantic');
    assert.equal(hit.usage.inputUncached, 0);
    assert.equal(hit.savedMicros.semanticCache, 1200);
  });

  it('compares only prompts with identical system prompt, history and sampling parameters', async () => {
    const stage = stageWith();
    const next = fakeNext();
    const q = 'Summarise this article about rivers in plain words';
    await stage(ask(q), ctx(), next);
    await stage(makeReq({ messages: [{ role: 'system', content: 'You are verbose.' }, { role: 'user', content: q }] }), ctx(), next);
    await stage(ask(q, { maxTokens: 50 }), ctx(), next);
    await stage(ask(q, { model: 'strong-model' }), ctx(), next);
    assert.equal(next.calls.length, 4);
  });

  it('never answers across a negation or a number even above the threshold', async () => {
    const stage = stageWith(0.5);
    const next = fakeNext();
    await stage(ask('List 3 rivers in Europe'), ctx(), next);
    assert.equal((await stage(ask('List 4 rivers in Europe'), ctx(), next)).cache, 'miss');
    assert.equal((await stage(ask('List 3 rivers not in Europe'), ctx(), next)).cache, 'miss');
    assert.equal(next.calls.length, 3);
  });

  it('stores only deterministic successful answers, and treats an embeddings failure as a miss', async () => {
    const store = semanticStore();
    const stage = semanticCacheStage({ embed: fakeEmbed, store, threshold: 0.8 });
    await stage(ask('hello there', { temperature: 0.9 }), ctx(), fakeNext());
    await stage(ask('hello there'), ctx(), fakeNext(() => makeResp({ finishReason: 'length' })));
    assert.equal(await store.clear(), 0);
    const lines: string[] = [];
    const broken = semanticCacheStage({ embed: async () => { throw new Error('no endpoint'); }, store, threshold: 0.8 });
    const r = await broken(ask('hello there'), ctx({ log: (s) => lines.push(s) }), fakeNext());
    assert.equal(r.cache, 'miss');
    assert.match(lines[0], /embeddings failed/);
  });

  it('persists entries to a JSON file and ignores a corrupt one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-sem-'));
    try {
      const file = path.join(dir, 'semantic.json');
      const s1 = semanticCacheStage({ embed: fakeEmbed, store: semanticStore({ file }), threshold: 0.8 });
      await s1(ask('What is the capital of France'), ctx(), fakeNext());
      assert.equal(JSON.parse(readFileSync(file, 'utf8')).entries.length, 1);
      const next = fakeNext();
      const s2 = semanticCacheStage({ embed: fakeEmbed, store: semanticStore({ file }), threshold: 0.8 });
      assert.equal((await s2(ask('what is the capital of France?'), ctx(), next)).cache, 'semantic');
      writeFileSync(file, '{oops');
      const s3 = semanticCacheStage({ embed: fakeEmbed, store: semanticStore({ file }), threshold: 0.8 });
      assert.equal((await s3(ask('What is the capital of France'), ctx(), next)).cache, 'miss');
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('openAIEmbedder (test provider server, real openai SDK)', () => {
  let server: ProviderServer;
  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });

  it('returns one vector per text in order', async () => {
    const e = openAIEmbedder({ baseURL: server.openaiBaseUrl, apiKey: 'sk-test-embed', model: 'text-embedding-3-small' });
    const [a, b] = await e(['red apple', 'green pear']);
    assert.equal(a.length, 256);
    assert.deepEqual(a, Array.from(bagOfWords('red apple')));
    assert.deepEqual(b, Array.from(bagOfWords('green pear')));
    const req = server.requestsTo('/embeddings')[0];
    assert.equal(req.body.model, 'text-embedding-3-small');
  });
});
