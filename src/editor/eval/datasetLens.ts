import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { promptBaseName } from '../../core/dataset/load';

/** Rows in a dataset file, cached by its modification time: the lens asks on every refresh. */
const counts = new Map<string, { mtimeMs: number; rows: number }>();

async function countRows(file: string): Promise<number | undefined> {
  const st = await fs.stat(file).catch(() => undefined);
  if (!st?.isFile()) return undefined;
  const held = counts.get(file);
  if (held && held.mtimeMs === st.mtimeMs) return held.rows;
  const text = await fs.readFile(file, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('//')).length;
  // A CSV's first line is its header; quoted multi-line cells make this an upper bound, fixed on the run.
  const rows = /\.csv$/i.test(file) ? Math.max(0, lines - 1) : lines;
  counts.set(file, { mtimeMs: st.mtimeMs, rows });
  return rows;
}

/** `▷ Dataset (N rows)` on line 1 of a prompt that has a dataset beside it or named in its frontmatter. */
export class DatasetLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*.dataset.{jsonl,csv}');

  constructor() {
    const refresh = () => this.changed.fire();
    this.watcher.onDidCreate(refresh); this.watcher.onDidChange(refresh); this.watcher.onDidDelete(refresh);
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (document.uri.scheme !== 'file') return [];
    const declared = /^\s*dataset:\s*['"]?([^'"\n#]+?)['"]?\s*$/m.exec(document.getText(new vscode.Range(0, 0, 60, 0)))?.[1];
    const dir = path.dirname(document.uri.fsPath);
    const candidates = declared ? [path.resolve(dir, declared)]
      : ['.dataset.jsonl', '.dataset.csv'].map((ext) => path.join(dir, promptBaseName(document.uri.fsPath) + ext));
    for (const file of candidates) {
      const rows = await countRows(file);
      if (rows === undefined) continue;
      return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: `▷ Dataset (${rows} row${rows === 1 ? '' : 's'})`, command: 'promptmeter.runDataset', arguments: [document.uri],
        tooltip: `Run every row of ${path.basename(file)}: estimate first, then synchronously or as a provider batch`,
      })];
    }
    return [];
  }

  dispose(): void { this.watcher.dispose(); this.changed.dispose(); }
}
