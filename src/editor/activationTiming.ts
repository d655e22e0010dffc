import { appendFileSync } from 'node:fs';

/** Reports how long activate() took: in the log, and to a file when a benchmark asks for it. */
export function recordActivation(startedAt: number, log: { info(line: string): void }): void {
  const ms = performance.now() - startedAt;
  log.info(`Activated in ${ms.toFixed(1)} ms`);
  const file = process.env.PROMPTMETER_ACTIVATION_LOG;
  if (file) {
    try { appendFileSync(file, `${ms}\n`); } catch { /* a benchmark aid must never break activation */ }
  }
}
