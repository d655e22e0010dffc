// The vs-HEAD lens reads HEAD through VS Code's git extension when it is active; these are the paths it takes
// without it (the `git` command), which is what runs in the CLI-only and git-disabled cases.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { headSource, RepoRoots } from '../../../src/editor/review/headSource';
import { fixtureRepo, git } from './repo';

describe('review: where the vs-HEAD lens reads HEAD from', function () {
  this.timeout(60_000);
  let repo: { dir: string; commits: string[] };
  before(() => { repo = fixtureRepo(); repo.dir = realpathSync(repo.dir); });
  after(() => rmSync(repo.dir, { recursive: true, force: true }));
  const file = () => path.join(repo.dir, 'prompts', 'helpdesk.prompty');

  it('without the git extension: runs git for the root, the HEAD commit and the file at HEAD', async () => {
    const s = await headSource(file());
    assert.ok(s);
    assert.deepEqual([s.via, s.root, s.head], ['git', repo.dir, repo.commits.at(-1)]);
    assert.equal(await s.text(), git(repo.dir, 'show', 'HEAD:prompts/helpdesk.prompty'));
  });

  it('falls back to git when the extension does not know the file, or its repository has no HEAD commit yet', async () => {
    assert.equal((await headSource(file(), () => null))?.via, 'git');
    const noHead = { rootUri: { fsPath: repo.dir }, state: {}, show: () => Promise.reject(new Error('not called')) };
    const s = await headSource(file(), () => noHead);
    assert.equal(s?.via, 'git');
    assert.equal(s?.head, repo.commits.at(-1));
  });

  it('a file HEAD does not have reads as undefined; outside a repository, or before the first commit, there is no source', async () => {
    const fresh = path.join(repo.dir, 'prompts', 'new.prompty');
    writeFileSync(fresh, 'system:\nHi\n');
    try { assert.equal(await (await headSource(fresh))!.text(), undefined); } finally { rmSync(fresh); }
    const outside = mkdtempSync(path.join(tmpdir(), 'pm-nogit-'));
    const empty = mkdtempSync(path.join(tmpdir(), 'pm-empty-'));
    try {
      assert.equal(await headSource(path.join(outside, 'a.prompty')), undefined);
      git(empty, 'init', '-q');
      assert.equal(await headSource(path.join(empty, 'a.prompty')), undefined);
    } finally { rmSync(outside, { recursive: true, force: true }); rmSync(empty, { recursive: true, force: true }); }
  });

  it('RepoRoots asks git once per folder until cleared, so a later `git init` is seen after clear()', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-roots-'));
    try {
      const roots = new RepoRoots();
      const first = roots.of(dir);
      assert.equal(roots.of(dir), first, 'the second ask reuses the first answer');
      assert.equal(await first, undefined);
      git(dir, 'init', '-q');
      assert.equal(await roots.of(dir), undefined, 'remembered until cleared');
      roots.clear();
      assert.equal(await roots.of(dir), realpathSync(dir));
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
