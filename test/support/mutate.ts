/**
 * Seeded mutation of prompt files for fuzzing: the same seed always yields the same inputs, so a failure found by
 * `npm run fuzz` can be replayed from its seed and index. Used by the parser fuzz test and the `lint --fix` fuzz test.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

export const CORPUS_DIR = path.resolve(__dirname, '../fixtures/corpus');
export const EXAMPLES_DIR = path.resolve(__dirname, '../../examples');

/** One file to mutate; the name keeps the original suffix because it picks the parser. */
export interface Seed { name: string; text: string }

/** One mutated input: `fileName` for the parser, `ops` says what was done (for replaying and reports). */
export interface Mutant { index: number; seedName: string; fileName: string; text: string; ops: string[] }

export { type Random, seededRandom } from './random';
import { type Random, seededRandom } from './random';

const int = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)];
/** Lengths spread over orders of magnitude (1 … max), so both short and very long runs occur. */
const skewed = (random: Random, max: number) => Math.max(1, Math.floor(Math.pow(max, random())));

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (!/readme\.md$/i.test(entry)) out.push(full);
  }
  return out;
}

/** The committed real-prompt corpus plus the examples (which add the chat-JSON and plain-text formats). */
export function corpusSeeds(dirs: string[] = [CORPUS_DIR, EXAMPLES_DIR]): Seed[] {
  const seeds: Seed[] = [];
  for (const dir of dirs) for (const file of walk(dir)) seeds.push({ name: path.relative(path.resolve(dir, '..'), file), text: readFileSync(file, 'utf8') });
  return seeds;
}

/** Where a mutation lands: anywhere, at a line start, or inside the frontmatter, where the YAML parser sees it. */
function position(text: string, random: Random): number {
  const r = random();
  if (r < 0.3) {
    const fm = /^\uFEFF?(?:---|\+\+\+)\r?\n/.exec(text);
    if (fm) {
      const close = text.indexOf('\n---', fm[0].length);
      const end = close < 0 ? text.length : close + 1;
      return fm[0].length + int(random, Math.max(1, end - fm[0].length));
    }
  }
  const at = int(random, text.length + 1);
  if (r < 0.55) {
    const nl = text.lastIndexOf('\n', at - 1);
    return nl + 1;
  }
  return at;
}

const RUN_UNITS = ['{{', '{%', '}}', '%}', '{#', '---', '---\n', '"', "'", '{', '}', '[', ']', '`', '```\n', '{{{', '{{!--', '\\',
  ' ', '-', '\n', '\t', ':', '#', '|', '&a ', '*a ', '! ', '😀', '𝕏', 'user:\n', '{{role "user"}}', '{{#if x}}', '{% for a in b %}'];
const NEST_OPEN = ['{', '[', '{"a":', '[{"a":', '{a: ', '- ', '{{#if a}}', '{{#each a}}', '{% if a %}', '{% for x in y %}', '(', '> '];
const NEST_CLOSE: Record<string, string> = { '{': '}', '[': ']', '{"a":': '1}', '[{"a":': '1}]', '{a: ': '}', '{{#if a}}': '{{/if}}', '{{#each a}}': '{{/each}}', '{% if a %}': '{% endif %}', '{% for x in y %}': '{% endfor %}', '(': ')' };
const ASTRAL = ['😀', '👩‍👩‍👧‍👦', '𝕏', '🇺🇳', '\u{10FFFF}', '\uD800', '\uDFFF', '\u{1F3FB}', '𠜎'];

type Op = (text: string, random: Random, seeds: readonly Seed[]) => [string, string];

const insert = (text: string, at: number, s: string) => text.slice(0, at) + s + text.slice(at);

