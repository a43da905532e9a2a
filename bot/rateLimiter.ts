/**
 * Per-key rate limits (messages per user, new conversations per client address, feedback per
 * conversation, failed admin sign-ins per address): at most `limit` events per window of `windowMs`,
 * counted from the first event in the window; refused events do not prolong it. The counting is done
 * by rate-limiter-flexible, in process memory (state/memoryRateLimiter.ts) or in the shared store so
 * that every replica counts the same window (state/redisRateLimiter.ts).
 */
export interface RateLimiter {
  /** Records an event for `key` and says whether it is allowed. */
  tryAcquire(key: string): Promise<boolean>;
}

/** A limit that can also be read without counting, for lockouts (failed admin sign-ins). */
export interface LockoutLimiter extends RateLimiter {
  /** Whether `key` has used up its limit in the current window. */
  isLimited(key: string): Promise<boolean>;
}

export interface RateLimitOptions {
  /** Distinguishes the limits of different features in one store. */
  name: string;
  limit: number;
  /** Whole seconds; default one minute. */
  windowMs?: number;
}

/** Both stores' limiters can be read without counting, so any limit can serve as a lockout. */
export type RateLimiterFactory = (options: RateLimitOptions) => LockoutLimiter;

export const DEFAULT_RATE_WINDOW_MS = 60_000;

/** rate-limiter-flexible counts in whole seconds. */
export function windowSeconds(options: RateLimitOptions): number {
  return Math.max(1, Math.round((options.windowMs ?? DEFAULT_RATE_WINDOW_MS) / 1000));
}
