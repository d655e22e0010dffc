import assert from 'node:assert/strict';
import { dedupeStage } from '../../../src/core/client/dedupe';
import type { CallContext, ChatResponse } from '../../../src/core/client/types';
import { ctx, deferred, fakeNext, makeReq, makeResp, prices } from './pipeline-fakes';

describe('dedupeStage', () => {
  it('shares one next call among 20 identical concurrent requests and bills one of them', async () => {
    const gate = deferred<ChatResponse>();
    const next = fakeNext(() => gate.promise);
    const stage = dedupeStage({ prices });
    const runs = Array.from({ length: 20 }, () => stage(makeReq(), ctx(), next));
    gate.resolve(makeResp());
    const results = await Promise.all(runs);
    assert.equal(next.calls.length, 1);
    assert.equal(results.filter((r) => r.cache === 'miss').length, 1);
    const shared = results.filter((r) => r.cache === 'memory');
    assert.equal(shared.length, 19);
    assert.ok(shared.every((r) => r.text === 'Blue.' && r.usage.output === 0 && r.savedMicros.exactCache === 1200));
  });

  it('does not share different requests, or a finished call with later callers', async () => {
    const next = fakeNext();
    const stage = dedupeStage();
    await Promise.all([stage(makeReq(), ctx(), next), stage(makeReq({ model: 'strong-model' }), ctx(), next)]);
    await stage(makeReq(), ctx(), next);
    assert.equal(next.calls.length, 3);
  });

  it('delivers a failure to those waiting, then forgets it', async () => {
    const gate = deferred<ChatResponse>();
    let calls = 0;
    const stage = dedupeStage();
    const next = async () => { calls++; return calls === 1 ? gate.promise : makeResp(); };
    const a = stage(makeReq(), ctx(), next);
    const b = stage(makeReq(), ctx(), next);
    gate.reject(new Error('provider down'));
    await assert.rejects(a, /provider down/);
    await assert.rejects(b, /provider down/);
    assert.equal((await stage(makeReq(), ctx(), next)).text, 'Blue.');
    assert.equal(calls, 2);
  });

  it('one caller aborting leaves the shared call running for the others', async () => {
    const gate = deferred<ChatResponse>();
    let shared: CallContext | undefined;
    const next = fakeNext((_r, c) => { shared = c; return gate.promise; });
    const stage = dedupeStage();
    const quitter = new AbortController();
    const a = stage(makeReq(), { signal: quitter.signal }, next);
    const b = stage(makeReq(), ctx(), next);
    quitter.abort(new Error('user cancelled'));
    await assert.rejects(a, /user cancelled/);
    assert.equal(shared!.signal.aborted, false);
    gate.resolve(makeResp());
    const rb = await b;
    assert.equal(rb.text, 'Blue.');
    // The caller who left is not the one billed: the remaining caller pays.
    assert.equal(rb.cache, 'miss');
  });

  it('aborts the shared call when every caller aborts', async () => {
    let shared: AbortSignal | undefined;
    let calls = 0;
    const stage = dedupeStage();
    const next = async (_r: unknown, c: CallContext) => {
      calls++;
      if (calls > 1) return makeResp();
      shared = c.signal;
      return new Promise<ChatResponse>((_res, rej) => c.signal.addEventListener('abort', () => rej(c.signal.reason)));
    };
    const acs = [new AbortController(), new AbortController()];
    const runs = acs.map((ac) => stage(makeReq(), { signal: ac.signal }, next));
    acs[0].abort(new Error('gone'));
    assert.equal(shared!.aborted, false);
    acs[1].abort(new Error('gone'));
    for (const r of runs) await assert.rejects(r, /gone/);
    assert.equal(shared!.aborted, true);
    // A new caller starts a fresh call rather than joining the cancelled one.
    assert.equal((await stage(makeReq(), ctx(), next)).text, 'Blue.');
    assert.equal(calls, 2);
  });

  it('forwards streamed deltas to every waiting caller, replaying earlier ones to late joiners', async () => {
    const gate = deferred<ChatResponse>();
    let emit!: (d: string) => void;
    const next = fakeNext((_r, c) => { emit = c.onDelta!; return gate.promise; });
    const stage = dedupeStage();
    const seen: string[][] = [[], []];
    const req = makeReq({ stream: true });
    const a = stage(req, ctx({ onDelta: (d) => seen[0].push(d) }), next);
    emit('Bl');
    const b = stage(req, ctx({ onDelta: (d) => seen[1].push(d) }), next);
    emit('ue.');
    gate.resolve(makeResp());
    await Promise.all([a, b]);
    assert.equal(seen[0].join(''), 'Blue.');
    assert.equal(seen[1].join(''), 'Blue.');
    assert.equal(next.calls.length, 1);
  });
});
