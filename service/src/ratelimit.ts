/**
 * Fixed-window request counters per API key and per client address. They are
 * per process: behind a load balancer with N API processes a client can reach
 * N times the limit, which the docs say; the limits exist to stop floods, not
 * to meter.
 */
export interface LimitDecision {
  ok: boolean;
  /** Seconds until the window resets, for `Retry-After`. */
  retryAfter: number;
  remaining: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly windowMs: number) {}

  hit(key: string, limit: number, now = Date.now()): LimitDecision {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.sweep(now);
    }
    w.count++;
    const retryAfter = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    return { ok: w.count <= limit, retryAfter, remaining: Math.max(0, limit - w.count) };
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
