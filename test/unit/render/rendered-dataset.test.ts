// Issue 10, "Rendered counts": a dataset beside the prompt lends its first row to the rendered count; the hover and
// `count --json` say which values came from it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { runCommand } from '../../../src/cli/run';
import { analyzePrompt } from '../../../src/core/analysis/analyze';
import { firstDatasetRow } from '../../../src/core/dataset/firstRow';
import { PriceBook } from '../../../src/core/pricing/prices';
import { parsePrompt } from '../../../src/core/prompt';
import { describeUsed } from '../../../src/core/render/renderedCount';
import { countChat } from '../../../src/core/tokens';
import { DocumentAnalyzer } from '../../../src/editor/analysis/analyzer';

const PROMPT = `---
model:
  id: gpt-4o
inputs:
  - name: customer
    default: Jane
  - name: question
    default: Where is my order?
---
system:
You answer {{customer}} politely.

user:
{{question}}
`;
const LONG_QUESTION = 'My tent arrived with a broken pole and a torn rain fly; what are my options for a replacement before the weekend?';

describe('rendered count from the first row of a dataset beside the prompt', () => {
  let dir: string;
  const file = () => path.join(dir, 'support.prompty');
  const analyze = () => {
    const doc = parsePrompt(PROMPT, file());
    return analyzePrompt(doc, { model: 'gpt-4o', prices: new PriceBook(), expectedOutputTokens: 100, render: { dataset: firstDatasetRow(file(), doc) } });
  };
  const io = (out: string[]) => ({ stdout: (t: string) => { out.push(t); }, stderr: () => {}, cwd: dir, env: {} });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pm-rendered-dataset-'));
    writeFileSync(file(), PROMPT);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('renders with the first row\'s values over the defaults, and says where each value came from', async () => {
    writeFileSync(path.join(dir, 'support.dataset.jsonl'), `${JSON.stringify({ question: LONG_QUESTION, expected: 'x' })}\n${JSON.stringify({ question: 'second' })}\n`);
    const a = analyze();
    assert.ok(a.rendered);
    const used = Object.fromEntries(a.rendered.used.map((u) => [u.name, u]));
    assert.deepEqual([used.question?.value, used.question?.from], [LONG_QUESTION, 'dataset']);
    assert.deepEqual([used.customer?.value, used.customer?.from], ['Jane', 'default']);
    assert.deepEqual(describeUsed(a.rendered.used, 200).sort(), [
      'customer = "Jane" (default or sample)',
      `question = ${JSON.stringify(LONG_QUESTION)} (first dataset row, support.dataset.jsonl, line 1)`,
    ]);
    // The same count as the request run prints for those values.
    writeFileSync(path.join(dir, 'row.json'), JSON.stringify({ question: LONG_QUESTION }));
    const out: string[] = [];
    assert.equal(await runCommand(['support.prompty', '--input', 'row.json', '--dry-run', '--json'], io(out)), 0);
    const { request } = JSON.parse(out.join('')) as { request: { messages: { role: string; content: string }[] } };
    assert.equal(a.rendered.inputTokens, countChat('gpt-4o', request.messages).inputTokens);
  });

  it('skips rows that do not fit the prompt (a CSV with a bad first row) and follows edits to the dataset', () => {
    const csv = path.join(dir, 'support.dataset.csv');
    writeFileSync(csv, `question,customer\nonly one cell,Bob,extra\nShort question?,Ann\n`);
    const first = analyze().rendered?.used.find((u) => u.name === 'customer');
    assert.deepEqual([first?.value, first?.from, first?.where], ['Ann', 'dataset', 'support.dataset.csv, line 3']);
    writeFileSync(csv, 'question,customer\nAnother question entirely?,Zoe\n');
    assert.equal(analyze().rendered?.used.find((u) => u.name === 'customer')?.value, 'Zoe');
  });

  it('keeps the defaults when there is no dataset, and count --json names the row it used', async () => {
    assert.ok(analyze().rendered?.used.every((u) => u.from === 'default'));
    writeFileSync(path.join(dir, 'support.dataset.jsonl'), `${JSON.stringify({ question: LONG_QUESTION })}\n`);
    const out: string[] = [];
    assert.equal(await main(['count', '--json', 'support.prompty'], io(out)), 0);
    const rendered = JSON.parse(out.join('')).files[0].rendered;
    assert.deepEqual(rendered.datasetRow, { path: 'support.dataset.jsonl', line: 1 });
    assert.equal(rendered.values.question, LONG_QUESTION);
    assert.equal(rendered.inputTokens, analyze().rendered?.inputTokens);
  });

  it('the editor\'s analysis (as the worker runs it) renders with the dataset row too', () => {
    writeFileSync(path.join(dir, 'support.dataset.jsonl'), `${JSON.stringify({ question: LONG_QUESTION })}\n`);
    const job = { uri: 'file:///support.prompty', version: 1, text: PROMPT, fileName: file(), format: 'prompty' as const, defaultModel: 'gpt-4o', expectedOutputTokens: 100, prices: {}, filePath: file() };
    const out = new DocumentAnalyzer().analyze(job);
    assert.equal(out.kind, 'ok');
    if (out.kind !== 'ok') return;
    assert.equal(out.analysis.rendered?.used.find((u) => u.name === 'question')?.from, 'dataset');
    assert.equal(out.analysis.rendered?.inputTokens, analyze().rendered?.inputTokens);
  });
});
