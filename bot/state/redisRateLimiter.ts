import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { windowSeconds, type LockoutLimiter, type RateLimitOptions } from '../rateLimiter.ts';
import { consumed, usedUp } from './memoryRateLimiter.ts';

/**
 * Rate limit counted in Redis (one atomic script per event), so a user who is spread over several
 * replicas by the load balancer still gets `limit` messages per window in total. While Redis is
 * unreachable each replica counts on its own (rate-limiter-flexible's insurance limiter) instead of
 * refusing everyone.
 */
export class RedisRateLimiter implements LockoutLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: Redis,
    private readonly options: RateLimitOptions,
  ) {
    const duration = windowSeconds(options);
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `ratelimit:${options.name}`,
      points: options.limit,
      duration,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: options.name, points: options.limit, duration }),
    });
  }

  async tryAcquire(key: string): Promise<boolean> {
    return consumed(this.limiter, key);
  }

  /** Reads the shared count (the insurance limiter's while Redis is unreachable). */
  async isLimited(key: string): Promise<boolean> {
    return usedUp(await this.limiter.get(key), this.options.limit);
  }
}
