// A seeded PRNG shared by the fuzz tests and generated fixtures; no file access, so browser fixtures can bundle it.
export type Random = () => number;

/** mulberry32: tiny, fast, and good enough to spread mutations; deterministic across platforms. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
