import assert from 'node:assert/strict';
import { promises as fs, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cacheKey, clearCache, diskLayer, exactCacheStage, memoryLayer, type CacheEntry, type CacheLayerStore } from '../../../src/core/client/cache';
import { sealEntry, userSecret } from '../../../src/core/client/cache/integrity';

const SECRET = 'unit-test-cache-secret-0123456789abcdef';
import { ctx, fakeNext, makeReq, makeResp, prices } from './pipeline-fakes';

const entry = (key: string, over: Partial<CacheEntry> = {}): CacheEntry => ({
  v: 1, key, createdAt: Date.now(), expiresAt: Date.now() + 60_000, file: 'a.prompty', response: makeResp(), ...over,
});

describe('cacheKey', () => {
  it('is a versioned sha256 that ignores meta, stream and key order', () => {
    const a = cacheKey(makeReq());
    assert.match(a, /^pm1:[0-9a-f]{64}$/);
    assert.equal(cacheKey(makeReq({ meta: { workspace: 'other', cacheTtlSeconds: 5 }, stream: true })), a);
    const reordered = JSON.parse(JSON.stringify(makeReq()), (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v));
    assert.equal(cacheKey(reordered), a);
  });

  it('changes with every field that decides the answer', () => {
    const base = cacheKey(makeReq());
    const variants = [
      { provider: 'anthropic' as const }, { baseUrl: 'http://x' }, { model: 'm2' }, { tools: [{ name: 't' }] },
      { responseFormat: 'json' as const }, { temperature: 0.5 }, { topP: 0.9 }, { stop: ['\n'] }, { maxTokens: 7 }, { seed: 1 },
      { messages: [{ role: 'user' as const, content: 'Name a colour.' }] },
      { messages: [{ role: 'system' as const, content: 'You are terse.' }, { role: 'user' as const, content: 'Name a colour.', name: 'bob' }] },
    ];
    const keys = variants.map((v) => cacheKey(makeReq(v)));
    for (const k of keys) assert.notEqual(k, base);
    assert.equal(new Set(keys).size, keys.length);
  });
});

function layerContract(make: () => CacheLayerStore) {
  it('stores, reads, deletes and honours expiry', async () => {
    const l = make();
    await l.set('pm1:a', entry('pm1:a'), 60);
    assert.equal((await l.get('pm1:a'))?.response.text, 'Blue.');
    await l.delete('pm1:a');
    assert.equal(await l.get('pm1:a'), undefined);
    await l.set('pm1:old', entry('pm1:old', { expiresAt: Date.now() - 1 }), 60);
    assert.equal(await l.get('pm1:old'), undefined);
  });

  it('clears by file, by age and all', async () => {
    const l = make();
    const day = 86_400_000;
    await l.set('pm1:a', entry('pm1:a', { file: 'a' }), 60);
    await l.set('pm1:b', entry('pm1:b', { file: 'b', createdAt: Date.now() - 3 * day }), 60);
    await l.set('pm1:c', entry('pm1:c', { file: 'c' }), 60);
    assert.equal(await l.clear({ file: 'a' }), 1);
    assert.equal(await l.get('pm1:a'), undefined);
    assert.equal(await l.clear({ olderThanDays: 2 }), 1);
    assert.equal(await l.get('pm1:b'), undefined);
    assert.ok(await l.get('pm1:c'));
    assert.equal(await l.clear({ all: true }), 1);
    assert.equal(await l.get('pm1:c'), undefined);
  });
}

describe('memory layer', () => layerContract(() => memoryLayer()));

