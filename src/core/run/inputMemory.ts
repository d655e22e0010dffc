// The last value typed for each input of each prompt file, so the next run's input box starts from it. No 'vscode'.

/** What the memory is kept in: VS Code's workspaceState (a Memento) in the editor, a Map-backed stand-in in tests. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void> | void;
}

export const INPUT_MEMORY_KEY = 'promptmeter.lastInputs';
/** Files remembered, the most recently run kept: workspace state stays small however many files are run. */
export const MAX_FILES = 100;
/** A longer value (a pasted document) is not kept: workspace state is loaded whole at startup. */
export const MAX_VALUE_CHARS = 10_000;

type Entry = [file: string, values: Record<string, string>];

export class InputMemory {
  constructor(private readonly store: KeyValueStore) {}

  /** The value last given for `input` of `file`, if any. */
  last(file: string, input: string): string | undefined {
    const values = this.entries().find(([f]) => f === file)?.[1];
    return values && Object.hasOwn(values, input) ? values[input] : undefined;
  }

  /** Keeps `values` (merged over the file's earlier ones) and makes the file the most recent. */
  async remember(file: string, values: Record<string, string>): Promise<void> {
    const entries = this.entries();
    const i = entries.findIndex(([f]) => f === file);
    const merged: Record<string, string> = { ...(i >= 0 ? entries[i][1] : {}) };
    for (const [name, value] of Object.entries(values)) {
      if (value.length <= MAX_VALUE_CHARS) merged[name] = value;
      else delete merged[name];
    }
    if (i >= 0) entries.splice(i, 1);
    entries.push([file, merged]);
    await this.store.update(INPUT_MEMORY_KEY, entries.slice(-MAX_FILES));
  }

  /** Stored entries, oldest first; anything malformed (an older or hand-edited state) is ignored, not thrown. */
  private entries(): Entry[] {
    const raw = this.store.get<unknown>(INPUT_MEMORY_KEY);
    if (!Array.isArray(raw)) return [];
    return raw.filter((e): e is Entry => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string'
      && typeof e[1] === 'object' && e[1] !== null && !Array.isArray(e[1])
      && Object.values(e[1] as object).every((v) => typeof v === 'string'));
  }
}
