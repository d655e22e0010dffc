import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PartialResolver } from './dotprompt';

const NAME = /^[\w-]+(?:\/[\w-]+)*$/;

/**
 * `{{> name}}` for a prompt file: `partials/name.prompt` or `partials/_name.prompt` beside it, or `_name.prompt`
 * beside it (dotprompt's directory store convention). Names with other characters never touch the disk.
 */
export function partialsBeside(file: string): PartialResolver {
  const dir = path.dirname(file);
  return (name) => {
    if (!NAME.test(name)) return undefined;
    const base = path.basename(name);
    const sub = path.dirname(name) === '.' ? '' : path.dirname(name);
    for (const candidate of [path.join(dir, 'partials', sub, `${base}.prompt`), path.join(dir, 'partials', sub, `_${base}.prompt`), path.join(dir, sub, `_${base}.prompt`)]) {
      try { return readFileSync(candidate, 'utf8'); } catch { /* try the next place */ }
    }
    return undefined;
  };
}
