import { createHash, randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Redis } from 'ioredis';
import {
  activityId,
  activitySeq,
  bearerToken,
  ConversationLimitError,
  END_GRACE_MS,
  MAX_ACTIVITIES_KEPT,
  type ActivityPage,
  type DirectLineConversation,
  type DirectLineStore,
  type QueuedTurn,
} from '../directline/directLineStore.ts';

/**
 * Direct Line conversations in Redis, shared by every replica. Per conversation: a hash (SHA-1 of
 * the token — never the token itself —, user id, activity count), the list of its last activities,
 * and the list of turns still to run; all expire after the idle time and every use renews them, so
 * Redis forgets idle conversations by itself. The token names its conversation (`<id>.<secret>`),
 * so checking it is one script call. A sorted set of open conversations bounds their number. An
 * ended conversation ("Neues Gespräch") is marked so, is no longer renewed and expires END_GRACE_MS later.
 */

const LIVE = 'dl:live';

// KEYS conversation, activities, turns, live; ARGV token, idle ms, now, id → {user id, ended 0/1} or nil.
const AUTHORIZE = `
local fields = redis.call('hmget', KEYS[1], 'tokenHash', 'userId', 'ended')
if not fields[1] or fields[1] ~= redis.sha1hex(ARGV[1]) then return false end
if fields[3] then return {fields[2], 1} end
for i = 1, 3 do redis.call('pexpire', KEYS[i], ARGV[2]) end
redis.call('zadd', KEYS[4], ARGV[3], ARGV[4])
return {fields[2], 0}`;

// KEYS conversation, activities; ARGV activity JSON, idle ms, kept → sequence number, or -1 when gone or ended.
const APPEND = `
if redis.call('exists', KEYS[1]) == 0 or redis.call('hexists', KEYS[1], 'ended') == 1 then return -1 end
local seq = redis.call('hincrby', KEYS[1], 'seq', 1) - 1
redis.call('rpush', KEYS[2], ARGV[1])
redis.call('ltrim', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('pexpire', KEYS[2], ARGV[2])
redis.call('pexpire', KEYS[1], ARGV[2])
return seq`;

// KEYS conversation, activities, turns; ARGV watermark → {count, seq of the first item, pending turns, items}.
const SINCE = `
local count = tonumber(redis.call('hget', KEYS[1], 'seq') or '0')
local kept = redis.call('llen', KEYS[2])
local firstKept = count - kept
local from = math.max(0, tonumber(ARGV[1]) - firstKept)
local items = {}
if from < kept then items = redis.call('lrange', KEYS[2], from, -1) end
return {count, firstKept + from, redis.call('llen', KEYS[3]), items}`;

// KEYS conversation, turns; ARGV turn JSON, idle ms. Turns of an ended conversation are not queued.
const ENQUEUE = `
if redis.call('exists', KEYS[1]) == 0 or redis.call('hexists', KEYS[1], 'ended') == 1 then return 0 end
redis.call('rpush', KEYS[2], ARGV[1])
redis.call('pexpire', KEYS[2], ARGV[2])
return 1`;

// KEYS conversation, activities, turns, live; ARGV seq of the last activity kept (-1: none), grace ms, id.
const END = `
if redis.call('exists', KEYS[1]) == 0 then return 0 end
local count = tonumber(redis.call('hget', KEYS[1], 'seq') or '0')
local kept = redis.call('llen', KEYS[2])
local seq = tonumber(ARGV[1])
local drop = kept
if seq >= 0 then drop = math.min(kept, math.max(0, seq - (count - kept))) end
if drop > 0 then redis.call('ltrim', KEYS[2], drop, -1) end
redis.call('del', KEYS[3])
redis.call('hset', KEYS[1], 'ended', '1')
redis.call('pexpire', KEYS[1], ARGV[2])
redis.call('pexpire', KEYS[2], ARGV[2])
redis.call('zrem', KEYS[4], ARGV[3])
return 1`;

const MARK_STARTED = `
if redis.call('exists', KEYS[1]) == 0 then return 0 end
return redis.call('hsetnx', KEYS[1], 'started', '1')`;

