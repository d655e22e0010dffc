// Review in a real workbench: a committed prompt edited in the editor gets a "vs HEAD" lens that follows the
// typing; and the CI comment (check --format markdown) rendered by markdown-it in the same browser.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { ROOT } from '../../scripts/lib/workbench.mjs';
import { editorLine, lenses, openFile, openWorkbench, waitForLens } from './workbench-page.mjs';
import { useWorkbench } from './workbench-suite.mjs';

const git = (dir, ...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

describe('review.e2e', function () {
  this.timeout(180_000);
  const wb = useWorkbench({
    prefix: 'review',
    fill: (dir) => {
      cpSync(join(ROOT, 'test', 'fixtures', 'review', 'support.prompty'), join(dir, 'support.prompty'));
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, '-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', 'commit', '-q', '--allow-empty', '-m', 'empty');
      git(dir, 'add', '-A');
      git(dir, '-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', 'commit', '-q', '-m', 'Add the support prompt');
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
    await page.screenshot({ path: join(ROOT, 'test-results', 'e2e', 'review-03-markdown-comment.png'), fullPage: true });
    await page.close();
  });
});
