import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { createEmbeddings } from '../../core/embeddings/createEmbeddings.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';
import { CONTACT_EMAIL, CONTACT_QUESTION, CORPUS_DIR } from '../bot/botTestSupport.ts';
import { redisUnavailableReason, startRedisServer, type RedisServer } from '../state/redisServer.ts';
import { startReplicas, startRoundRobinProxy, type Replica, type RoundRobinProxy } from '../state/replicaSupport.ts';

/** The real Web Chat (its own Direct Line client and polling) against two replicas on Redis. */

const skipRedis = redisUnavailableReason();

describe.skipIf(skipRedis !== undefined)('web chat in a real browser against two replicas behind a round-robin proxy', () => {
  let root: string;
  let redisServer: RedisServer;
  let replicas: Replica[];
  let proxy: RoundRobinProxy;
  let browser: Browser;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wegweiser-browser-replicas-'));
    const indexDir = path.join(root, 'index');
    const config = loadConfig({ DOCS_DIR: CORPUS_DIR, INDEX_DIR: indexDir }, root);
    await runIngestion({ docsDir: CORPUS_DIR, indexDir, embeddings: await createEmbeddings(config), maxFileSizeBytes: config.maxFileSizeBytes });
    redisServer = await startRedisServer();
    replicas = await startReplicas(2, (i) => ({
      STATE_STORE: 'redis',
      REDIS_URL: redisServer.url,
      REDIS_KEY_PREFIX: 'browser-replicas:',
      DOCS_DIR: CORPUS_DIR,
      INDEX_DIR: indexDir,
      DATA_DIR: path.join(root, `data-${i}`),
      INGEST_ON_START: 'false',
      LOG_LEVEL: 'warn',
      MicrosoftAppId: '',
      DIRECT_LINE_SECRET: '',
    }));
    proxy = await startRoundRobinProxy(replicas);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await Promise.all((replicas ?? []).map((r) => r.stop()));
    await redisServer?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('answers a question and a follow-up while its requests alternate and each replica is killed and restarted in turn', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    // What Web Chat received through its polling, activity by activity.
    const received: Array<{ id?: string; text?: string }> = [];
    // Bodies are read while the page is open: one still in flight when the browser closes would reject
    // outside the test. They are awaited before the checks, and a failed read fails the test.
    const bodies: Array<Promise<void>> = [];
    const onResponse = (response: Response) => {
      if (response.request().method() !== 'GET' || !/\/v3\/directline\/conversations\/[^/]+\/activities/.test(response.url()) || !response.ok()) return;
      bodies.push(
        response.json().then((body: { activities: Array<{ id?: string; text?: string }> }) => {
          received.push(...body.activities);
        }),
      );
    };
    page.on('response', onResponse);
    await page.goto(`${proxy.baseUrl}/`);
    const chat = () => page.locator('#chat').innerText();
    await expect.poll(chat, { timeout: 30_000 }).toContain('Willkommen');
    await page.getByRole('textbox').last().fill(CONTACT_QUESTION);
    await page.getByRole('textbox').last().press('Enter');
    await expect.poll(chat, { timeout: 30_000 }).toContain('Marvin Baldauf');
    expect(await page.locator('#chat a[href*="/sources/digitale-kompetenzen-praesentation.pdf#page="]').count()).toBeGreaterThan(0);

    await replicas[0]!.kill();
    await page.getByRole('textbox').last().fill('Und wie ist die E-Mail-Adresse?');
    await page.getByRole('textbox').last().press('Enter');
    await expect.poll(async () => (await chat()).split(CONTACT_EMAIL).length - 1, { timeout: 30_000 }).toBeGreaterThan(1);
    await replicas[0]!.start();

    // With replica 1 down the next question is posted to the restarted replica 0, so both replicas took
    // posts of this conversation, whatever the page's other requests did to the round-robin order.
    await replicas[1]!.kill();
    await page.getByRole('textbox').last().fill('Wann ist die erste #digitaljourney gestartet?');
    await page.getByRole('textbox').last().press('Enter');
    await expect.poll(chat, { timeout: 30_000 }).toContain('2022');
    await replicas[1]!.start();
    page.off('response', onResponse);
    await Promise.all(bodies);
    await page.close();
    // Nothing arrived twice and the welcome came once, although both replicas served the conversation.
    expect(new Set(received.map((a) => a.id)).size).toBe(received.length);
    expect(received.filter((a) => (a.text ?? '').startsWith('Willkommen'))).toHaveLength(1);
    const directLine = proxy.served.filter((r) => r.path.startsWith('/v3/directline'));
    expect(new Set(directLine.map((r) => r.replica))).toEqual(new Set([0, 1]));
    expect(new Set(directLine.filter((r) => r.method === 'POST' && r.path.endsWith('/activities')).map((r) => r.replica)).size).toBe(2);
  });
});
