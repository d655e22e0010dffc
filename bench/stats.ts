/** `note`: what else the row should say (a bundle's size). */
export interface BenchResult { name: string; impl: string; medianMs: number; runs: number; note?: string }

/** Median of `runs` timed calls after `warmup` untimed ones. */
export async function measure(name: string, impl: string, fn: () => unknown | Promise<unknown>, runs = 15, warmup = 2): Promise<BenchResult> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const medianMs = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { name, impl, medianMs: Math.round(medianMs * 1000) / 1000, runs };
}

/** A full collection when node runs with --expose-gc (`npm run bench` does). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Medians of several implementations timed in turns (one run of each per round, after `warmup` rounds), so that
 * load from other processes on a shared machine falls on all of them alike.
 */
export async function measureInTurns(name: string, impls: Record<string, () => unknown>, runs = 7, warmup = 2): Promise<BenchResult[]> {
  const times = new Map<string, number[]>(Object.keys(impls).map((k) => [k, []]));
  for (let round = 0; round < warmup + runs; round++) {
    for (const [impl, fn] of Object.entries(impls)) {
      collectGarbage(); // each starts on a clean heap, not paying for the garbage the one before it left
      const t0 = performance.now();
      await fn();
      if (round >= warmup) times.get(impl)!.push(performance.now() - t0);
    }
  }
  return [...times].map(([impl, ts]) => {
    ts.sort((a, b) => a - b);
    const mid = ts.length >> 1;
    const medianMs = ts.length % 2 ? ts[mid] : (ts[mid - 1] + ts[mid]) / 2;
    return { name, impl, medianMs: Math.round(medianMs * 1000) / 1000, runs };
  });
}
