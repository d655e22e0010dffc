import * as assert from 'assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { resolveModel } from '../../../src/core/analysis/analyze';
import type { CliIO } from '../../../src/cli/io';
import { lintCommand } from '../../../src/cli/lint';
import { fixAll } from '../../../src/core/lint';
import { applyEdits } from '../../../src/core/lint/edits';
import { parsePrompt, type PromptDocument } from '../../../src/core/prompt';
import { prices } from './helpers';
import { lintMutant, seedFiles } from './lintMutants';

// `PM_LINT_FUZZ_COUNT=20000 npx mocha test/unit/lint/fixFuzz.test.ts` for a longer run; the seed replays any failure.
const COUNT = Number(process.env.PM_LINT_FUZZ_COUNT ?? 2500);
const SEED = Number(process.env.PM_LINT_FUZZ_SEED ?? 20251128);
const THROUGH_CLI = 60;

/**
 * Fenced blocks found line by line (CommonMark: up to 3 spaces, 3+ backticks or tildes, closed by the same
 * character at least as long; an unclosed fence runs to the end). Written apart from the lint code it checks.
 */
function fences(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let open: { char: string; len: number; start: number } | undefined;
  for (const line of lines) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line.replace(/\t/g, '    '));
    if (open) {
      const close = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*\r?$/.exec(line);
      if (close && close[1][0] === open.char && close[1].length >= open.len) {
        out.push(text.slice(open.start, offset + line.length).replace(/\r$/, ''));
        open = undefined;
      }
    } else if (m && /^[ \t]{0,3}(`{3,}|~{3,})/.test(line)) {
      open = { char: m[1][0], len: m[1].length, start: offset };
    }
    offset += line.length + 1;
  }
  if (open) out.push(text.slice(open.start));
  return out;
}

const parseErrors = (d: PromptDocument) => d.problems.filter((p) => p.severity === 'error').length;
const roles = (d: PromptDocument) => d.messages.map((m) => m.role).join(',');

describe('lint --fix fuzz: fixes never break a file', function () {
  this.timeout(600_000);

  it(`${COUNT} mutated inputs (seed ${SEED}): a fixed file parses where the original did, no fence changes, the plan is exact`, () => {
    const seeds = seedFiles();
    let parsed = 0;
    let fixedFiles = 0;
    let fixes = 0;
    let withFences = 0;
    const failures: string[] = [];
    for (let i = 0; i < COUNT && failures.length < 5; i++) {
      const m = lintMutant(seeds, SEED, i);
      const where = `input ${i} (${m.fileName}: ${m.ops.join(', ')})`;
      try {
        const doc = parsePrompt(m.text, m.fileName);
        if (parseErrors(doc)) continue; // lint --fix leaves a file that does not parse alone
        parsed++;
        const options = { model: resolveModel(doc, undefined, 'gpt-4o'), prices };
        const r = fixAll({ text: m.text, fileName: m.fileName, options });
        if (r.fixes === 0) continue;
        fixedFiles++;
        fixes += r.fixes;
        const after = parsePrompt(r.text, m.fileName);
        if (parseErrors(after) > 0) failures.push(`${where}: the fixed file no longer parses: ${after.problems[0].message}`);
        if (roles(after) !== roles(doc)) failures.push(`${where}: messages changed from [${roles(doc)}] to [${roles(after)}]`);
        const before = fences(m.text);
        if (before.length) withFences++;
        if (JSON.stringify(fences(r.text)) !== JSON.stringify(before)) failures.push(`${where}: a fence changed`);
        if (applyEdits(m.text, r.edits) !== r.text) failures.push(`${where}: the plan's edits do not give its text`);
        const left = fixAll({ text: r.text, fileName: m.fileName, options });
        if (left.fixes !== 0) failures.push(`${where}: not a fixpoint, ${left.fixes} more fixes (${left.applied.map((f) => f.ruleId).join(',')})`);
      } catch (err) {
        failures.push(`${where}: threw ${(err as Error).stack}`);
      }
    }
    assert.deepStrictEqual(failures, []);
    // The inputs exercise what they should: most parse, many get fixed, some of those have fences.
    assert.ok(parsed > COUNT / 3, `only ${parsed} of ${COUNT} inputs parsed`);
    assert.ok(fixedFiles > COUNT / 5, `only ${fixedFiles} inputs had fixes`);
    assert.ok(withFences > 20, `only ${withFences} fixed inputs had fences`);
    assert.ok(fixes > fixedFiles);
  });

  it(`the first ${THROUGH_CLI} inputs through the real CLI: the file written parses, and a file that does not parse is reported and left alone`, async () => {
    const seeds = seedFiles();
    const dir = mkdtempSync(join(tmpdir(), 'pm-lint-fuzz-'));
    try {
      let broken = 0;
      let written = 0;
      for (let i = 0; i < THROUGH_CLI; i++) {
        const m = lintMutant(seeds, SEED, i);
        const file = join(dir, `${i}-${m.fileName}`);
        writeFileSync(file, m.text);
        const out = { out: '', err: '' };
        const io: CliIO = { cwd: dir, env: {}, stdout: (t) => { out.out += t; }, stderr: (t) => { out.err += t; } };
        const code = await lintCommand(['--fix', '--json', file], io);
        const json = JSON.parse(out.out);
        const text = readFileSync(file, 'utf8');
        const doc = parsePrompt(m.text, m.fileName);
        const where = `input ${i} (${m.ops.join(', ')})`;
        if (parseErrors(doc)) {
          broken++;
          assert.strictEqual(code, 1, where);
          assert.ok(json.files[0].parseErrors.length > 0, where);
          assert.strictEqual(text, m.text, `${where}: a file that does not parse was changed`);
        } else {
          if (text !== m.text) written++;
          assert.strictEqual(parseErrors(parsePrompt(text, m.fileName)), 0, `${where}: the written file does not parse`);
          assert.deepStrictEqual(fences(text), fences(m.text), where);
        }
        assert.strictEqual(out.err, '', where);
      }
      assert.ok(broken > 0 && written > 0, `${broken} broken, ${written} written`);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
