import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_EVENT, FEEDBACK_STORED_EVENT } from '../../bot/render/webChatAnswer.ts';
import { readRedisAuditLog } from '../../bot/state/redisAuditLog.ts';
import { RedisFeedbackStore } from '../../bot/state/redisFeedbackStore.ts';
import { createLogger } from '../../core/logger.ts';
import { closeRedis, connectRedis } from '../../core/state/redisConnection.ts';
import { makeBotWorkspace, type BotWorkspace } from '../bot/botTestSupport.ts';
import { startLoggedServer, type LoggedServer } from '../hardening/serverHarness.ts';
import { redisUnavailableReason, startRedisServer, type RedisServer } from './redisServer.ts';

/**
 * The limits of issue 10 with STATE_STORE=redis: two bot servers on one Redis stand for two replicas
 * behind a load balancer. A client that spreads its requests over both must meet each limit once, not
 * once per replica — so every limit below is reached only by the shared count.
 */

const skipRedis = redisUnavailableReason();
const ADMIN_TOKEN = 'shared-limits-admin-token-0123456789';
const PREFIX = `shared-limits-${process.pid}:`;

function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe.skipIf(skipRedis !== undefined)('limits counted across replicas in Redis', () => {
  let redisServer: RedisServer;
  let redis: Redis;
  let workspace: BotWorkspace;
  let replicas: LoggedServer[] = [];
  /** The replica for the i-th request: round robin, as the load balancer would. */
  const replica = (i: number) => replicas[i % replicas.length]!;

  beforeAll(async () => {
    redisServer = await startRedisServer();
    redis = await connectRedis({ url: redisServer.url, keyPrefix: PREFIX, logger: createLogger({ level: 'silent' }) });
    workspace = await makeBotWorkspace();
    const env = {
      STATE_STORE: 'redis',
      REDIS_URL: redisServer.url,
      REDIS_KEY_PREFIX: PREFIX,
      ADMIN_TOKEN,
      ADMIN_AUTH_FAILURES_PER_MINUTE: '4',
      DIRECT_LINE_CONVERSATIONS_PER_MINUTE: '4',
      FEEDBACK_PER_MINUTE: '3',
      TRUSTED_PROXIES: 'loopback',
    };
    replicas = [await startLoggedServer(workspace, env), await startLoggedServer(workspace, env)];
  }, 120_000);

  afterAll(async () => {
    for (const server of replicas) await server.close();
    if (redis) await closeRedis(redis);
    await redisServer?.stop();
    await workspace?.cleanup();
  });

  it('locks an address out after ADMIN_AUTH_FAILURES_PER_MINUTE failed sign-ins on any replicas, and audits it in the shared log', async () => {
    const status = (i: number, token: string, client = '10.7.0.1') =>
      fetch(`${replica(i).baseUrl}/api/admin/status`, { headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': client } }).then((r) => r.status);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push(await status(i, `wrong-token-${i}-padding-padding`));
    // Each replica saw three failures, fewer than the limit of four; together they reached it.
    expect(codes).toEqual([401, 401, 401, 401, 429, 429]);
    expect([await status(0, ADMIN_TOKEN), await status(1, ADMIN_TOKEN)]).toEqual([429, 429]);
    expect(await status(0, ADMIN_TOKEN, '10.7.0.2')).toBe(200);

    const denied = (await readRedisAuditLog(redis)).filter((entry) => entry.outcome === 'denied');
    // One full line per replica for this client in this minute (the rest are counted), each with the client's pseudonym.
    expect(denied.length).toBeGreaterThanOrEqual(1);
    expect(denied.length).toBeLessThanOrEqual(2);
    expect(denied.every((entry) => typeof entry.client === 'string' && entry.client.length > 0 && !entry.client.includes('10.7.0.1'))).toBe(true);
  });

  it('counts new web chat conversations per address across replicas', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postJson(`${replica(i).baseUrl}/v3/directline/tokens/generate`, {}, { 'X-Forwarded-For': '10.8.0.1' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // Another person behind the same proxy is not affected.
    expect((await postJson(`${replica(0).baseUrl}/v3/directline/tokens/generate`, {}, { 'X-Forwarded-For': '10.8.0.2' })).status).toBe(200);
  });

  it('stores at most FEEDBACK_PER_MINUTE entries per conversation, whichever replica takes them', async () => {
    const feedback = new RedisFeedbackStore(redis);
    const before = (await feedback.read()).length;
    const generated = await postJson(`${replica(0).baseUrl}/v3/directline/tokens/generate`, {}, { 'X-Forwarded-For': '10.9.0.1' });
    const { token, conversationId } = (await generated.json()) as { token: string; conversationId: string };
    const auth = { Authorization: `Bearer ${token}` };
    for (let i = 0; i < 6; i++) {
      const posted = await postJson(`${replica(i).baseUrl}/v3/directline/conversations/${conversationId}/activities`, { type: 'event', name: FEEDBACK_EVENT, value: { rating: 'down', answerId: `a-${i}` } }, auth);
      expect(posted.status).toBe(200);
    }
    // Turns of a conversation run in order on whichever replica: once a question posted last is
    // answered, all six feedback events have been handled.
    await postJson(`${replica(0).baseUrl}/v3/directline/conversations/${conversationId}/activities`, { type: 'message', text: 'hilfe' }, auth);
    let activities: Array<{ type?: string; name?: string; text?: string; value?: { answerId?: string } }> = [];
    await expect
      .poll(
        async () => {
          const page = (await (await fetch(`${replica(1).baseUrl}/v3/directline/conversations/${conversationId}/activities`, { headers: auth })).json()) as { activities: typeof activities };
          activities = page.activities;
          return activities.some((a) => a.type === 'message' && /So nutzen/.test(a.text ?? ''));
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(activities.filter((a) => a.name === FEEDBACK_STORED_EVENT).map((a) => a.value?.answerId)).toEqual(['a-0', 'a-1', 'a-2']);
    expect(replicas.flatMap((server) => server.logs).filter((line) => line.msg === 'feedback limit reached; further feedback is not stored').length).toBeGreaterThan(0);
    expect((await feedback.read()).length - before).toBe(3);
  });
});