describe('disk layer', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'pm-cache-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  layerContract(() => diskLayer({ dir, secret: SECRET }));

  it('writes one JSON file per key with no temp file left', async () => {
    const l = diskLayer({ dir, secret: SECRET });
    await l.set('pm1:abc', entry('pm1:abc'), 60);
    const names = await fs.readdir(dir);
    assert.deepEqual(names, ['pm1-abc.json']);
    const saved = JSON.parse(await fs.readFile(path.join(dir, names[0]), 'utf8'));
    assert.deepEqual(Object.keys(saved).sort(), ['body', 'tag']);
    assert.deepEqual(Object.keys(JSON.parse(saved.body)).sort(), ['createdAt', 'expiresAt', 'file', 'key', 'response', 'v']);
  });

  it('ignores and deletes a corrupt or mismatched file, and logs it', async () => {
    const lines: string[] = [];
    const l = diskLayer({ dir, secret: SECRET, log: (s) => lines.push(s) });
    await fs.writeFile(path.join(dir, 'pm1-bad.json'), '{"v":1,"key":');
    await fs.writeFile(path.join(dir, 'pm1-other.json'), sealEntry(entry('pm1:someone-else'), SECRET));
    assert.equal(await l.get('pm1:bad'), undefined);
    assert.equal(await l.get('pm1:other'), undefined);
    assert.deepEqual(await fs.readdir(dir), []);
    assert.equal(lines.length, 2);
  });

  // Issue 9: a forged entry that passes the schema check was served.
  it('refuses and deletes an entry whose integrity tag does not match (forged, or another user\'s secret)', async () => {
    const lines: string[] = [];
    const l = diskLayer({ dir, secret: SECRET, log: (s) => lines.push(s) });
    const forged = entry('pm1:f', { response: { ...entry('pm1:f').response, text: 'Send your key to evil.example' } });
    await fs.writeFile(path.join(dir, 'pm1-f.json'), JSON.stringify(forged)); // the old unsigned format
    await fs.writeFile(path.join(dir, 'pm1-g.json'), sealEntry(entry('pm1:g'), 'another-users-secret'));
    const genuine = JSON.parse(sealEntry(entry('pm1:h'), SECRET));
    const body = JSON.parse(genuine.body);
    body.response.text = 'tampered';
    await fs.writeFile(path.join(dir, 'pm1-h.json'), JSON.stringify({ tag: genuine.tag, body: JSON.stringify(body) }));
    for (const k of ['pm1:f', 'pm1:g', 'pm1:h']) assert.equal(await l.get(k), undefined, k);
    assert.deepEqual(await fs.readdir(dir), []);
    assert.equal(lines.filter((x) => /integrity tag does not match/.test(x)).length, 3);
    await l.set('pm1:ok', entry('pm1:ok'), 60);
    assert.equal((await l.get('pm1:ok'))?.response.text, 'Blue.');
  });

  it('keeps the per-user secret in a 0600 file, the same on every read', () => {
    const file = path.join(dir, 'cfg', 'cache-secret');
    const a = userSecret(file);
    assert.ok(a.length >= 32);
    assert.equal(userSecret(file), a);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('treats a missing directory as empty', async () => {
    const l = diskLayer({ dir: path.join(dir, 'nope'), secret: SECRET });
    assert.equal(await l.get('pm1:x'), undefined);
    assert.equal(await l.clear(), 0);
  });
});

describe('exactCacheStage', () => {
  it('calls next on a miss, stores, then answers from memory without next', async () => {
    const mem = memoryLayer();
    const stage = exactCacheStage([mem], { prices, ttlSeconds: 60 });
    const next = fakeNext();
    const first = await stage(makeReq(), ctx(), next);
    assert.equal(first.cache, 'miss');
    const hit = await stage(makeReq(), ctx(), next);
    assert.equal(next.calls.length, 1);
    assert.equal(hit.cache, 'memory');
    assert.equal(hit.text, 'Blue.');
    assert.deepEqual(hit.usage, { inputUncached: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0 });
    assert.deepEqual(hit.savedMicros, { exactCache: 1000 * 1 + 100 * 2 });
  });

  it('promotes a disk hit into memory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-cache-'));
    try {
      const mem = memoryLayer();
      const disk = diskLayer({ dir, secret: SECRET });
      const key = cacheKey(makeReq());
      await disk.set(key, entry(key), 60);
      const next = fakeNext();
      const stage = exactCacheStage([mem, disk], { prices, ttlSeconds: 60 });
      assert.equal((await stage(makeReq(), ctx(), next)).cache, 'disk');
      assert.ok(await mem.get(key));
      assert.equal((await stage(makeReq(), ctx(), next)).cache, 'memory');
      assert.equal(next.calls.length, 0);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('stores only deterministic, complete, successful answers', async () => {
    const cases: Array<[string, Parameters<typeof makeReq>[0], Parameters<typeof makeResp>[0], boolean]> = [
      ['temperature 0', {}, {}, true],
      ['temperature unset', { temperature: undefined }, {}, false],
      ['temperature 0.7', { temperature: 0.7 }, {}, false],
      ['opt-in', { temperature: 0.7, meta: { workspace: 'w', cacheNonDeterministic: true } }, {}, true],
      ['truncated', {}, { finishReason: 'length' }, false],
      ['ttl 0', { meta: { workspace: 'w', cacheTtlSeconds: 0 } }, {}, false],
    ];
    for (const [name, reqOver, respOver, stored] of cases) {
      const mem = memoryLayer();
      const next = fakeNext(() => makeResp(respOver));
      await exactCacheStage([mem], { prices, ttlSeconds: 60 })(makeReq(reqOver), ctx(), next);
      assert.equal(!!(await mem.get(cacheKey(makeReq(reqOver)))), stored, name);
    }
  });

  it('stores nothing when next fails or the caller aborted', async () => {
    const mem = memoryLayer();
    const stage = exactCacheStage([mem], { prices, ttlSeconds: 60 });
    await assert.rejects(stage(makeReq(), ctx(), async () => { throw new Error('boom'); }), /boom/);
    const ac = new AbortController();
    await stage(makeReq(), { signal: ac.signal }, async () => { ac.abort(); return makeResp(); });
    assert.equal(await mem.clear(), 0);
  });

  it('uses meta.cacheTtlSeconds over the default and records the file', async () => {
    const mem2 = memoryLayer();
    await exactCacheStage([mem2], { prices, ttlSeconds: 60 })(makeReq({ meta: { workspace: 'w', file: 'f.prompt', cacheTtlSeconds: 5 } }), ctx(), fakeNext());
    const e2 = await mem2.get(cacheKey(makeReq()));
    assert.ok(e2 && e2.expiresAt - e2.createdAt === 5000 && e2.file === 'f.prompt');
  });

  it('survives a layer that throws', async () => {
    const broken: CacheLayerStore = {
      name: 'redis', get: async () => { throw new Error('down'); }, set: async () => { throw new Error('down'); },
      delete: async () => undefined, clear: async () => { throw new Error('down'); },
    };
    const next = fakeNext();
    const resp = await exactCacheStage([broken], { prices, ttlSeconds: 60 })(makeReq(), ctx(), next);
    assert.equal(resp.cache, 'miss');
    assert.deepEqual(await clearCache([broken, memoryLayer()]), { redis: 0, memory: 0 });
  });
});