function keys(id: string): { conversation: string; activities: string; turns: string } {
  return { conversation: `dl:${id}`, activities: `dl:${id}:activities`, turns: `dl:${id}:turns` };
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function randomId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export class RedisDirectLineStore implements DirectLineStore {
  constructor(
    private readonly redis: Redis,
    readonly idleMs: number,
    private readonly maxConversations = 10_000,
    private readonly endGraceMs = END_GRACE_MS,
  ) {}

  async create(): Promise<DirectLineConversation> {
    const now = Date.now();
    await this.redis.zremrangebyscore(LIVE, '-inf', now - this.idleMs);
    if ((await this.redis.zcard(LIVE)) >= this.maxConversations) throw new ConversationLimitError('too many open conversations');
    const id = randomId(18);
    const conversation: DirectLineConversation = { id, token: `${id}.${randomId(32)}`, userId: `dl_${randomId(12)}` };
    const { conversation: key } = keys(id);
    await this.redis
      .multi()
      .hset(key, { tokenHash: sha1(conversation.token), userId: conversation.userId, seq: 0 })
      .pexpire(key, this.idleMs)
      .zadd(LIVE, now, id)
      .exec();
    return conversation;
  }

  async authorize(authorization: string | undefined, id?: string): Promise<DirectLineConversation | undefined> {
    const token = bearerToken(authorization);
    const conversationId = token?.split('.', 1)[0];
    if (!token || !conversationId || (id !== undefined && id !== conversationId)) return undefined;
    const k = keys(conversationId);
    const found = (await this.redis.eval(AUTHORIZE, 4, k.conversation, k.activities, k.turns, LIVE, token, String(this.idleMs), String(Date.now()), conversationId)) as
      | [string, number]
      | null;
    if (!found) return undefined;
    const [userId, ended] = found;
    return { id: conversationId, token, userId, ...(ended === 1 ? { ended: true as const } : {}) };
  }

  async markStarted(conversation: DirectLineConversation): Promise<boolean> {
    return (await this.redis.eval(MARK_STARTED, 1, keys(conversation.id).conversation)) === 1;
  }

  async append(conversation: DirectLineConversation, activity: Partial<Activity>): Promise<Partial<Activity>> {
    const k = keys(conversation.id);
    const { id: _ignored, ...rest } = activity;
    const seq = (await this.redis.eval(APPEND, 2, k.conversation, k.activities, JSON.stringify(rest), String(this.idleMs), String(MAX_ACTIVITIES_KEPT))) as number;
    return { ...rest, id: activityId(conversation.id, Math.max(0, seq)) };
  }

  async since(conversation: DirectLineConversation, watermark: number): Promise<ActivityPage> {
    const k = keys(conversation.id);
    const [count, firstSeq, pending, items] = (await this.redis.eval(SINCE, 3, k.conversation, k.activities, k.turns, String(watermark))) as [
      number,
      number,
      number,
      string[],
    ];
    const activities = items.map((item, i) => ({ ...(JSON.parse(item) as Partial<Activity>), id: activityId(conversation.id, firstSeq + i) }));
    return { activities, watermark: count, pendingTurns: pending };
  }

  async enqueueTurn(conversation: DirectLineConversation, turn: QueuedTurn): Promise<void> {
    const k = keys(conversation.id);
    await this.redis.eval(ENQUEUE, 2, k.conversation, k.turns, JSON.stringify(turn), String(this.idleMs));
  }

  async takeTurn(conversation: DirectLineConversation): Promise<QueuedTurn | undefined> {
    const value = await this.redis.lpop(keys(conversation.id).turns);
    return value ? (JSON.parse(value) as QueuedTurn) : undefined;
  }

  async pendingTurns(conversation: DirectLineConversation): Promise<number> {
    return this.redis.llen(keys(conversation.id).turns);
  }

  async end(conversation: DirectLineConversation, lastActivityId: string | undefined): Promise<void> {
    const k = keys(conversation.id);
    const seq = activitySeq(conversation.id, lastActivityId) ?? -1;
    await this.redis.eval(END, 4, k.conversation, k.activities, k.turns, LIVE, String(seq), String(this.endGraceMs), conversation.id);
  }

  async close(): Promise<void> {
    // The connection belongs to the state stores, which close it.
  }
}
