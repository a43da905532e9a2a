import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Redis } from 'ioredis';
import { STATE_IDLE_MS } from '../stateStorage.ts';

/**
 * Bot Framework conversation state (the remembered exchanges) in Redis, so a follow-up question is
 * understood whichever replica it reaches. Every write sets the expiry anew: state idle for
 * `idleMs` is deleted by Redis itself (data protection without a sweeper). Writes honour eTags like
 * botbuilder's MemoryStorage ('*' or none: overwrite; otherwise only over the same eTag).
 */

// KEYS[1] item; ARGV: json, expected eTag ('' = any), ttl ms. Returns 0 on an eTag conflict.
const WRITE = `
local expected = ARGV[2]
if expected ~= '' then
  local old = redis.call('get', KEYS[1])
  if old and cjson.decode(old).eTag ~= expected then return 0 end
end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1`;

function key(name: string): string {
  return `state:${name}`;
}

export class RedisConversationStorage implements Storage {
  constructor(
    private readonly redis: Redis,
    private readonly idleMs = STATE_IDLE_MS,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const values = await this.redis.mget(...keys.map(key));
    const items: StoreItems = {};
    keys.forEach((name, i) => {
      const value = values[i];
      if (value) items[name] = JSON.parse(value);
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([name, item]) => {
        const expected = item?.eTag && item.eTag !== '*' ? String(item.eTag) : '';
        const stored = JSON.stringify({ ...item, eTag: randomUUID() });
        const written = await this.redis.eval(WRITE, 1, key(name), stored, expected, String(this.idleMs));
        if (written !== 1) throw new Error(`Storage: error writing "${name}" due to eTag conflict.`);
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys.map(key));
  }
}
