// An always-on context file (AGENTS.md) gets a lens with its cost per turn and per day, in a real workbench.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFile, openWorkbench, waitForLens } from './workbench-page.mjs';
import { useWorkbench } from './workbench-suite.mjs';

const AGENTS = `# Agent instructions

- Use pnpm, never npm, for installs.
- Run \`pnpm test\` before each commit and fix what fails.
- Keep functions short and name them by what they return.
- Last updated: 2025-03-03.
`;

describe('contextFiles.e2e', function () {
  this.timeout(180_000);
  const wb = useWorkbench({
    prefix: 'context-files',
    fill: (dir) => writeFileSync(join(dir, 'AGENTS.md'), AGENTS),
    viewport: { width: 1400, height: 900 },
    server: { settings: { 'editor.minimap.enabled': false } },
  });

  it('shows AGENTS.md\'s cost per turn and per day at 200 turns, with and without caching', async () => {
    const { page, server, shot } = wb;
    await openWorkbench(page, server);
    await openFile(page, 'AGENTS.md');
    const lens = await waitForLens(page, 'AGENTS\\.md · [\\d,]+ tokens every turn · \\$[\\d.]+/turn · \\$[\\d.,]+/day at 200 turns, \\$[\\d.,]+ cached');
    await shot('agents-lens');
    const [, perTurn, perDay, cached] = /\$([\d.]+)\/turn · \$([\d.,]+)\/day at 200 turns, \$([\d.,]+) cached/.exec(lens).map((x) => Number(String(x).replace(/,/g, '')));
    assert.ok(perTurn > 0 && perDay > perTurn && cached < perDay, lens);
  });
});
