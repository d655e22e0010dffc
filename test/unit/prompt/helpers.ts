import * as assert from 'assert';
import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { LineIndex, type PromptDocument } from '../../../src/core/prompt';

export const CORPUS = path.resolve(__dirname, '../../fixtures/corpus');
export const FIXTURES = path.resolve(__dirname, '../../fixtures/prompt');
export const EXAMPLES = path.resolve(__dirname, '../../../examples');

export function corpusFiles(folder: string): string[] {
  const dir = path.join(CORPUS, folder);
  return existsSync(dir) ? readdirSync(dir).sort().map(f => path.join(dir, f)) : [];
}

export function read(file: string): string {
  return readFileSync(file, 'utf8');
}

/** Every message's offsets, range and content agree with the document text. */
export function assertRangesExact(doc: PromptDocument, isJson = false): void {
  const index = new LineIndex(doc.text);
  for (const m of doc.messages) {
    assert.deepStrictEqual(m.range, index.range(m.start, m.end), `range of ${m.role}`);
    if (!isJson) assert.strictEqual(doc.text.slice(m.start, m.end), m.content);
    for (const v of m.variables) {
      assert.ok(v.start >= m.start && v.end <= m.end, `variable ${v.name} inside its message`);
      assert.deepStrictEqual(v.range, index.range(v.start, v.end));
    }
  }
}
