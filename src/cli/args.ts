import { UsageError } from './io';

export interface ParsedArgs {
  flags: Map<string, string | true>;
  /** Repeatable flags such as `--var k=v`. */
  lists: Map<string, string[]>;
  positionals: string[];
}

/** Small strict parser: unknown flags are a usage error, not silently ignored. */
export function parseArgs(args: string[], spec: { boolean: string[]; value: string[]; list?: string[] }): ParsedArgs {
  const out: ParsedArgs = { flags: new Map(), lists: new Map(), positionals: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { out.positionals.push(...args.slice(i + 1)); break; }
    if (!a.startsWith('--')) { out.positionals.push(a); continue; }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (spec.boolean.includes(name)) { out.flags.set(name, true); continue; }
    const isList = spec.list?.includes(name);
    if (!spec.value.includes(name) && !isList) throw new UsageError(`unknown option --${name}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (isList) out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
    else out.flags.set(name, value);
  }
  return out;
}
