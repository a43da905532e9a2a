import { randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReindexJob } from '../../bot/admin/reindexJobs.ts';
import { FEEDBACK_EVENT, FEEDBACK_STORED_EVENT, type WebAnswer } from '../../bot/render/webChatAnswer.ts';
import { readRedisAuditLog } from '../../bot/state/redisAuditLog.ts';
import { loadConfig } from '../../core/config.ts';
import { createEmbeddings } from '../../core/embeddings/createEmbeddings.ts';
import { createLogger } from '../../core/logger.ts';
import { closeRedis, connectRedis } from '../../core/state/redisConnection.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';
import { channelActivity, CONTACT_EMAIL, CONTACT_QUESTION, CORPUS_DIR, readableText } from '../bot/botTestSupport.ts';
import { redisUnavailableReason, startRedisServer, type RedisServer } from './redisServer.ts';
import { DirectLineClient, startReplicas, startRoundRobinProxy, type Replica, type RoundRobinProxy } from './replicaSupport.ts';

/**
 * The acceptance test of issue 13: a real redis-server, three real bot processes on one shared
 * index folder, and a round-robin load balancer in front. Conversations must not notice which
 * replica serves a request, nor that one replica is killed and restarted in the middle.
 */

const skipRedis = redisUnavailableReason();
const ADMIN_TOKEN = 'replica-admin-token-0123456789';
const RATE_LIMIT = 6;
const FOLLOW_UP = 'Und wie ist die E-Mail-Adresse?';
const NEW_DOCUMENT = 'lotsenprogramm-kuestenverwaltung.md';
const NEW_DOCUMENT_TEXT = `# Lotsenprogramm Küstenverwaltung 2027

Das Lotsenprogramm Küstenverwaltung begleitet Ämter an der Nordseeküste bei der Einführung der E-Akte.

## Kontakt

Ansprechpartnerin für das Lotsenprogramm Küstenverwaltung ist Frau Dr. Henrike Wallmeyer,
Referat Digitale Verwaltung, Telefon 04841 998 217, E-Mail henrike.wallmeyer@kuestenverwaltung.example.
`;

interface Reply {
  status: number;
  servedBy: number;
  texts: string[];
  activities: Array<Record<string, unknown>>;
}

/**
 * A Teams message or invoke through the load balancer, answered in the response (expectReplies). The
 * replicas have no bot identity, so their limits count the client address, which the load balancer
 * (a trusted proxy) reports in X-Forwarded-For: each simulated person comes from an address of their own.
 */
async function teams(baseUrl: string, overrides: Record<string, unknown>, client = '10.40.0.1'): Promise<Reply> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify(
      channelActivity({ id: `act-${randomUUID()}`, conversation: { id: 'a:teams-conversation', conversationType: 'personal' }, locale: 'de-DE', deliveryMode: 'expectReplies', ...overrides }),
    ),
  });
  const body = response.headers.get('content-type')?.includes('json') ? ((await response.json()) as { activities?: Array<Record<string, unknown>> }) : {};
  const activities = body.activities ?? [];
  return {
    status: response.status,
    servedBy: Number(response.headers.get('x-served-by')),
    activities,
    texts: activities.filter((a) => a.type === 'message').map((a) => readableText(String(a.text ?? ''))),
  };
}

async function admin(baseUrl: string, route: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/admin${route}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(init.headers ?? {}) } });
}

