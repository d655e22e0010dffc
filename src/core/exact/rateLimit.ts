// Requests-per-minute limit for count calls: a sliding one-minute window.

export class RateLimiter {
  private readonly taken: number[] = [];

  constructor(private readonly perMinute: () => number, private readonly now: () => number = Date.now) {}

  /** Takes a slot when one is free; false means the caller should keep its estimate for now. */
  tryTake(): boolean {
    const t = this.now();
    while (this.taken.length > 0 && t - this.taken[0]! >= 60_000) this.taken.shift();
    if (this.taken.length >= Math.max(0, this.perMinute())) return false;
    this.taken.push(t);
    return true;
  }

  /** Milliseconds until a slot frees up (0 when one is free now). */
  waitMs(): number {
    if (this.taken.length < this.perMinute()) return 0;
    return Math.max(0, this.taken[0]! + 60_000 - this.now());
  }
}
