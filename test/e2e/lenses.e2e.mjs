// The cost and token lenses in a real workbench, checked against the CLI's count of the same file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/workbench.mjs';
import { editorLine, escapeRegExp, formatCount, openFile, openWorkbench, waitForLens } from './workbench-page.mjs';
import { useWorkbench } from './workbench-suite.mjs';

const CLI = join(ROOT, 'dist', 'cli.js');

function countWithCli(file) {
  const out = execFileSync(process.execPath, [CLI, 'count', '--json', file], { encoding: 'utf8' });
  const result = JSON.parse(out);
  assert.deepEqual(result.errors ?? [], [], 'the CLI reported errors');
  assert.equal(result.files.length, 1);
  return result.files[0];
}

/** The first number in a file lens (`≈2,345 in + 500 out · ...`), as shown. */
const inputTokensShown = (lensText) => /([\d,]+) in\b/.exec(lensText)?.[1];
/** A file lens showing exactly `count` input tokens (not 12,345 when looking for 2,345). */
const fileLensWith = (count) => `(?:^|[^\\d,])${escapeRegExp(formatCount(count))} in\\b.*/call`;

describe('lenses.e2e', function () {
  this.timeout(180_000);
  const wb = useWorkbench({
    prefix: 'lenses',
    fill: (dir) => cpSync(join(ROOT, 'examples'), dir, { recursive: true }),
    viewport: { width: 1400, height: 900 },
    server: {
      settings: { 'editor.wordWrap': 'on', 'editor.minimap.enabled': false, 'editor.wordBasedSuggestions': 'off' },
    },
  });

  let file, fileLens;

  it('opens support.prompty through Quick Open', async () => {
    const { page, server, shot } = wb;
    await openWorkbench(page, server);
    await shot('workbench');
    await openFile(page, 'support.prompty');
    await shot('support-open');
  });

  it('shows the CLI\'s input tokens in the file lens and a message\'s tokens in its lens', async () => {
    const { page, workspace, shot } = wb;
    file = countWithCli(join(workspace, 'support.prompty'));
    assert.ok(file.messages.length > 0, 'the CLI found no messages');

    fileLens = await waitForLens(page, fileLensWith(file.inputTokens));
    const first = file.messages[0];
    const messageLens = await waitForLens(page, `${escapeRegExp(first.role)} · (?:≈\\s?)?${escapeRegExp(formatCount(first.tokens))} tokens`);
    await shot('lenses');
    assert.equal(inputTokensShown(fileLens), formatCount(file.inputTokens), fileLens);
    assert.match(messageLens, /tokens/);
  });

  it('updates the file lens while typing, and matches the CLI again after saving', async () => {
    assert.ok(fileLens, 'needs the lenses of the previous test');
    const { page, workspace, shot } = wb;
    const text = readFileSync(join(workspace, 'support.prompty'), 'utf8').split('\n');
    const roleLine = text.findIndex((l) => /^\s*system\s*:\s*$/i.test(l));
    const target = text.slice(roleLine + 1).find((l) => l.trim().length > 10);
    assert.ok(target, 'no system message line to type into');

    await editorLine(page, target.trim().slice(0, 40)).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Always answer in a friendly, concise tone and cite the relevant help-centre article.');
    await page.keyboard.press('Escape'); // closes a suggestion widget, if any, so the screenshot shows the lenses
    const edited = await waitForLens(page, '[\\d,]+ in\\b.*/call', { not: fileLens });
    await shot('edited');
    assert.notEqual(inputTokensShown(edited), inputTokensShown(fileLens));

    await page.keyboard.press('Control+S');
    await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
    const saved = countWithCli(join(workspace, 'support.prompty'));
    assert.ok(saved.inputTokens > file.inputTokens, 'the CLI does not see the typed sentence');
    const savedLens = await waitForLens(page, fileLensWith(saved.inputTokens));
    await shot('saved');
    assert.equal(inputTokensShown(savedLens), formatCount(saved.inputTokens));
  });

  it('shows a chat JSON file\'s tools and response schema on their own lines, as the CLI counts them', async () => {
    const { page, workspace, shot } = wb;
    const counted = countWithCli(join(workspace, 'triage.chat.json'));
    assert.ok(counted.tools && counted.schema, 'the CLI counts the tools and the schema');
    await openFile(page, 'triage.chat.json');
    await waitForLens(page, fileLensWith(counted.inputTokens));
    const tools = await waitForLens(page, `^tools · 2 functions · (?:≈\\s?)?${escapeRegExp(formatCount(counted.tools.tokens))} tokens`);
    const schema = await waitForLens(page, `^response schema · (?:≈\\s?)?${escapeRegExp(formatCount(counted.schema.tokens))} tokens`);
    // The schema's line is near the end of the file: show it in the screenshot.
    await editorLine(page, '"model": "gpt-4o-mini"').click();
    await page.keyboard.press('Control+End');
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'response schema' }).waitFor({ state: 'visible' });
    await shot('tools-and-schema');
    // Each line prices its own share at the model's input rate.
    for (const line of [tools, schema]) assert.match(line, / · ≈?\$\d/, line);
  });

  it('counts an inline image in a chat JSON file on its message and the file, as the CLI does', async () => {
    const { page, workspace, shot } = wb;
    const counted = countWithCli(join(workspace, 'alt-text.chat.json'));
    const user = counted.messages.find((m) => m.role === 'user');
    // The 64×48 image at low detail is 85 tokens on gpt-4o (OpenAI's vision guide), beside 7 of text.
    assert.equal(user.tokens, 92);
    await openFile(page, 'alt-text.chat.json');
    await waitForLens(page, fileLensWith(counted.inputTokens));
    await waitForLens(page, `^user · ${user.tokens} tokens`);
    await waitForLens(page, '^image · 85 tokens · \\$');
    await shot('image-chat-json');
  });
});
