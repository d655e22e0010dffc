// microsoft/prompty's cross-runtime render and parse vectors and its Jinja render goldens (75e4d0e, MIT), through
// the core renderer (test/fixtures/prompty-spec).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expandRich, renderPromptyText, splitRendered } from '../../../src/core/render/prompty';
import type { RenderedMessage } from '../../../src/core/render/types';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'prompty-spec');
const read = (f: string) => JSON.parse(readFileSync(path.join(DIR, f), 'utf8'));

interface Vector { name: string; stage: string; input: Record<string, any>; expected: Record<string, any> }
const vectors: Vector[] = read('vectors.render-parse.json');

/** Prompty's `{kind: 'text', value}` parts in our `{type: 'text', text}` shape. */
const ours = (messages: Array<{ role: string; content: Array<{ kind: string; value: string }>; metadata?: object }>): RenderedMessage[] =>
  messages.map((m) => ({ role: m.role, content: m.content.map((p) => ({ type: 'text' as const, text: p.value })), ...(m.metadata ? { metadata: m.metadata as Record<string, unknown> } : {}) }));

describe('Prompty render vectors', () => {
  for (const v of vectors.filter((x) => x.stage === 'render')) {
    it(`${v.name}: ${v.input.engine}`, () => {
      const inputs: Record<string, unknown> = { ...v.input.inputs };
      // A thread value carries its kind (`_kind: thread`) in the vector; a file declares it under `inputs`.
      const rich = new Map(Object.entries(inputs).filter(([, x]) => (x as { _kind?: string })?._kind === 'thread').map(([k]) => [k, 'thread']));
      const rendered = renderPromptyText(v.input.template, v.input.engine === 'mustache' ? 'mustache' : 'jinja2', inputs, rich);
      if (v.expected.nonce_pattern) assert.match(rendered, new RegExp(v.expected.nonce_pattern));
      else assert.equal(rendered, v.expected.rendered);
    });
  }
});

describe('Prompty parse vectors', () => {
  for (const v of vectors.filter((x) => x.stage === 'parse')) {
    it(v.name, () => {
      const threads: Record<string, unknown[]> = v.input.thread_inputs ?? {};
      const rich = new Map(Object.keys(threads).map((k) => [k, 'thread']));
      const values = Object.fromEntries(Object.entries(threads).map(([k, msgs]) => [k, msgs]));
      assert.deepEqual(expandRich(splitRendered(v.input.rendered), rich, values), ours(v.expected.messages));
    });
  }
});

/** The Python runtime's strict-mode goldens check its injection guard, which renders nothing different when off. */
const STRICT_ONLY = new Set(['strict_forged_boundary_throws', 'strict_multiline_boundary_throws']);
/** Nunjucks loops over an object only as `for k, v in m`; Jinja2 (and this golden) also as `for k in m`. README names it. */
const NUNJUCKS_DIFFERS = new Set(['for_over_dict_keys']);

describe('Prompty Jinja render goldens', () => {
  const goldens: Array<{ name: string; template: string; inputs: Record<string, unknown>; rendered?: string; error?: string }> = read('jinja-render-golden.json');
  for (const g of goldens) {
    it(g.name, function () {
      if (STRICT_ONLY.has(g.name) || NUNJUCKS_DIFFERS.has(g.name)) this.skip();
      assert.equal(renderPromptyText(g.template, 'jinja2', g.inputs, new Map()), g.rendered);
    });
  }
});
