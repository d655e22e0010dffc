/** Half-open [start, end) offset spans, kept sorted and merged so lookups are a binary search. */
export type Span = [number, number];

export function mergeSpans(spans: Span[]): Span[] {
  const sorted = spans.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

/** True when [start, end) overlaps any span (an empty range counts when strictly inside one). */
export function overlapsSpan(spans: Span[], start: number, end: number): boolean {
  let lo = 0, hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = spans[mid];
    if (e <= start) lo = mid + 1;
    else if (s >= Math.max(end, start + 1)) hi = mid - 1;
    else return start === end ? start > s && start < e : true;
  }
  return false;
}

/** The parts of [from, to) not covered by spans. */
export function gaps(spans: Span[], from: number, to: number): Span[] {
  const out: Span[] = [];
  let at = from;
  for (const [s, e] of spans) {
    if (e <= at) continue;
    if (s >= to) break;
    if (s > at) out.push([at, s]);
    at = Math.max(at, e);
  }
  if (at < to) out.push([at, to]);
  return out;
}
