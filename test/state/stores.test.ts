import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryJobStore } from '../../bot/admin/memoryJobStore.ts';
import type { ReindexJob, ReindexJobStore } from '../../bot/admin/reindexJobs.ts';
import type { DirectLineStore } from '../../bot/directline/directLineStore.ts';
import { MemoryDirectLineStore } from '../../bot/directline/memoryDirectLineStore.ts';
import { fileFeedbackStore, type FeedbackStore } from '../../bot/feedbackStore.ts';
import type { LockoutLimiter, RateLimitOptions } from '../../bot/rateLimiter.ts';
import { MemoryRateLimiter } from '../../bot/state/memoryRateLimiter.ts';
import { readRedisAuditLog, createRedisAuditLog } from '../../bot/state/redisAuditLog.ts';
import { RedisConversationStorage } from '../../bot/state/redisConversationStorage.ts';
import { RedisDirectLineStore } from '../../bot/state/redisDirectLineStore.ts';
import { RedisFeedbackStore } from '../../bot/state/redisFeedbackStore.ts';
import { RedisJobStore } from '../../bot/state/redisJobStore.ts';
import { RedisRateLimiter } from '../../bot/state/redisRateLimiter.ts';
import { ExpiringMemoryStorage } from '../../bot/stateStorage.ts';
import { createLogger } from '../../core/logger.ts';
import type { LeaseStore } from '../../core/state/leases.ts';
import { MemoryLeases } from '../../core/state/memoryLeases.ts';
import { closeRedis, connectRedis, StateStoreUnavailableError } from '../../core/state/redisConnection.ts';
import { RedisLeases } from '../../core/state/redisLeases.ts';
import type { Storage } from 'botbuilder';
import { freePort, redisUnavailableReason, startRedisServer, type RedisServer } from './redisServer.ts';

/**
 * One contract, two stores: every state store behaves the same in process memory and in a real
 * redis-server, so whatever the bot relies on holds with STATE_STORE=memory and =redis alike.
 */

const logger = createLogger({ level: 'silent' });
const skipRedis = redisUnavailableReason();

interface Backend {
  name: string;
  directLine(idleMs: number, max?: number, endGraceMs?: number): DirectLineStore;
  leases(): LeaseStore;
  rateLimiter(options: RateLimitOptions): LockoutLimiter;
  conversationState(idleMs: number): Storage;
  feedback(): Promise<FeedbackStore>;
  jobs(): ReindexJobStore;
}

let redisServer: RedisServer | undefined;
let tempDirs: string[] = [];
let prefixCounter = 0;
const clients: Redis[] = [];

/** A separate key space per test, as separate deployments would have. */
async function freshRedis(): Promise<Redis> {
  const client = await connectRedis({ url: redisServer!.url, keyPrefix: `test${++prefixCounter}:`, logger });
  clients.push(client);
  return client;
}

const memory: Backend = {
  name: 'memory',
  directLine: (idleMs, max, endGraceMs) => new MemoryDirectLineStore(idleMs, max, Date.now, endGraceMs),
  leases: () => new MemoryLeases(),
  rateLimiter: (options) => new MemoryRateLimiter(options),
  conversationState: (idleMs) => new ExpiringMemoryStorage(idleMs),
  feedback: async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wegweiser-feedback-'));
    tempDirs.push(dir);
    return fileFeedbackStore(dir);
  },
  jobs: () => new MemoryJobStore(),
};

/** The Redis backend's stores share one client with a key prefix of their own. */
let sharedClient: Redis;
const redisStore: Backend = {
  name: 'redis',
  directLine: (idleMs, max, endGraceMs) => new RedisDirectLineStore(sharedClient, idleMs, max, endGraceMs),
  leases: () => new RedisLeases(sharedClient),
  rateLimiter: (options) => new RedisRateLimiter(sharedClient, options),
  conversationState: (idleMs) => new RedisConversationStorage(sharedClient, idleMs),
  feedback: async () => new RedisFeedbackStore(sharedClient),
  jobs: () => new RedisJobStore(sharedClient),
};

beforeAll(async () => {
  if (skipRedis) return;
  redisServer = await startRedisServer();
  sharedClient = await freshRedis();
});

