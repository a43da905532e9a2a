import { cp, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestCliLineSchema } from '../../core/index/ingestReport.ts';
import { VERSIONS_DIR } from '../../core/index/indexFormat.ts';
import { openIndex, readCurrentVersion } from '../../core/index/indexReader.ts';
import { createLogger } from '../../core/logger.ts';
import { closeRedis, connectRedis } from '../../core/state/redisConnection.ts';
import { RedisLeases } from '../../core/state/redisLeases.ts';
import { acquireIngestLock } from '../../ingest/ingestLock.ts';
import { INGEST_LEASE } from '../../ingest/leaseIngestLock.ts';
import { freePort, redisUnavailableReason, startRedisServer, type RedisServer } from '../state/redisServer.ts';
import { cliEnv, runCli } from './cliRunner.ts';
import { makeWorkspace, type Workspace } from './ingestTestSupport.ts';

const skipRedis = redisUnavailableReason();
const PREFIX = 'lock-test:';

describe.skipIf(skipRedis !== undefined)('ingestion lock in the shared state store (STATE_STORE=redis)', () => {
  let redisServer: RedisServer;
  let redis: Redis;
  let workspace: Workspace | undefined;

  beforeAll(async () => {
    redisServer = await startRedisServer();
    redis = await connectRedis({ url: redisServer.url, keyPrefix: PREFIX, logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await closeRedis(redis);
    await redisServer?.stop();
  });
  afterEach(async () => {
    await workspace?.cleanup();
    workspace = undefined;
  });

  const env = () => cliEnv({ STATE_STORE: 'redis', REDIS_URL: redisServer.url, REDIS_KEY_PREFIX: PREFIX });

  it('exits 3 while the lease is held elsewhere (another machine), runs once it is free, and releases it', async () => {
    workspace = await makeWorkspace();
    const elsewhere = await new RedisLeases(redis).tryAcquire(INGEST_LEASE, 10_000, 'another replica');
    expect(elsewhere).toBeDefined();
    const locked = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--progress-jsonl'], env());
    expect(locked.code).toBe(3);
    expect(ingestCliLineSchema.parse(JSON.parse(locked.stdout.trim().split('\n').at(-1)!))).toMatchObject({ type: 'error', code: 'ingest_locked' });
    expect(locked.stderr).toMatch(/Another ingestion is already running \(lock ingest-lock in the state store/);
    expect(await openIndex(workspace.indexDir)).toBeUndefined();

    await elsewhere!.release();
    const ran = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--json'], env());
    expect(ran.code, ran.stderr).toBe(0);
    expect(await openIndex(workspace.indexDir)).toBeDefined();
    expect(await new RedisLeases(redis).holderOf(INGEST_LEASE)).toBeUndefined();
  });

  it('replaces the lock file: a file lock of a one-machine run does not block it', async () => {
    workspace = await makeWorkspace();
    const fileLock = await acquireIngestLock(workspace.indexDir);
    try {
      const ran = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--json'], env());
      expect(ran.code, ran.stderr).toBe(0);
    } finally {
      await fileLock.release();
    }
  });

  it('tidies left-over versions at start under the lease, never while another replica holds it', async () => {
    workspace = await makeWorkspace();
    const built = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir, '--json'], env());
    expect(built.code, built.stderr).toBe(0);
    const live = (await readCurrentVersion(workspace.indexDir))!;
    // A version written but never made live: what a run killed before its switch leaves.
    const orphan = `${live.slice(0, -8)}ffffffff`;
    const versions = path.join(workspace.indexDir, VERSIONS_DIR);
    await cp(path.join(versions, live), path.join(versions, orphan), { recursive: true });
    const start = () => runCli(['--docs', workspace!.docsDir, '--index', workspace!.indexDir, '--if-missing'], env());

    // Another replica's ingestion holds the lease (it may be writing that very folder): hands off.
    const elsewhere = await new RedisLeases(redis).tryAcquire(INGEST_LEASE, 10_000, 'another replica');
    const whileHeld = await start();
    expect(whileHeld.code, whileHeld.stderr).toBe(0);
    expect(whileHeld.stdout).toMatch(/An index exists .*skipping ingestion/);
    expect((await readdir(versions)).sort()).toEqual([live, orphan]);

    await elsewhere!.release();
    expect((await start()).code).toBe(0);
    expect(await readdir(versions)).toEqual([live]);
    expect(await readCurrentVersion(workspace.indexDir)).toBe(live);
    expect(await new RedisLeases(redis).holderOf(INGEST_LEASE)).toBeUndefined();
  });

  it('stops with a clear message when the store cannot be reached', async () => {
    workspace = await makeWorkspace();
    const port = await freePort();
    const result = await runCli(['--docs', workspace.docsDir, '--index', workspace.indexDir], cliEnv({ STATE_STORE: 'redis', REDIS_URL: `redis://127.0.0.1:${port}` }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`Cannot reach the state store at redis://127\\.0\\.0\\.1:${port} \\(REDIS_URL\\)`));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
