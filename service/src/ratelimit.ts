/**
 * Fixed-window request counters per API key and per client address. With the
 * `memory` store they are per process (behind N API processes a client could
 * reach N times the limit); with the `database` store (the default on a
 * PostgreSQL server) every API process counts in one table, so the limit holds
 * however many processes the load balancer spreads a client over. The limits
 * exist to stop floods, not to meter: when the database cannot count, the
 * process falls back to its own counters rather than refuse or wave everything through.
 */
import type { Queryable } from './db';

export interface LimitDecision {
  ok: boolean;
  /** Seconds until the window resets, for `Retry-After`. */
  retryAfter: number;
  remaining: number;
}

export interface Limiter {
  hit(key: string, limit: number): Promise<LimitDecision>;
}

export class RateLimiter implements Limiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly windowMs: number) {}

  async hit(key: string, limit: number): Promise<LimitDecision> {
    return this.hitNow(key, limit);
  }

  hitNow(key: string, limit: number, now = Date.now()): LimitDecision {
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

/**
 * Counters in the `rate_limits` table: one atomic upsert per request on the
 * row of the key's current window. Windows are aligned on the database's
 * clock, so processes on machines whose clocks differ still share them.
 */
export class DatabaseRateLimiter implements Limiter {
  private lastSweep = 0;
  private lastFallback = 0;
  private readonly fallback: RateLimiter;
  constructor(
    private readonly db: Queryable,
    private readonly windowMs: number,
    private readonly onFallback: (err: unknown) => void = () => undefined,
  ) {
    this.fallback = new RateLimiter(windowMs);
  }

  async hit(key: string, limit: number): Promise<LimitDecision> {
    let row: { count: number; ms_left: number } | undefined;
    try {
      row = (
        await this.db.query<{ count: number; ms_left: number }>(
          `WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM clock_timestamp()) * 1000 / $2::float8) * $2::float8 / 1000) AS start)
           INSERT INTO rate_limits (key, window_start, count) SELECT $1, w.start, 1 FROM w
           ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
           RETURNING count, (extract(epoch FROM window_start - clock_timestamp()) * 1000 + $2::float8)::float8 AS ms_left`,
          [key, this.windowMs],
        )
      )[0];
    } catch (err) {
      // Told once a minute at most: while the database is away every request comes here.
      if (Date.now() - this.lastFallback > 60_000) {
        this.lastFallback = Date.now();
        this.onFallback(err);
      }
      return this.fallback.hitNow(key, limit);
    }
    this.sweep();
    const retryAfter = Math.max(1, Math.ceil(row.ms_left / 1000));
    return { ok: row.count <= limit, retryAfter, remaining: Math.max(0, limit - row.count) };
  }

  /** Drops windows that ended, now and then, from whichever process gets there. */
  private sweep(): void {
    const now = Date.now();
    if (now - this.lastSweep < Math.max(10_000, this.windowMs)) return;
    this.lastSweep = now;
    void this.db.query('DELETE FROM rate_limits WHERE window_start < clock_timestamp() - make_interval(secs => $1::float8 / 1000 * 2)', [this.windowMs]).catch(() => undefined);
  }
}
