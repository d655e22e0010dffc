// Issue 10 acceptance "Conformance": every rendering case of google/dotprompt's spec suite and every Prompty file
// (microsoft/prompty spec fixtures and the rest of its .prompty files, test/fixtures/corpus/prompty) through
// `promptmeter run --dry-run --json --input FILE`.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCommand } from '../../../src/cli/run';
import { inputObject, specCases, specFiles } from '../../support/dotpromptSpec';

const PROMPTY_DIR = path.join(__dirname, '..', '..', 'fixtures', 'corpus', 'prompty');

interface DryRun { request: { model: string; temperature?: number; messages: Array<{ role: string; content: string; parts?: unknown[] }> }; rendered: { format: string; messages: any[]; warnings: string[] } }

async function dryRun(cwd: string, args: string[]): Promise<{ code: number; out?: DryRun; err: string }> {
  let out = ''; let err = '';
  const code = await runCommand([...args, '--dry-run', '--json'], { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd, env: {} });
  return { code, out: code === 0 ? JSON.parse(out) : undefined, err };
}

const ROLE: Record<string, string> = { model: 'assistant' };

describe('conformance through run --dry-run --json --input', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'pm-conf-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('google/dotprompt spec suite', () => {
    for (const file of specFiles()) {
      for (const c of specCases(file)) {
        it(`${c.file} ${c.suite}: ${c.desc}`, async () => {
          writeFileSync(path.join(dir, 'case.prompt'), c.template);
          mkdirSync(path.join(dir, 'partials'));
          for (const [name, source] of Object.entries(c.partials)) writeFileSync(path.join(dir, 'partials', `${name}.prompt`), source);
          writeFileSync(path.join(dir, 'input.json'), JSON.stringify(inputObject(c)));
          // A template without a model needs one named to build a request; the spec's own `model:` is kept.
          const r = await dryRun(dir, ['case.prompt', '--input', 'input.json', ...(/^model:/m.test(c.template) ? [] : ['--model', 'gpt-4o'])]);
          assert.equal(r.code, 0, r.err);
          const { request, rendered } = r.out!;
          assert.equal(rendered.format, 'dotprompt');
          assert.deepEqual(rendered.messages, c.expect.messages);
          // The request carries the same messages: model as assistant, text joined, media as parts.
          const sent = (c.expect.messages as any[]).filter((m) => m.content.some((p: any) => p.text !== undefined || p.media));
          assert.deepEqual(request.messages.map((m) => [m.role, m.content]),
            sent.map((m) => [ROLE[m.role] ?? m.role, m.content.map((p: any) => p.text ?? '').join('')]));
          assert.equal(request.messages.filter((m) => m.parts).length, sent.filter((m) => m.content.some((p: any) => p.media)).length);
          if (c.expect.model) assert.equal(request.model, c.expect.model);
          if (c.expect.config?.temperature !== undefined) assert.equal(request.temperature, c.expect.config.temperature);
        });
      }
    }
  });

  describe('Prompty files', () => {
    const files = readdirSync(PROMPTY_DIR).filter((f) => f.endsWith('.prompty')).sort();
    it('has the spec fixtures among them', () => assert.ok(files.filter((f) => f.startsWith('spec_fixtures_')).length >= 12));
    for (const f of files) {
      it(f, async () => {
        writeFileSync(path.join(dir, 'input.json'), '{}');
        const r = await dryRun(PROMPTY_DIR, [f, '--input', path.join(dir, 'input.json'), '--model', 'gpt-4o']);
        assert.equal(r.code, 0, r.err);
        const { request, rendered } = r.out!;
        assert.equal(rendered.format, 'prompty');
        assert.ok(request.messages.length > 0, 'some message');
        // Rendered: no template syntax is left over, and a missing input was named, not fatal.
        for (const m of request.messages) assert.doesNotMatch(m.content, /\{\{[^}]*\}\}|\{%[^%]*%\}/, `${m.role}: ${m.content.slice(0, 80)}`);
        for (const w of rendered.warnings) assert.match(r.err, new RegExp(w.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      });
    }

    it('a v1 chat-history loop renders the history as messages (docs hello.prompty)', async () => {
      const input = { chat_history: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello, Jane!' }], input: 'Tell me a joke.' };
      writeFileSync(path.join(dir, 'in.json'), JSON.stringify(input));
      const r = await dryRun(PROMPTY_DIR, ['web_src_content_docs_assets_code_hello.prompty', '--input', path.join(dir, 'in.json')]);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(r.out!.request.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
      assert.deepEqual(r.out!.request.messages.slice(1).map((m) => m.content), ['Hi', 'Hello, Jane!', 'Tell me a joke.']);
    });

    it('a thread input expands into messages where it stands (spec threaded.prompty)', async () => {
      writeFileSync(path.join(dir, 'in.json'), JSON.stringify({ conversation: [{ role: 'user', content: 'prev q' }, { role: 'assistant', content: 'prev a' }] }));
      const r = await dryRun(PROMPTY_DIR, ['spec_fixtures_threaded.prompty', '--input', path.join(dir, 'in.json')]);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(r.out!.request.messages.map((m) => [m.role, m.content]),
        [['system', 'You are a helpful assistant.'], ['user', 'prev q'], ['assistant', 'prev a'], ['user', 'Hello']]);
    });

    it('an image input is a media part of the message (spec multimodal.prompty)', async () => {
      writeFileSync(path.join(dir, 'in.json'), JSON.stringify({ photo: 'https://example.com/cat.png' }));
      const r = await dryRun(PROMPTY_DIR, ['spec_fixtures_multimodal.prompty', '--input', path.join(dir, 'in.json')]);
      assert.equal(r.code, 0, r.err);
      const withMedia = r.out!.request.messages.find((m) => m.parts);
      assert.deepEqual(withMedia?.parts, [{ type: 'text', text: 'You can see images and hear audio.' }, { type: 'media', url: 'https://example.com/cat.png', contentType: 'image/png' }]);
      assert.match(r.err, /input 'recording' has no value/);
    });
  });
});
