/**
 * `npm run fuzz -- --count 100000 [--seed N] [--max-minutes M]`: mutated corpus files through parse + count + lint,
 * with the unit suite's checks (no crash, no input over 50x the median CPU time per KB) and a printed summary.
 * Ctrl+C or --max-minutes stops early and still prints the summary of the inputs done. Exits 1 on any failure.
 */
import { runFuzz, summarize } from '../test/support/fuzz';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} needs a positive number, e.g. --${name} ${fallback}`);
    process.exit(2);
  }
  return value;
}

const count = Math.floor(flag('count', 10000));
const seed = Math.floor(flag('seed', 1));
const deadline = Date.now() + flag('max-minutes', 24 * 60) * 60_000;
let interrupted = false;
process.on('SIGINT', () => { interrupted = true; });

const started = Date.now();
const report = runFuzz({
  count,
  seed,
  shouldStop: () => interrupted || Date.now() > deadline,
  onProgress: (done, crashes) => {
    if (done % 5000 === 0) console.error(`${done}/${count} inputs, ${crashes} crashes, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  },
});
if (report.inputs < count) console.log(`stopped early: ${report.inputs} of ${count} inputs done`);
console.log(summarize(report));
process.exit(report.crashes.length || report.slow.length || report.inputs < count ? 1 : 0);
