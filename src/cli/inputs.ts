import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TemplateVars } from '../core/render';
import { UsageError } from './io';

/** `--var k=v`; a value that looks like a JSON array or object is parsed, so loops can iterate it. */
export function parseVars(pairs: string[]): TemplateVars {
  const vars: TemplateVars = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var needs name=value, got '${p}'`);
    const value = p.slice(eq + 1);
    let parsed: unknown = value;
    if (/^\s*[[{]/.test(value)) { try { parsed = JSON.parse(value); } catch { parsed = value; } }
    vars[p.slice(0, eq)] = parsed;
  }
  return vars;
}

/**
 * `--input FILE` (a JSON object of typed values; `@name` keys are dotprompt data such as `@state` and `@messages`),
 * then `--var k=v` over it.
 */
export async function readInputs(file: string | undefined, pairs: string[], cwd: string): Promise<TemplateVars> {
  let fromFile: TemplateVars = {};
  if (file !== undefined) {
    let text: string;
    try { text = await fs.readFile(path.resolve(cwd, file), 'utf8'); } catch (err) {
      throw new UsageError(`cannot read --input ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
    }
    let parsed: unknown;
    try { parsed = JSON.parse(text); } catch (err) {
      throw new UsageError(`--input ${file} is not JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UsageError(`--input ${file} must hold a JSON object of input values, like {"question": "...", "n": 3}`);
    }
    fromFile = parsed as TemplateVars;
  }
  return { ...fromFile, ...parseVars(pairs) };
}
