import assert from 'node:assert/strict';
import { DEFAULT_ROUTE, requestFromDocument, splitModelId } from '../../../src/core/client/request';
import { parsePrompt } from '../../../src/core/prompt';

const base = { vars: {}, baseUrls: { openai: 'http://o', anthropic: 'http://a' }, workspace: '/ws' };

describe('requestFromDocument', () => {
  it('builds an OpenAI request from a Prompty file with its parameters', () => {
    const doc = parsePrompt('---\nmodel:\n  configuration: {type: openai, name: gpt-4o-mini}\n  parameters: {max_tokens: 80, temperature: 0, response_format: {type: json_object}}\n---\nuser:\nJSON please about {{x}}\n', 'a.prompty');
    const req = requestFromDocument(doc, { ...base, vars: { x: 'cats' }, file: 'a.prompty' });
    assert.deepEqual(
      { provider: req.provider, baseUrl: req.baseUrl, model: req.model, maxTokens: req.maxTokens, temperature: req.temperature, responseFormat: req.responseFormat, file: req.meta.file },
      { provider: 'openai', baseUrl: 'http://o', model: 'gpt-4o-mini', maxTokens: 80, temperature: 0, responseFormat: 'json', file: 'a.prompty' },
    );
    assert.deepEqual(req.messages, [{ role: 'user', content: 'JSON please about cats' }]);
  });

  it('infers Anthropic from the model and strips provider prefixes; a picked model wins', () => {
    const doc = parsePrompt('---\nmodel: gpt-4o\n---\nHi\n', 'a.prompt');
    const picked = requestFromDocument(doc, { ...base, model: 'claude-sonnet-4-5' });
    assert.equal(picked.provider, 'anthropic');
    assert.equal(picked.baseUrl, 'http://a');
    assert.deepEqual(splitModelId('anthropic/claude-x'), { provider: 'anthropic', model: 'claude-x' });
    assert.deepEqual(splitModelId('meta-llama/llama-3'), { provider: 'openai', model: 'meta-llama/llama-3' });
  });

  it('keeps auto for the router with the frontmatter route, else the default route', () => {
    const withRoute = parsePrompt('---\nmodel: auto\nroute:\n  cheap: gpt-4.1-mini\n  strong: gpt-4.1\n  fallback: [gpt-4o]\n---\nHi\n', 'a.prompt');
    const req = requestFromDocument(withRoute, base);
    assert.equal(req.model, 'auto');
    assert.deepEqual(req.meta.route, { cheap: 'gpt-4.1-mini', strong: 'gpt-4.1', cascade: true, fallback: ['gpt-4o'] });
    const plain = requestFromDocument(parsePrompt('---\nmodel: auto\n---\nHi\n', 'a.prompt'), base);
    assert.deepEqual(plain.meta.route, DEFAULT_ROUTE);
  });

  it('refuses a file with no model unless a default is given', () => {
    const doc = parsePrompt('Hello', 'a.prompt.txt');
    assert.throws(() => requestFromDocument(doc, base), /no model/);
    assert.equal(requestFromDocument(doc, { ...base, defaultModel: 'gpt-4o' }).model, 'gpt-4o');
  });
});