describe.skipIf(skipRedis !== undefined)('three bot replicas on a shared Redis behind a round-robin load balancer', () => {
  let root: string;
  let redisServer: RedisServer;
  let redis: Redis;
  let replicas: Replica[];
  let proxy: RoundRobinProxy;
  const prefix = `replicas-${process.pid}:`;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wegweiser-replicas-'));
    const docsDir = path.join(root, 'docs');
    const indexDir = path.join(root, 'shared-index');
    await cp(CORPUS_DIR, docsDir, { recursive: true });
    const config = loadConfig({ DOCS_DIR: docsDir, INDEX_DIR: indexDir }, root);
    await runIngestion({ docsDir, indexDir, embeddings: await createEmbeddings(config), maxFileSizeBytes: config.maxFileSizeBytes });

    redisServer = await startRedisServer();
    redis = await connectRedis({ url: redisServer.url, keyPrefix: prefix, logger: createLogger({ level: 'silent' }) });
    const env = {
      STATE_STORE: 'redis',
      REDIS_URL: redisServer.url,
      REDIS_KEY_PREFIX: prefix,
      DOCS_DIR: docsDir,
      INDEX_DIR: indexDir,
      INDEX_POLL_INTERVAL_MS: '300',
      INGEST_ON_START: 'false',
      ADMIN_TOKEN,
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      PSEUDONYM_SECRET: 'replica-test',
      TRUSTED_PROXIES: 'loopback',
      LOG_LEVEL: 'warn',
      MicrosoftAppId: '',
      DIRECT_LINE_SECRET: '',
    };
    // Each replica has its own DATA_DIR: feedback and audit must come through the store, not files.
    for (let i = 0; i < 3; i++) await mkdir(path.join(root, `data-${i}`));
    replicas = await startReplicas(3, (i) => ({ ...env, DATA_DIR: path.join(root, `data-${i}`) }));
    proxy = await startRoundRobinProxy(replicas);
  });

  afterAll(async () => {
    await proxy?.close();
    await Promise.all((replicas ?? []).map((r) => r.stop()));
    if (redis) await closeRedis(redis);
    await redisServer?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('a web chat conversation (Direct Line, polled) keeps working across replicas and while one is killed and restarted', async () => {
    const chat = new DirectLineClient(proxy.baseUrl);
    const startedAt = proxy.served.length;
    await chat.open();
    try {
      await expect.poll(() => chat.activities.some((a) => a.from?.role === 'bot' && (a.text ?? '').includes('Willkommen')), { timeout: 20_000 }).toBe(true);
      const first = await chat.ask(CONTACT_QUESTION);
      expect(readableText(first.text)).toContain('Marvin Baldauf');

      await replicas[1]!.kill();
      // The follow-up needs the remembered exchange, written by whichever replica answered first.
      const followUp = await chat.ask(FOLLOW_UP);
      expect(readableText(followUp.text)).toContain(CONTACT_EMAIL);

      await replicas[1]!.start();
      const third = await chat.ask('Wer ist Ansprechpartner für das Digital Innovation Team?');
      expect(readableText(third.text)).toContain('Jan-Ole Beyer');
      // The next follow-up refers to the latest exchange, remembered across the restart.
      const again = await chat.ask(FOLLOW_UP);
      expect(readableText(again.text)).toContain('JanOle.Beyer@bmi.bund.de');
      expect(readableText(again.text)).not.toContain('Marvin Baldauf');

      // Feedback on an answer through the load balancer, as the page's light feedback control sends it ...
      const answerId = (third.channelData?.wegweiser as WebAnswer | undefined)?.answerId;
      expect(answerId).toBeDefined();
      const feedbackId = await chat.send({ type: 'event', name: FEEDBACK_EVENT, value: { rating: 'down', answerId, comment: 'Telefonnummer fehlte' } });
      const stored = await chat.replyTo(feedbackId, 30_000, 'event');
      expect(stored).toMatchObject({ name: FEEDBACK_STORED_EVENT, value: { answerId } });

      // Nothing was delivered twice, and the welcome came once, although several replicas served the polls.
      const ids = chat.activities.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(chat.activities.filter((a) => (a.text ?? '').includes('Willkommen'))).toHaveLength(1);
      const conversationRequests = proxy.served.slice(startedAt).filter((r) => r.path.startsWith('/v3/directline'));
      expect(new Set(conversationRequests.filter((r) => r.method === 'POST').map((r) => r.replica)).size).toBeGreaterThanOrEqual(2);
      expect(new Set(conversationRequests.map((r) => r.replica))).toEqual(new Set([0, 1, 2]));
    } finally {
      await chat.close();
    }

    // ... shows in the admin API of every replica, with the cited sources but not the question.
    for (const replica of replicas) {
      const { entries } = (await (await admin(replica.baseUrl, '/feedback')).json()) as { entries: Array<Record<string, unknown>> };
      const entry = entries.find((e) => e.comment === 'Telefonnummer fehlte');
      expect(entry, `replica ${replica.index}`).toMatchObject({ rating: 'down', channel: 'directline' });
      expect((entry!.sources as string[]).some((source) => source.startsWith('digitale-kompetenzen-praesentation.pdf'))).toBe(true);
      expect(JSON.stringify(entry)).not.toContain('Wer ist');
    }
    // No replica wrote feedback files of its own.
    for (const replica of replicas) expect(await readdir(path.join(root, `data-${replica.index}`))).toEqual([]);
  });

  it('"Neues Gespräch" ends a web chat conversation on every replica: memory and transcript gone, no more posts', async () => {
    const chat = new DirectLineClient(proxy.baseUrl);
    await chat.open();
    try {
      await chat.ask(CONTACT_QUESTION);
      const memoryKey = `state:directline/conversations/${chat.conversationId}/`;
      expect(await redis.exists(memoryKey)).toBe(1);

      const endId = await chat.send({ type: 'endOfConversation' });
      // The bot deleted its memory from the shared state, and the shared Direct Line store marked the end,
      // whichever replicas took the post and ran the turn.
      await expect.poll(() => redis.hget(`dl:${chat.conversationId}`, 'ended'), { timeout: 20_000 }).toBe('1');
      expect(await redis.exists(memoryKey)).toBe(0);
      const dlTtl = await redis.pttl(`dl:${chat.conversationId}`);
      expect(dlTtl).toBeGreaterThan(0);
      expect(dlTtl).toBeLessThanOrEqual(10_000);

      // Every replica refuses further posts and keeps only the echo of the end.
      const refused = [];
      for (let i = 0; i < replicas.length; i++) refused.push((await chat.postActivity({ type: 'message', text: CONTACT_QUESTION })).status);
      expect(refused).toEqual([403, 403, 403]);
      for (let i = 0; i < replicas.length; i++) {
        const page = await chat.page(0);
        expect(page.status).toBe(200);
        expect(page.activities.map((a) => [a.type, a.id])).toEqual([['endOfConversation', endId]]);
      }
      expect(await redis.exists(memoryKey)).toBe(0);
    } finally {
      await chat.close();
    }
  });

  it('a Teams conversation keeps its context while requests alternate and a replica is killed and restarted; its feedback shows everywhere', async () => {
    const first = await teams(proxy.baseUrl, { text: CONTACT_QUESTION });
    expect(first.status).toBe(200);
    expect(first.texts.join('\n')).toContain('Marvin Baldauf');
    const victim = replicas.find((r) => r.index !== first.servedBy)!;
    await victim.kill();
    const followUp = await teams(proxy.baseUrl, { text: FOLLOW_UP });
    expect(followUp.status).toBe(200);
    expect(followUp.servedBy).not.toBe(first.servedBy);
    expect(followUp.texts.join('\n')).toContain(CONTACT_EMAIL);
    await victim.start();

    const answer = followUp.activities.find((a) => a.type === 'message');
    const invoke = await teams(proxy.baseUrl, {
      type: 'invoke',
      name: 'message/submitAction',
      text: undefined,
      value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":"passt"}' }, replyToId: answer?.id ?? 'unknown' },
    });
    expect(invoke.status).toBe(200);
    const readBy = replicas.find((r) => r.index !== invoke.servedBy)!;
    const { entries } = (await (await admin(readBy.baseUrl, '/feedback')).json()) as { entries: Array<Record<string, unknown>> };
    expect(entries.find((e) => e.comment === 'passt')).toMatchObject({ rating: 'up', channel: 'msteams' });
  });

  it('counts the rate limit across replicas', async () => {
    const user = { id: '29:busy-user', name: 'Viel Fragerin', aadObjectId: '00000000-0000-0000-0000-0000000000bb' };
    const replies: Reply[] = [];
    for (let i = 0; i < RATE_LIMIT + 3; i++) replies.push(await teams(proxy.baseUrl, { from: user, conversation: { id: 'a:busy', conversationType: 'personal' }, text: 'hilfe' }, '10.40.0.66'));
    expect(new Set(replies.map((r) => r.servedBy))).toEqual(new Set([0, 1, 2]));
    const limited = replies.map((r) => r.texts.join(' ').includes('warten Sie einen Moment'));
    // Each replica alone saw at most 3 of these messages; only a shared count reaches the limit.
    expect(limited).toEqual([...Array(RATE_LIMIT).fill(false), true, true, true]);
  });

  it('a re-index triggered on one replica is answered from by all, without a restart', async () => {
    const [a, b, c] = replicas as [Replica, Replica, Replica];
    const question = 'Wer ist Ansprechpartnerin für das Lotsenprogramm Küstenverwaltung?';
    // A new reader (from an address of their own) per question: the polling below must not run into the rate limit.
    let readers = 0;
    const reader = () => ({ id: `29:reader-${randomUUID()}`, name: 'Leserin' });
    const readerAddress = () => `10.41.${Math.floor(++readers / 250)}.${readers % 250}`;
    expect((await teams(c.baseUrl, { text: question, from: reader(), conversation: { id: 'a:before' } }, readerAddress())).texts.join('\n')).not.toContain('Wallmeyer');

    const form = new FormData();
    form.append('file', new Blob([NEW_DOCUMENT_TEXT]), NEW_DOCUMENT);
    expect((await admin(a.baseUrl, '/documents', { method: 'POST', body: form })).status).toBe(201);
    const started = await admin(a.baseUrl, '/reindex', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    // One job at a time across replicas.
    const second = await admin(b.baseUrl, '/reindex', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { jobId: string }).jobId).toBe(jobId);

    // The job is followed through another replica than the one running it.
    let job: ReindexJob | undefined;
    await expect
      .poll(
        async () => {
          job = (await (await admin(b.baseUrl, `/jobs/${jobId}`)).json()) as ReindexJob;
          return job.state;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toMatch(/succeeded|failed/);
    expect(job?.state, JSON.stringify(job?.error)).toBe('succeeded');
    expect(job?.report?.added).toEqual([NEW_DOCUMENT]);

    // Every replica switches to the new version by polling CURRENT.
    for (const replica of replicas) {
      await expect
        .poll(async () => (await teams(replica.baseUrl, { text: question, from: reader(), conversation: { id: `a:after-${replica.index}` } }, readerAddress())).texts.join('\n'), {
          timeout: 15_000,
          interval: 300,
        })
        .toContain('Wallmeyer');
    }

    const status = (await (await admin(c.baseUrl, '/status')).json()) as { lastIngestion?: { jobId?: string; source: string } };
    expect(status.lastIngestion).toMatchObject({ source: 'admin-job', jobId });

    const audit = await readRedisAuditLog(redis);
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['upload', 'reindex', 'reindex.finished', 'feedback.read']));
    expect(audit.find((entry) => entry.action === 'reindex.finished')).toMatchObject({ jobId, outcome: 'success' });
  });
});
