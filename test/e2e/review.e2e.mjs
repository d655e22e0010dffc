// Review in a real workbench: a committed prompt edited in the editor gets a "vs HEAD" lens that follows the
// typing; its cost-history chart has one point per commit, hovers a commit and opens its diff; and the CI comment
// (check --format markdown) rendered by markdown-it in the same browser.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { ROOT } from '../../scripts/lib/workbench.mjs';
import { editorLine, lenses, openFile, openWorkbench, runCommand, waitForLens } from './workbench-page.mjs';
import { useWorkbench } from './workbench-suite.mjs';

const git = (dir, ...args) => execFileSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', ...args], { cwd: dir, encoding: 'utf8' });
const FIXTURE = readFileSync(join(ROOT, 'test', 'fixtures', 'review', 'support.prompty'), 'utf8');
/** The fixture prompt with only its first `n` policy lines. */
const withPolicies = (n) => FIXTURE.replace(/^- Policy (\d+):.*\n/gm, (line, k) => (Number(k) <= n ? line : ''));

/** The webview frame whose page heading matches `heading` (each panel is its own nested iframe). */
async function webviewFrame(page, heading, timeout = 60_000) {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      if (await f.locator('h1', { hasText: heading }).count().catch(() => 0)) return f;
    }
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => {});
  }
  throw new Error(`no webview with heading ${heading}; frames: ${page.frames().map((f) => f.url()).join(', ')}`);
}

