// Lint in a real workbench: a fixture with a PM101 and a PM201 problem, both quick-fixes applied through the
// Control+. menu, the diagnostics gone and the file lens total dropping by what the fixes state / the CLI counts.
// Then Fix All on a fixture where PM101 and PM104 share a line and two lines only repeat once their filler is gone:
// the lens states what Fix All saves, Fix All applies exactly that (as `lint --fix` does), and one Ctrl+Z undoes it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/workbench.mjs';
import { escapeRegExp, formatCount, lenses, openFile, openWorkbench, waitForLens } from './workbench-page.mjs';
import { useWorkbench } from './workbench-suite.mjs';

const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'lint', 'cache-order.prompty');
const NAME = 'cache-order.prompty';
const FIX_ALL_FIXTURE = join(ROOT, 'test', 'fixtures', 'lint', 'fix-all.prompty');
const FIX_ALL = 'fix-all.prompty';

const PM101_TITLE = "Remove filler 'Please' (saves 1 token)";
const PM201_TITLE = "Move '{{customer_name}}' to the end of the last user message (caches 343 more tokens)";

function cli(...args) {
  // `lint` exits 1 when it finds errors; these are warnings, so any non-zero exit is a failure here too.
  return JSON.parse(execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8' }));
}
function countWithCli(file) {
  const result = cli('count', '--json', file);
  assert.deepEqual(result.errors ?? [], [], 'the CLI reported errors');
  return result.files[0].inputTokens;
}
const lintWithCli = (file) => cli('lint', '--json', file).files[0].findings;
/** The static tokens behind '{{customer_name}}' that the PM201 message (and the fix title) states. */
const staticTokensInMessage = (findings) =>
  Number(/comes before ([\d,]+) static tokens/.exec(findings.find((f) => f.ruleId === 'PM201')?.message)?.[1].replace(/,/g, ''));

/** The file lens (`362 in + 400 out · $0.0049/call · gpt-4o`) showing `count` input tokens, not 1,362. */
const fileLensWith = (count) => `(?:^|[^\\d,])${escapeRegExp(formatCount(count))} in\\b.*/call`;
/** The lint lens beside it, e.g. `2 fixes save 1 token`. */
const fixesLens = (fixes, saved) => saved === 0
  ? `(?:^|\\| )${fixes} ${fixes === 1 ? 'fix' : 'fixes'} available$`
  : `(?:^|\\| )${fixes} ${fixes === 1 ? 'fix saves' : 'fixes save'} ${saved} ${saved === 1 ? 'token' : 'tokens'}$`;
const inputTokensShown = (lensText) => Number(/([\d,]+) in\b/.exec(lensText)?.[1].replace(/,/g, ''));

/**
 * Scrolls to line 1 (lenses are drawn only for visible lines, and one scrolled out of view keeps its old text)
 * and waits for the file lens showing `count` input tokens.
 */
async function fileLensShowing(page, count) {
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+Home');
  return waitForLens(page, fileLensWith(count));
}

async function save(page) {
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+S');
  await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
}

/** The file's text once the workbench's write has reached the disk (the tab may look saved a moment earlier). */
async function savedText(path, expected, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let text = readFileSync(path, 'utf8');
  while (text !== expected && Date.now() < deadline) {
    await new Promise((resolve) => { const w = watch(path, () => { w.close(); resolve(); }); setTimeout(() => { w.close(); resolve(); }, 250); });
    text = readFileSync(path, 'utf8');
  }
  return text;
}

/** Problems panel rows for one rule code (the panel must be open). */
const problemRows = (page, code) =>
  page.locator('.markers-panel .monaco-list-row', { hasText: code });
/** Warning squiggles in the editor (both findings are warnings). */
const squiggles = (page) => page.locator('.editor-instance .monaco-editor .squiggly-warning');

/** Moves the cursor with Go to Line (Control+G), `line` and `column` 1-based. */
async function goTo(page, line, column) {
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  await page.locator('.editor-instance .monaco-editor .cursors-layer .cursor').first().waitFor();
}

/**
 * Opens the quick-fix menu at the cursor and applies the action titled `title`, with the keyboard: a mouse click
 * on the row lands on the widget's `.context-view-pointerBlock`. `onMenu` runs while the menu is open.
 */
async function applyQuickFix(page, title, onMenu) {
  await page.keyboard.press('Control+.');
  const widget = page.locator('.action-widget');
  await widget.waitFor();
  const row = widget.locator('.monaco-list-row.action', { hasText: title });
  try {
    await row.first().waitFor({ timeout: 10_000 });
  } catch (e) {
    const seen = await widget.locator('.monaco-list-row').allTextContents().catch(() => []);
    throw new Error(`no quick fix "${title}"; menu rows: ${JSON.stringify(seen)}`, { cause: e });
  }
  assert.equal(await row.count(), 1, `"${title}" is offered more than once`);
  await onMenu?.();
  const rows = await widget.locator('.monaco-list-row.action').count();
  for (let i = 0; i <= rows && (await widget.locator('.monaco-list-row.focused').getAttribute('aria-label')) !== title; i++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.equal(await widget.locator('.monaco-list-row.focused').getAttribute('aria-label'), title, 'could not focus the fix');
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
}

describe('lint.e2e', function () {
  this.timeout(180_000);
  const wb = useWorkbench({
    prefix: 'lint',
    fill: (dir) => { copyFileSync(FIXTURE, join(dir, NAME)); copyFileSync(FIX_ALL_FIXTURE, join(dir, FIX_ALL)); },
    // No wrapping and a tall window: every line of the fixture, and the file lens on line 1, stays in view.
    viewport: { width: 1600, height: 1700 },
    server: {
      settings: {
        'editor.wordWrap': 'off', 'editor.minimap.enabled': false, 'editor.wordBasedSuggestions': 'off',
        'editor.scrollBeyondLastLine': false, 'editor.stickyScroll.enabled': false, 'editor.lightbulb.enabled': 'on',
      },
    },
  });
  let file, findings, tokens, fileLens;
  before(() => { file = join(wb.workspace, NAME); });

  it('opens the fixture and shows its PM101 and PM201 problems and the file lens', async () => {
    const { page, server, shot } = wb;
    findings = lintWithCli(file);
    assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['PM101', 'PM201'], 'the fixture changed');
    assert.equal(staticTokensInMessage(findings), 343, 'the fixture changed: PM201_TITLE states 343 tokens');
    tokens = countWithCli(file);

    await openWorkbench(page, server);
    await openFile(page, NAME);
    fileLens = await fileLensShowing(page, tokens);
    await waitForLens(page, fixesLens(2, 1));
    await page.keyboard.press('Control+Shift+M');
    await problemRows(page, 'PM101').first().waitFor();
    await problemRows(page, 'PM201').first().waitFor();
    await squiggles(page).first().waitFor();
    await shot('problems');
    assert.equal(inputTokensShown(fileLens), tokens);
    assert.equal(await problemRows(page, 'PM101').count(), 1);
    assert.equal(await problemRows(page, 'PM201').count(), 1);
    assert.equal(await squiggles(page).count(), 2);
  });

  it('PM101 quick fix: the diagnostic goes and the file lens drops by the stated 1 token', async () => {
    assert.ok(fileLens, 'needs the previous test');
    const { page, shot } = wb;
    const pm101 = findings.find((f) => f.ruleId === 'PM101');
    await goTo(page, pm101.range.start.line + 1, pm101.range.start.character + 2);
    await applyQuickFix(page, PM101_TITLE, () => shot('pm101-menu'));

    const stated = Number(/saves (\d+) token/.exec(PM101_TITLE)[1]);
    await problemRows(page, 'PM101').waitFor({ state: 'detached' });
    fileLens = await fileLensShowing(page, tokens - stated);
    await waitForLens(page, fixesLens(1, 0));
    await shot('pm101-fixed');
    assert.equal(tokens - inputTokensShown(fileLens), stated);
    assert.equal(await problemRows(page, 'PM201').count(), 1, 'the PM201 problem should still be there');
    assert.equal(await squiggles(page).count(), 1);

    // The CLI agrees on the saved file, and states what the PM201 fix now caches.
    await save(page);
    assert.equal(countWithCli(file), tokens - stated);
    findings = lintWithCli(file);
    assert.deepEqual(findings.map((f) => f.ruleId), ['PM201']);
    assert.match(readFileSync(file, 'utf8'), /\nAnswer in the language/, 'the PM101 fix did not remove "Please "');
    tokens -= stated;
  });

  it('PM201 quick fix: the diagnostics are gone and the lens total changes by what the CLI counts', async () => {
    assert.equal(inputTokensShown(fileLens ?? ''), tokens, 'needs the previous test');
    const { page, shot } = wb;
    const pm201 = findings.find((f) => f.ruleId === 'PM201');
    // Removing 'Please' took one static token from behind '{{customer_name}}': the title says 342 now.
    const title = PM201_TITLE.replace('343', String(staticTokensInMessage(findings)));
    await goTo(page, pm201.range.start.line + 1, pm201.range.start.character + 3);
    await applyQuickFix(page, title, () => shot('pm201-menu'));

    await problemRows(page, 'PM201').waitFor({ state: 'detached' });
    await squiggles(page).first().waitFor({ state: 'detached' });
    await lenses(page, /fix(es)? (saves?|available)/).first().waitFor({ state: 'detached' });
    await save(page);
    const after = countWithCli(file);
    fileLens = await fileLensShowing(page, after);
    await shot('pm201-fixed-saved');
    assert.equal(tokens - inputTokensShown(fileLens), tokens - after);

    assert.deepEqual(lintWithCli(file), [], 'the CLI still finds problems in the saved file');
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /^system:\s*\nCustomer:/m, 'the per-call line is still at the top of the system message');
    assert.match(text, /\{\{question\}\}\s*\n\s*Customer: \{\{customer_name\}\}\s*$/, 'the per-call line is not at the end of the user message');
    assert.equal(await problemRows(page, /PM\d{3}/).count(), 0, 'the Problems panel still lists promptmeter problems');
    await page.locator('.markers-panel', { hasText: 'No problems have been detected' }).waitFor();
    await shot('no-problems');
  });
  it('Fix All: the lens states what it saves, it applies exactly that (as lint --fix does), and one Ctrl+Z restores the text', async () => {
    const { page, shot } = wb;
    const path = join(wb.workspace, FIX_ALL);
    const original = readFileSync(path, 'utf8');
    const stated = cli('lint', '--json', path);
    const { fixes, tokensSaved } = stated.files[0];
    assert.ok(fixes >= 6 && tokensSaved > 0, `the fixture changed: ${fixes} fixes, ${tokensSaved} tokens`);
    // What lint --fix writes, on a copy: the editor must end with the same text.
    const tmp = mkdtempSync(join(tmpdir(), 'pm-e2e-lint-'));
    let cliFixed;
    try {
      copyFileSync(path, join(tmp, FIX_ALL));
      const applied = cli('lint', '--fix', '--json', join(tmp, FIX_ALL));
      assert.equal(applied.fixed, fixes);
      assert.equal(applied.tokensSaved, tokensSaved);
      cliFixed = readFileSync(join(tmp, FIX_ALL), 'utf8');
    } finally { rmSync(tmp, { recursive: true, force: true }); }
    const before = countWithCli(path);

    await openFile(page, FIX_ALL);
    if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
    await fileLensShowing(page, before);
    await waitForLens(page, fixesLens(fixes, tokensSaved));
    // PM101 and PM104 on the same line (the repeated instruction starts with the filler).
    const line = original.split('\n').findLastIndex((l) => l.startsWith('Please always answer')) + 1;
    const onLine = stated.files[0].findings.filter((f) => f.range.start.line + 1 === line).map((f) => f.ruleId).sort();
    assert.deepEqual(onLine, ['PM101', 'PM104'], 'the fixture changed');
    await problemRows(page, 'PM104').first().waitFor();
    await shot('fix-all-before');

    // The quick-fix menu on that line.
    await goTo(page, line, 2);
    await page.keyboard.press('Control+.');
    const widget = page.locator('.action-widget');
    await widget.waitFor();
    for (const title of ['Remove repeated instruction', 'Remove filler', 'Fix all PM101 problems in this file', 'Disable PM101 for this line', 'Disable PM101 for this file']) {
      await widget.locator('.monaco-list-row.action', { hasText: title }).first().waitFor();
    }
    await shot('fix-all-quickfix-menu');
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });

    // Click the lens: Fix All on the document the lens sits on.
    await page.keyboard.press('Control+Home');
    await page.locator('.monaco-editor .codelens-decoration a', { hasText: new RegExp(`^${fixes} fixes save ${tokensSaved} tokens$`) }).click();
    const after = await fileLensShowing(page, before - tokensSaved);
    assert.equal(inputTokensShown(after), before - tokensSaved, 'Fix All saved a different number of tokens than the lens stated');
    await lenses(page, /fix(es)? (saves?|available)/).first().waitFor({ state: 'detached' });
    await problemRows(page, 'PM101').first().waitFor({ state: 'detached' });
    assert.equal(await problemRows(page, 'PM104').count(), 0);
    await shot('fix-all-after');
    await save(page);
    const fixed = await savedText(path, cliFixed);
    assert.equal(fixed, cliFixed, 'the editor and lint --fix wrote different text');
    assert.equal(fixed.match(/always answer in English/gi)?.length, 1, 'the duplicate instruction is still there');
    assert.equal(countWithCli(path), before - tokensSaved);
    assert.deepEqual(cli('lint', '--json', path).files[0].fixes, 0, 'something fixable is left');

    // One undo step restores the text exactly.
    await page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+Z');
    await fileLensShowing(page, before);
    await waitForLens(page, fixesLens(fixes, tokensSaved));
    await save(page);
    assert.equal(await savedText(path, original), original, 'one Ctrl+Z did not restore the text');
    await shot('fix-all-undone');
  });

  it('a rule code opens the rule page as a rendered Markdown preview', async () => {
    const { page, shot } = wb;
    const row = problemRows(page, 'PM101').first();
    await row.waitFor();
    await row.locator('.code-link, a').filter({ hasText: 'PM101' }).first().click();
    await page.locator('.tab', { hasText: /Preview PM101\.md/ }).waitFor();
    const preview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await preview.locator('h1', { hasText: 'PM101' }).waitFor();
    assert.equal(await page.locator('.tab.active', { hasText: /^PM101\.md/ }).count(), 0, 'the page opened as an editable file');
    await shot('rule-doc-preview');
  });
});