const OPS: Record<string, Op> = {
  /** Flips bits in the UTF-8 bytes and decodes again (invalid sequences become U+FFFD, as when a file is read). */
  flip(text, random) {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length === 0) return [text, 'flip(empty)'];
    const n = skewed(random, 16);
    for (let k = 0; k < n; k++) bytes[int(random, bytes.length)] ^= 1 << int(random, 8);
    return [bytes.toString('utf8'), `flip(${n})`];
  },
  truncate(text, random) {
    const at = int(random, text.length + 1);
    return [text.slice(0, at), `truncate(${at})`];
  },
  /** A slice of another corpus file (or this one) pasted in, possibly replacing a range. */
  splice(text, random, seeds) {
    const donor = random() < 0.5 ? text : pick(random, seeds).text;
    const from = int(random, donor.length + 1);
    const piece = donor.slice(from, from + skewed(random, 4096));
    const at = position(text, random);
    const cut = random() < 0.5 ? skewed(random, 512) : 0;
    return [text.slice(0, at) + piece + text.slice(at + cut), `splice(${piece.length}@${at}-${cut})`];
  },
  /** A run of one delimiter or character: `{{`, `{%`, `}}`, `---`, `"`, spaces, emoji… */
  run(text, random) {
    const unit = pick(random, RUN_UNITS);
    const n = skewed(random, 2000);
    return [insert(text, position(text, random), unit.repeat(n)), `run(${JSON.stringify(unit)}x${n})`];
  },
  /** Deep nesting of flow collections, JSON, YAML sequences or template blocks; closed or left open. */
  nest(text, random) {
    const open = pick(random, NEST_OPEN);
    const n = skewed(random, 1500);
    const closed = random() < 0.4 && NEST_CLOSE[open];
    const s = open.repeat(n) + (closed ? NEST_CLOSE[open].repeat(n) : '');
    return [insert(text, position(text, random), s), `nest(${JSON.stringify(open)}x${n}${closed ? ',closed' : ''})`];
  },
  nul(text, random) {
    const n = skewed(random, 64);
    return [insert(text, position(text, random), '\0'.repeat(n)), `nul(${n})`];
  },
  crlf(text, random) {
    const r = random();
    if (r < 0.5) return [text.replace(/\r?\n/g, '\r\n'), 'crlf(all)'];
    if (r < 0.75) return [text.replace(/\r?\n/g, '\r'), 'crlf(cr-only)'];
    return [insert(text, position(text, random), '\r'.repeat(skewed(random, 64))), 'crlf(lone-cr)'];
  },
  bom(text, random) {
    if (random() < 0.7) return ['\uFEFF' + text, 'bom(start)'];
    return [insert(text, position(text, random), '\uFEFF'), 'bom(inside)'];
  },
  astral(text, random) {
    const n = skewed(random, 500);
    let s = '';
    for (let k = 0; k < n; k++) s += pick(random, ASTRAL);
    return [insert(text, position(text, random), s), `astral(${n})`];
  },
  /** A line repeated many times: long files made of valid-looking parts. */
  repeat(text, random) {
    const lines = text.split('\n');
    const k = int(random, lines.length);
    const n = skewed(random, 300);
    lines.splice(k, 0, ...Array<string>(n).fill(lines[k]));
    return [lines.join('\n'), `repeat(line ${k}x${n})`];
  },
  remove(text, random) {
    const at = position(text, random);
    const n = skewed(random, 1024);
    return [text.slice(0, at) + text.slice(at + n), `remove(${n}@${at})`];
  },
};

export const OP_NAMES = Object.keys(OPS);

/** Applies 1–3 random mutations; results are capped at `maxLength` characters so a run's time stays predictable. */
export function mutate(text: string, random: Random, seeds: readonly Seed[] = [], maxLength = 64 * 1024): { text: string; ops: string[] } {
  const ops: string[] = [];
  let out = text;
  const n = 1 + int(random, 3);
  for (let k = 0; k < n; k++) {
    const [next, label] = OPS[pick(random, OP_NAMES)](out, random, seeds);
    out = next.length > maxLength ? next.slice(0, maxLength) : next;
    ops.push(label);
  }
  return { text: out, ops };
}

/** `count` mutants from one seed: input i depends only on (seed, i), so any single failure can be regenerated. */
export function* mutants(seeds: readonly Seed[], count: number, seed: number, maxLength?: number): Generator<Mutant> {
  if (seeds.length === 0) throw new Error('mutants() needs at least one seed file');
  for (let index = 0; index < count; index++) yield mutantAt(seeds, seed, index, maxLength);
}

/** Regenerates input `index` of a run with `seed`. */
export function mutantAt(seeds: readonly Seed[], seed: number, index: number, maxLength?: number): Mutant {
  const random = seededRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const base = pick(random, seeds);
  const { text, ops } = mutate(base.text, random, seeds, maxLength);
  return { index, seedName: base.name, fileName: path.basename(base.name), text, ops };
}
