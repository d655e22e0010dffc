import { strict as assert } from 'node:assert';
import { LensChangeGate } from '../../../src/editor/lensChangeGate';

// VS Code restarts its CodeLens request timer on every onDidChangeCodeLenses (vscode/src/vs/editor/contrib/codelens/
// browser/codelensController.ts, RunOnceScheduler.schedule), so each needless event delays the lens the user waits for.
describe('lens change gate', () => {
  it('does not fire while a request waits: that request answers with the news', () => {
    const g = new LensChangeGate();
    g.begin('a');
    assert.equal(g.shouldFire('a', 1, '120 in'), false);
    g.end('a', 1, '120 in');
    assert.equal(g.shouldFire('a', 1, '120 in'), false, 'the same titles: nothing to redraw');
  });

  it('fires when a shown lens of the same version changes (exact count, lint summary, setting)', () => {
    const g = new LensChangeGate();
    g.begin('a');
    g.end('a', 3, '≈120 in');
    assert.equal(g.shouldFire('a', 3, '118 in'), true);
  });

  it('does not fire for a new version: the edit already makes VS Code ask again', () => {
    const g = new LensChangeGate();
    g.begin('a');
    g.end('a', 3, '120 in');
    assert.equal(g.shouldFire('a', 4, '121 in'), false);
  });

  it('does not fire for a document VS Code never asked about', () => {
    assert.equal(new LensChangeGate().shouldFire('b', 1, '5 in'), false);
  });

  it('a cancelled request leaves what was shown', () => {
    const g = new LensChangeGate();
    g.begin('a');
    g.end('a', 1, '10 in');
    g.begin('a');
    g.end('a', 1, undefined);
    assert.equal(g.shouldFire('a', 1, '10 in · 1 fix saves 2 tokens'), true);
    assert.equal(g.isShown('a'), true);
    g.forget('a');
    assert.equal(g.isShown('a'), false);
  });
});