describe('review.e2e', function () {
  this.timeout(180_000);
  const wb = useWorkbench({
    prefix: 'review',
    // Five commits touch the prompt: it is added as assistant.prompty, grows, shrinks, is renamed, and grows again.
    fill: (dir) => {
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'commit', '-q', '--allow-empty', '-m', 'empty');
      const commit = (msg) => { git(dir, 'add', '-A'); git(dir, 'commit', '-q', '-m', msg); };
      writeFileSync(join(dir, 'assistant.prompty'), withPolicies(40));
      commit('Add the assistant prompt');
      writeFileSync(join(dir, 'assistant.prompty'), withPolicies(70));
      commit('More policies');
      writeFileSync(join(dir, 'assistant.prompty'), withPolicies(50));
      commit('Trim the policies');
      renameSync(join(dir, 'assistant.prompty'), join(dir, 'support.prompty'));
      commit('Rename to support');
      writeFileSync(join(dir, 'support.prompty'), FIXTURE);
      commit('Add the support prompt');
      // Never committed: its history is empty.
      writeFileSync(join(dir, 'draft.prompty'), withPolicies(3));
    },
    viewport: { width: 1400, height: 850 },
    server: { settings: { 'editor.minimap.enabled': false, 'git.enabled': false } },
  });

  it('editing a committed prompt shows what it adds per month against HEAD, and follows the typing', async () => {
    const { page, server, shot } = wb;
    await openWorkbench(page, server);
    await openFile(page, 'support.prompty');
    await waitForLens(page, /in \+ .* out/);
    assert.equal(await lenses(page, 'vs HEAD').count(), 0, 'no lens while the file equals HEAD');
    await editorLine(page, 'You are the support assistant').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Always answer in English, and never share internal order numbers with anyone.');
    const first = await waitForLens(page, /vs HEAD: \+\d+ tokens · \+\$[\d.]+\/month at 1,000 calls\/day/);
    await shot('vs-head-after-edit');
    await page.keyboard.type(' Keep every answer under one hundred words please.');
    const second = await waitForLens(page, /vs HEAD: \+\d+ tokens · \+\$[\d.]+\/month/, { not: first });
    assert.ok(Number(/\+(\d+) tokens/.exec(second)[1]) > Number(/\+(\d+) tokens/.exec(first)[1]), `${first} then ${second}`);
    await shot('vs-head-follows-typing');
  });

  it('the cost history chart has one point per commit; hovering shows the commit, clicking opens its diff', async () => {
    const { page, server, shot, workspace } = wb;
    if (!(await page.locator('.monaco-workbench').count())) await openWorkbench(page, server);
    const log = git(workspace, 'log', '--follow', '--format=%H%x09%s', '--', 'support.prompty').trim().split('\n').map((l) => l.split('\t')).reverse();
    assert.equal(log.length, 5, 'the fixture repository has five commits touching the prompt, the rename included');
    await openFile(page, 'support.prompty');
    await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Cost history' }).first().click();
    const frame = await webviewFrame(page, 'Cost history: support.prompty');
    const canvas = frame.locator('canvas#history-chart[data-points]');
    await canvas.waitFor();
    assert.equal(Number(await canvas.getAttribute('data-points')), log.length, 'one point per commit');
    assert.equal(await frame.locator('#commits tbody tr').count(), log.length);
    assert.match(await frame.locator('#status').textContent(), /^5 commits: [\d,]+ tokens → [\d,]+ tokens, \$[\d.]+\/call → \$[\d.]+\/call\.$/);
    // Hover the second commit ('More policies') at its point on the canvas.
    const positions = JSON.parse(await canvas.getAttribute('data-positions'));
    const box = await canvas.boundingBox();
    const [x, y] = positions[1];
    await page.mouse.move(box.x + x, box.y + y);
    const tip = frame.locator('#tooltip:not([hidden])');
    await tip.waitFor();
    const text = await tip.textContent();
    assert.ok(text.startsWith(log[1][0].slice(0, 7)), text);
    assert.match(text, /More policies/);
    assert.match(text, /Dev · \d{4}-\d\d-\d\d/);
    assert.match(text, /[\d,]+ tokens · \$[\d.]+\/call · gpt-4o/);
    await shot('history-chart-hover');
    // A click opens that revision's diff: 40 → 70 policies, so lines are inserted on the right.
    await page.mouse.click(box.x + x, box.y + y);
    await page.locator('.tab.active', { hasText: `${log[1][0].slice(0, 7)}: More policies` }).waitFor();
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').length > 0);
    await shot('history-revision-diff');
  });

  it('Show Cost History on a prompt no commit touches says so', async () => {
    const { page, shot } = wb;
    await openFile(page, 'draft.prompty');
    // The palette lists the command only once `promptmeter.isPrompt` holds for this editor (hidden while the
    // history panel had the focus); the status bar shows its item in the same update that sets the key.
    await page.locator('[id$="promptmeter.status"]').waitFor();
    await runCommand(page, 'Promptmeter: Show Cost History');
    const frame = await webviewFrame(page, 'Cost history: draft.prompty');
    await frame.locator('#status', { hasText: 'No commit touches draft.prompty yet. Commit it to start its cost history.' }).waitFor();
    assert.equal(await frame.locator('canvas[data-points]').count(), 0);
    await shot('history-no-commits');
  });

  it('the pull-request comment renders as Markdown in a browser', async () => {
    const { browser, workspace } = wb;
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'check', '--base', 'HEAD~1', '--max-tokens', '500', '--format', 'markdown'], { cwd: workspace, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const html = new MarkdownIt({ html: true }).render(r.stdout);
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.setContent(`<!doctype html><meta charset="utf-8"><style>
      body { font: 14px/1.5 -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 24px; color: #1f2328; }
      table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #d0d7de; padding: 4px 10px; }
      code { background: #f6f8fa; padding: 1px 4px; border-radius: 4px; } details { margin: 8px 0; }</style>${html}`);
    assert.match(await page.locator('h3').first().textContent(), /Promptmeter: 1 gate failed/);
    assert.ok(await page.locator('table').count() >= 2);
    await page.locator('details summary', { hasText: 'All files' }).click();
    await page.screenshot({ path: join(ROOT, 'test-results', 'e2e', 'review-06-markdown-comment.png'), fullPage: true });
    await page.close();
  });
});
