import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { windowSeconds, type LockoutLimiter, type RateLimitOptions } from '../rateLimiter.ts';

/** Rate limit counted in this process (STATE_STORE=memory); expired windows are dropped by timers. */
export class MemoryRateLimiter implements LockoutLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(private readonly options: RateLimitOptions) {
    this.limiter = new RateLimiterMemory({ keyPrefix: options.name, points: options.limit, duration: windowSeconds(options) });
  }

  async tryAcquire(key: string): Promise<boolean> {
    return consumed(this.limiter, key);
  }

  async isLimited(key: string): Promise<boolean> {
    return usedUp(await this.limiter.get(key), this.options.limit);
  }
}

/** consume() rejects with a RateLimiterRes when the limit is reached, and with an Error when the store fails. */
export async function consumed(limiter: { consume(key: string): Promise<RateLimiterRes> }, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}

/** get() gives null for a key without events in the current window. */
export function usedUp(state: RateLimiterRes | null, limit: number): boolean {
  return state !== null && state.consumedPoints >= limit;
}
