import { strict as assert } from 'node:assert';
import { DocumentTracker, type ReadyDocument } from '../../../src/editor/tracker/documentTracker';
import { type MemoryDocument, MemoryWorkspace, nextEvent } from '../../support/memoryDocuments';

describe('document tracker', () => {
  let ws: MemoryWorkspace;
  let tracker: DocumentTracker<MemoryDocument>;
  let ready: ReadyDocument<MemoryDocument>[];

  beforeEach(() => {
    ws = new MemoryWorkspace();
    tracker = new DocumentTracker(ws, { debounceMs: () => 20, isTracked: (d) => d.fileName.endsWith('.prompt') });
    ready = [];
    tracker.onDidBecomeReady((r) => ready.push(r));
  });
  afterEach(() => tracker.dispose());

  it('reports a newly opened prompt ready at its first version', async () => {
    const d = ws.openDocument('a.prompt', 'hello');
    const r = await nextEvent(tracker.onDidBecomeReady);
    assert.equal(r.document, d);
    assert.equal(r.version, 1);
    assert.equal(r.edited, false, 'an open is not an edit');
  });

  it('reports one ready version after a burst of edits: the last one', async () => {
    const d = ws.openDocument('a.prompt', 'h');
    await nextEvent(tracker.onDidBecomeReady);
    for (const text of ['he', 'hel', 'hell', 'hello']) ws.edit(d, text);
    assert.ok(tracker.isPending(d));
    const r = await nextEvent(tracker.onDidBecomeReady);
    assert.equal(r.version, 5);
    assert.deepEqual(ready.map((x) => x.version), [1, 5]);
    assert.deepEqual(ready.map((x) => x.edited), [false, true], 'the version after typing says it was edited');
    assert.ok(!tracker.isPending(d));
  });

  it('ignores documents that are not prompts, and reports nothing for a closed document', async () => {
    ws.openDocument('notes.txt', 'hello');
    const d = ws.openDocument('b.prompt', 'x');
    ws.edit(d, 'xy');
    const closed = nextEvent(tracker.onDidClose);
    ws.close(d);
    assert.equal(await closed, d);
    const other = ws.openDocument('c.prompt', 'z');
    const r = await nextEvent(tracker.onDidBecomeReady);
    assert.equal(r.document, other, 'the closed document and the text file were never reported');
    assert.deepEqual(ready.map((x) => x.document.fileName), ['c.prompt']);
  });

  it('refresh reports the current version of each open prompt again', async () => {
    const a = ws.openDocument('a.prompt', 'one');
    const b = ws.openDocument('b.prompt', 'two');
    await nextEvent(tracker.onDidBecomeReady, (r) => r.document === b);
    ready.length = 0;
    tracker.refresh((d) => d === a);
    const r = await nextEvent(tracker.onDidBecomeReady);
    assert.equal(r.document, a);
    assert.equal(r.version, 1);
    assert.equal(r.edited, false);
    assert.equal(tracker.hasPending(), false);
  });
});
