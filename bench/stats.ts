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
