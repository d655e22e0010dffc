import { strict as assert } from 'node:assert';
import { INPUT_MEMORY_KEY, InputMemory, MAX_FILES, MAX_VALUE_CHARS, type KeyValueStore } from '../../../src/core/run/inputMemory';

/** A Memento-shaped store over a Map, round-tripping through JSON as VS Code's workspace state does. */
class JsonStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  get<T>(key: string): T | undefined { const v = this.data.get(key); return v === undefined ? undefined : JSON.parse(v); }
  async update(key: string, value: unknown): Promise<void> { this.data.set(key, JSON.stringify(value)); }
}

describe('InputMemory: the last value per prompt file and input', () => {
  it('returns the value last given for that file and input, and nothing for others', async () => {
    const store = new JsonStore();
    const memory = new InputMemory(store);
    await memory.remember('file:///a.prompty', { city: 'Paris', mood: 'calm' });
    await memory.remember('file:///a.prompty', { city: 'Rome' });
    assert.equal(memory.last('file:///a.prompty', 'city'), 'Rome');
    assert.equal(memory.last('file:///a.prompty', 'mood'), 'calm', 'a value not given again is kept');
    assert.equal(memory.last('file:///b.prompty', 'city'), undefined, 'per file');
    assert.equal(memory.last('file:///a.prompty', 'toString'), undefined, 'not an inherited property');
    // A fresh instance over the same store: it survives a reload of the window.
    assert.equal(new InputMemory(store).last('file:///a.prompty', 'city'), 'Rome');
  });

  it('keeps an empty string as a value (the user cleared the box on purpose)', async () => {
    const memory = new InputMemory(new JsonStore());
    await memory.remember('f', { note: '' });
    assert.equal(memory.last('f', 'note'), '');
  });

  it(`keeps the ${MAX_FILES} most recently run files`, async () => {
    const store = new JsonStore();
    const memory = new InputMemory(store);
    for (let i = 0; i <= MAX_FILES; i++) await memory.remember(`f${i}`, { x: String(i) });
    await memory.remember('f1', { x: 'again' }); // f1 becomes the newest, so f0 and f2 are the oldest
    await memory.remember('new', { x: 'n' });
    assert.equal(memory.last('f0', 'x'), undefined);
    assert.equal(memory.last('f2', 'x'), undefined);
    assert.equal(memory.last('f1', 'x'), 'again');
    assert.equal(memory.last(`f${MAX_FILES}`, 'x'), String(MAX_FILES));
    assert.equal(store.get<unknown[]>(INPUT_MEMORY_KEY)!.length, MAX_FILES);
  });

  it('does not keep a value longer than the limit, and drops the older value it replaces', async () => {
    const memory = new InputMemory(new JsonStore());
    await memory.remember('f', { doc: 'short' });
    await memory.remember('f', { doc: 'x'.repeat(MAX_VALUE_CHARS + 1) });
    assert.equal(memory.last('f', 'doc'), undefined);
  });

  it('ignores malformed stored state instead of throwing', async () => {
    for (const bad of [42, 'x', { a: 1 }, [['f']], [['f', 'v']], [['f', { city: 3 }]], [[1, {}]], [null]]) {
      const store = new JsonStore();
      await store.update(INPUT_MEMORY_KEY, bad);
      const memory = new InputMemory(store);
      assert.equal(memory.last('f', 'city'), undefined, JSON.stringify(bad));
      await memory.remember('f', { city: 'Oslo' });
      assert.equal(memory.last('f', 'city'), 'Oslo');
    }
  });
});
