import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** What a limiter says about one event: allowed, or refused until `retryAfterMs` from now. */
export interface RateDecision {
  allowed: boolean;
  retryAfterMs: number;
}

/**
 * A counter of events per key and time window. The memory implementation below keeps the counts in
 * this process; a shared store (rate-limiter-flexible's RateLimiterRedis has the same API) sits
 * behind the same interface when several replicas must share them.
 */
export interface RateLimiter {
  /** Counts one event for `key` and says whether it is within the limit. */
  consume(key: string): Promise<RateDecision>;
  /** Whether `key` is over its limit right now, without counting an event. */
  peek(key: string): Promise<RateDecision>;
}

export interface RateLimitOptions {
  /** Events allowed per window and key. */
  points: number;
  /** Window length; rate-limiter-flexible counts whole seconds. */
  durationMs?: number;
  /** Keeps the counters of different limits apart when they share a store. */
  keyPrefix: string;
}

/**
 * rate-limiter-flexible (maintained, with memory, Redis and other stores) instead of a hand-written
 * window: the per-user, per-address and per-conversation limits all use it. Fixed windows that start
 * with a key's first event; idle keys expire by themselves.
 */
export function memoryRateLimiter(options: RateLimitOptions): RateLimiter {
  const duration = Math.max(1, Math.round((options.durationMs ?? 60_000) / 1000));
  const limiter = new RateLimiterMemory({ points: options.points, duration, keyPrefix: options.keyPrefix });
  return {
    async consume(key) {
      try {
        const result = await limiter.consume(key);
        return { allowed: true, retryAfterMs: result.msBeforeNext };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterMs: rejection.msBeforeNext };
        throw rejection;
      }
    },
    async peek(key) {
      const result = await limiter.get(key);
      if (!result || result.consumedPoints < options.points) return { allowed: true, retryAfterMs: 0 };
      return { allowed: false, retryAfterMs: result.msBeforeNext };
    },
  };
}
