import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Lease, LeaseStore } from './leases.ts';

/**
 * Leases in Redis, the pattern Redis documents for a lock on a single instance: SET NX PX with a
 * random value, renewed and released only by a script that first checks the value is still ours.
 * (The `redlock` package implements the multi-master variant, which one Redis does not need, and has
 * had no stable release since 2020.)
 */

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

function key(name: string): string {
  return `lease:${name}`;
}

export class RedisLeases implements LeaseStore {
  constructor(private readonly redis: Redis) {}

  async tryAcquire(name: string, ttlMs: number, holder: string = randomUUID()): Promise<Lease | undefined> {
    // The holder is readable by others; the random part makes the value ours alone.
    const value = `${randomUUID()}|${holder}`;
    const taken = await this.redis.set(key(name), value, 'PX', ttlMs, 'NX');
    if (taken !== 'OK') return undefined;
    return {
      name,
      holder,
      renew: async () => (await this.redis.eval(RENEW, 1, key(name), value, String(ttlMs))) === 1,
      release: async () => {
        await this.redis.eval(RELEASE, 1, key(name), value);
      },
    };
  }

  async holderOf(name: string): Promise<string | undefined> {
    const value = await this.redis.get(key(name));
    return value ? value.slice(value.indexOf('|') + 1) : undefined;
  }
}
