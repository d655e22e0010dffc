// Reads google/dotprompt's spec suite (test/fixtures/dotprompt-spec, Apache-2.0) into flat cases.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const SPEC_DIR = path.join(__dirname, '..', 'fixtures', 'dotprompt-spec');

export interface SpecCase {
  file: string;
  suite: string;
  desc: string;
  template: string;
  partials: Record<string, string>;
  /** dotprompt's DataArgument: input, messages (history), context (`@` variables). */
  data: { input?: Record<string, unknown>; messages?: unknown[]; context?: Record<string, unknown> };
  /** `options.input.default`: defaults under the input, as the reference merges them. */
  defaults: Record<string, unknown>;
  expect: { messages: unknown[]; config?: Record<string, unknown>; model?: string; [k: string]: unknown };
}

interface Suite { name: string; template: string; data?: SpecCase['data']; partials?: Record<string, string>; resolverPartials?: Record<string, string>; tests: Array<{ desc?: string; data?: SpecCase['data']; options?: { input?: { default?: Record<string, unknown> } }; expect: SpecCase['expect'] }> }

export function specFiles(): string[] {
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.yaml') ? [path.join(d, e.name)] : []));
  return walk(SPEC_DIR).sort();
}

export function specCases(file: string): SpecCase[] {
  const suites = parse(readFileSync(file, 'utf8')) as Suite[];
  return suites.flatMap((s) => s.tests.map((t) => ({
    file: path.relative(SPEC_DIR, file), suite: s.name, desc: t.desc ?? 'renders as expected', template: s.template,
    partials: { ...s.resolverPartials, ...s.partials },
    data: { ...s.data, ...t.data },
    defaults: t.options?.input?.default ?? {},
    expect: t.expect,
  })));
}

/** The `--input` object for a case: inputs as keys, history as `@messages`, context entries as `@name`. */
export function inputObject(c: SpecCase): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c.defaults, ...c.data.input };
  if (c.data.messages) out['@messages'] = c.data.messages;
  for (const [k, v] of Object.entries(c.data.context ?? {})) out[`@${k}`] = v;
  return out;
}