afterAll(async () => {
  for (const client of clients) await closeRedis(client);
  await redisServer?.stop();
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
  tempDirs = [];
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([memory, redisStore])('state stores: $name', (backend) => {
  const skip = backend.name === 'redis' && skipRedis !== undefined;
  beforeEach(async () => {
    if (backend.name === 'redis' && !skip) sharedClient = await freshRedis();
  });

  describe.skipIf(skip)('Direct Line conversations', () => {
    it('authorise by token, page by watermark, queue turns in order and refuse foreign tokens', async () => {
      const store = backend.directLine(60_000);
      const a = await store.create();
      const b = await store.create();
      expect(await store.authorize(`Bearer ${a.token}`, a.id)).toEqual(a);
      expect(await store.authorize(`Bearer ${a.token}`, b.id)).toBeUndefined();
      expect(await store.authorize(`Bearer ${b.token}`, a.id)).toBeUndefined();
      expect(await store.authorize('Bearer nope')).toBeUndefined();
      expect(await store.authorize(`Bearer ${a.id}.forged`)).toBeUndefined();
      expect(await store.authorize(undefined)).toBeUndefined();

      const first = await store.append(a, { type: 'message', text: 'eins' });
      const second = await store.append(a, { type: 'message', text: 'zwei' });
      expect(first.id).not.toBe(second.id);
      expect((await store.since(a, 0)).activities.map((x) => [x.id, x.text])).toEqual([
        [first.id, 'eins'],
        [second.id, 'zwei'],
      ]);
      expect(await store.since(a, 1)).toMatchObject({ watermark: 2, activities: [{ text: 'zwei', id: second.id }] });
      expect((await store.since(a, 2)).activities).toEqual([]);
      expect((await store.since(b, 0)).activities).toEqual([]);

      expect(await store.markStarted(a)).toBe(true);
      expect(await store.markStarted(a)).toBe(false);
      await store.enqueueTurn(a, { activity: { type: 'message', text: 'q1' }, baseUrl: 'http://x' });
      await store.enqueueTurn(a, { activity: { type: 'message', text: 'q2' }, baseUrl: 'http://x' });
      expect(await store.pendingTurns(a)).toBe(2);
      expect((await store.since(a, 2)).pendingTurns).toBe(2);
      expect((await store.takeTurn(a))?.activity.text).toBe('q1');
      expect((await store.takeTurn(a))?.activity.text).toBe('q2');
      expect(await store.takeTurn(a)).toBeUndefined();
      await store.close();
    });

    it('keeps the last 200 activities while the watermark counts on', async () => {
      const store = backend.directLine(60_000);
      const a = await store.create();
      for (let i = 0; i < 205; i++) await store.append(a, { type: 'message', text: `m${i}` });
      const page = await store.since(a, 0);
      expect(page.watermark).toBe(205);
      expect(page.activities).toHaveLength(200);
      expect(page.activities[0]?.text).toBe('m5');
      expect((await store.since(a, 203)).activities.map((x) => x.text)).toEqual(['m203', 'm204']);
      await store.close();
    });

    it('forgets a conversation idle for longer than the idle time and bounds how many are open', async () => {
      const store = backend.directLine(300, 2);
      const a = await store.create();
      await store.create();
      await expect(store.create()).rejects.toThrow(/too many open conversations/);
      await sleep(450);
      expect(await store.authorize(`Bearer ${a.token}`)).toBeUndefined();
      // The idle ones no longer count against the limit.
      const c = await store.create();
      expect(await store.authorize(`Bearer ${c.token}`)).toEqual(c);
      await store.close();
    });

    it('an ended conversation keeps only the echo of its end, takes no more activities or turns and is gone after the grace time', async () => {
      const store = backend.directLine(60_000, 10, 400);
      const a = await store.create();
      await store.append(a, { type: 'message', text: 'Frage mit persönlichen Angaben' });
      await store.append(a, { type: 'message', text: 'Antwort' });
      await store.enqueueTurn(a, { activity: { type: 'message', text: 'noch offen' }, baseUrl: 'http://x' });
      const end = await store.append(a, { type: 'endOfConversation' });
      await store.end(a, end.id);
      // The client still polls from watermark 2 and receives the echo of its endOfConversation only.
      expect(await store.since(a, 2)).toEqual({ activities: [end], watermark: 3, pendingTurns: 0 });
      expect((await store.since(a, 0)).activities.map((x) => x.type)).toEqual(['endOfConversation']);
      expect(await store.authorize(`Bearer ${a.token}`, a.id)).toEqual({ ...a, ended: true });
      await store.append(a, { type: 'message', text: 'danach' });
      await store.enqueueTurn(a, { activity: { type: 'message', text: 'danach' }, baseUrl: 'http://x' });
      expect(await store.since(a, 3)).toEqual({ activities: [], watermark: 3, pendingTurns: 0 });
      // Use during the grace time does not extend it.
      await sleep(250);
      expect(await store.authorize(`Bearer ${a.token}`)).toBeDefined();
      await sleep(250);
      expect(await store.authorize(`Bearer ${a.token}`)).toBeUndefined();
      await store.close();
    });

    it('an end without a known last activity drops the whole transcript', async () => {
      const store = backend.directLine(60_000);
      const a = await store.create();
      await store.append(a, { type: 'message', text: 'eins' });
      await store.end(a, undefined);
      expect(await store.since(a, 0)).toEqual({ activities: [], watermark: 1, pendingTurns: 0 });
      await store.close();
    });
  });

  describe.skipIf(skip)('leases', () => {
    it('one holder at a time, renewable by the holder only, free again after release or expiry', async () => {
      const leases = backend.leases();
      const first = await leases.tryAcquire('job', 300, 'job-1');
      expect(first).toBeDefined();
      expect(await leases.tryAcquire('job', 300, 'job-2')).toBeUndefined();
      expect(await leases.holderOf('job')).toBe('job-1');
      expect(await first!.renew()).toBe(true);
      await first!.release();
      expect(await leases.holderOf('job')).toBeUndefined();
      const second = await leases.tryAcquire('job', 200, 'job-2');
      expect(second).toBeDefined();
      await sleep(300);
      // Expired: the old holder cannot renew, and someone else can take it.
      expect(await second!.renew()).toBe(false);
      const third = await leases.tryAcquire('job', 1_000, 'job-3');
      expect(third).toBeDefined();
      // A stale holder's release does not free someone else's lease.
      await second!.release();
      expect(await leases.holderOf('job')).toBe('job-3');
      await third!.release();
    });
  });

  describe.skipIf(skip)('rate limits', () => {
    it('allow `limit` events per window and key; the next window starts afresh', async () => {
      const limiter = backend.rateLimiter({ name: `rl-${Math.random()}`, limit: 3, windowMs: 1_000 });
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await limiter.tryAcquire('a'));
      expect(results).toEqual([true, true, true, false, false]);
      expect(await limiter.tryAcquire('b')).toBe(true);
      // Read without counting (the admin lockout): reading does not use up the rest of the limit.
      expect(await limiter.isLimited('a')).toBe(true);
      expect([await limiter.isLimited('b'), await limiter.isLimited('b'), await limiter.isLimited('c')]).toEqual([false, false, false]);
      expect([await limiter.tryAcquire('b'), await limiter.tryAcquire('b'), await limiter.tryAcquire('b')]).toEqual([true, true, false]);
      await sleep(1_100);
      expect(await limiter.isLimited('a')).toBe(false);
      expect(await limiter.tryAcquire('a')).toBe(true);
    });
  });

  describe.skipIf(skip)('conversation state', () => {
    it('reads what was written, deletes, honours eTags and forgets after the idle time', async () => {
      const storage = backend.conversationState(400);
      await storage.write({ 'conv/a': { n: 1 }, 'conv/b': { n: 2 } });
      const read = await storage.read(['conv/a', 'conv/b', 'conv/none']);
      expect(read['conv/a']).toMatchObject({ n: 1 });
      expect(read['conv/none']).toBeUndefined();
      const eTag = read['conv/a']!.eTag as string;
      await storage.write({ 'conv/a': { n: 3, eTag } });
      await expect(storage.write({ 'conv/a': { n: 4, eTag } })).rejects.toThrow(/eTag conflict/);
      await storage.write({ 'conv/a': { n: 5, eTag: '*' } });
      expect((await storage.read(['conv/a']))['conv/a']).toMatchObject({ n: 5 });
      await storage.delete(['conv/b']);
      expect((await storage.read(['conv/b']))['conv/b']).toBeUndefined();
      await sleep(550);
      expect(await storage.read(['conv/a'])).toEqual({});
    });
  });

  describe.skipIf(skip)('feedback', () => {
    it('appends and reads newest first, with since and limit, comments shortened', async () => {
      const store = await backend.feedback();
      expect(await store.read()).toEqual([]);
      await store.append({ ts: '2026-10-31T23:00:00.000Z', user: 'u1', rating: 'up', answerId: 'a1', sources: ['x.pdf, Seite 1'] });
      await store.append({ ts: '2026-11-02T08:00:00.000Z', user: 'u2', rating: 'down', comment: 'k'.repeat(5000), answerId: 'a2', sources: [], channel: 'msteams' });
      const all = await store.read();
      expect(all.map((e) => e.answerId)).toEqual(['a2', 'a1']);
      expect(all[0]!.comment).toHaveLength(1000);
      expect(all[1]).toEqual({ ts: '2026-10-31T23:00:00.000Z', user: 'u1', rating: 'up', answerId: 'a1', sources: ['x.pdf, Seite 1'] });
      expect((await store.read({ limit: 1 })).map((e) => e.answerId)).toEqual(['a2']);
      await expect(store.append({ ts: 'x', user: 'u', rating: 'meh' as 'up', answerId: 'a', sources: [] })).rejects.toThrow();
    });
  });

  describe.skipIf(skip)('re-index jobs', () => {
    it('saves, updates and lists the newest jobs first, at most 20', async () => {
      const store = backend.jobs();
      const job = (n: number): ReindexJob => ({
        id: `job-${n}`,
        state: 'queued',
        full: false,
        requestedBy: 'admin-token',
        progress: { phase: 'queued', done: 0, total: 0 },
        createdAt: new Date(2026, 0, 1, 0, n).toISOString(),
      });
      for (let n = 1; n <= 22; n++) await store.save(job(n));
      await store.save({ ...job(22), state: 'succeeded', progress: { phase: 'write', done: 1, total: 1 } });
      const recent = await store.recent();
      expect(recent).toHaveLength(20);
      expect(recent[0]).toMatchObject({ id: 'job-22', state: 'succeeded' });
      expect(recent.at(-1)?.id).toBe('job-3');
      expect(await store.get('job-22')).toMatchObject({ progress: { phase: 'write' } });
      expect(await store.get('nope')).toBeUndefined();
    });
  });
});

describe.skipIf(skipRedis !== undefined)('Redis connection and audit log', () => {
  it('an unreachable Redis stops with an error that names REDIS_URL and hides the password', async () => {
    const port = await freePort();
    const error = await connectRedis({ url: `redis://user:geheim@127.0.0.1:${port}`, keyPrefix: 'x:', logger, connectTimeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateStoreUnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`redis://127\\.0\\.0\\.1:${port}.*REDIS_URL`));
    expect((error as Error).message).not.toContain('geheim');
  });

  it('keys carry the configured prefix, so deployments sharing a Redis stay apart', async () => {
    const one = await freshRedis();
    const two = await freshRedis();
    await new RedisFeedbackStore(one).append({ ts: '2026-11-01T00:00:00.000Z', user: 'u', rating: 'up', answerId: 'a', sources: [] });
    expect(await new RedisFeedbackStore(two).read()).toEqual([]);
    expect(await new RedisFeedbackStore(one).read()).toHaveLength(1);
    const leaseOne = await new RedisLeases(one).tryAcquire('ingest-lock', 1_000);
    expect(await new RedisLeases(two).tryAcquire('ingest-lock', 1_000)).toBeDefined();
    await leaseOne?.release();
  });

  it('audit entries of all writers land in one stream, in order', async () => {
    const client = await freshRedis();
    const a = createRedisAuditLog(client, logger);
    const b = createRedisAuditLog(client, logger);
    await a.record({ actor: 'admin-token', action: 'upload', target: 'x.pdf', outcome: 'success' });
    await b.record({ actor: 'anonymous', action: 'reindex', outcome: 'denied', reason: 'invalid admin token' });
    const records = await readRedisAuditLog(client);
    expect(records.map((r) => r.action)).toEqual(['reindex', 'upload']);
    expect(records[1]).toMatchObject({ actor: 'admin-token', target: 'x.pdf', outcome: 'success' });
    expect(records[1]!.ts).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
