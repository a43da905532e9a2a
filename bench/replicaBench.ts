import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { startRedisServer } from '../test/state/redisServer.ts';
import { cannon, carriesAnswer, messageActivity, type HttpRunResult } from './httpBench.ts';
import { startBot, type BotProcess } from './memoryProbe.ts';

/**
 * Throughput of 1 and 2 bot replicas side by side, in one run: a real redis-server (STATE_STORE=redis
 * for both, so the only difference is the number of processes; one process on STATE_STORE=memory as
 * the baseline of today's default shows what the shared store costs), N real bot processes on the
 * same index folder, and autocannon spreading its connections over the replicas as a load balancer
 * would (connection i → replica i mod N). Questions go to `/api/messages` with expectReplies, each
 * response checked for an answer; conversations and users rotate, so conversation memory and rate
 * windows are read and written in Redis on every question.
 */

export interface ReplicaBenchOptions {
  indexDir: string;
  questions: string[];
  durationSeconds: number;
  connections: number;
  /** The rows: how many bot processes, on which store (memory only makes sense with one). */
  setups: Array<{ replicas: number; store: 'memory' | 'redis' }>;
  logger: Logger;
}

export interface ReplicaRunResult extends HttpRunResult {
  replicas: number;
  store: 'memory' | 'redis';
  /** CPU time of all bot processes per answered question: the cost that more replicas spread out. */
  botCpuMsPerQuestion: number;
  /** CPU cores the bot processes got together during the run (CPU seconds / wall seconds). */
  botCoresUsed: number;
}

/** User + system CPU time of a process in milliseconds (Linux /proc; 0 elsewhere). */
async function cpuMs(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticksPerSecond = 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return 0;
  }
}

export interface ReplicaBenchResult {
  runs: ReplicaRunResult[];
  /** questions/s of the most replicas on Redis divided by those of one replica on Redis. */
  speedup?: number;
  skipped?: string;
}

export async function runReplicaBench(options: ReplicaBenchOptions): Promise<ReplicaBenchResult> {
  let redis;
  try {
    redis = await startRedisServer();
  } catch (error) {
    return { runs: [], skipped: `no redis-server: ${(error as Error).message}` };
  }
  const runs: ReplicaRunResult[] = [];
  try {
    for (const { replicas: count, store } of options.setups) {
      const bots: BotProcess[] = [];
      try {
        const prefix = `bench-${count}-${Date.now()}:`;
        for (let i = 0; i < count; i++) {
          bots.push(
            await startBot(options.indexDir, {
              RATE_LIMIT_PER_MINUTE: '100000',
              STATE_STORE: store,
              ...(store === 'redis' ? { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix } : {}),
            }),
          );
        }
        let counter = 0;
        const urls = bots.map((bot) => `${bot.baseUrl}/api/messages`);
        const cpuBefore = await Promise.all(bots.map((bot) => cpuMs(bot.child.pid)));
        const wallStart = performance.now();
        const result = await cannon(
          `${count} replica${count > 1 ? 's' : ''} (${store}) /api/messages`,
          options,
          urls,
          (request) => {
            const n = counter++;
            return { ...request, body: JSON.stringify(messageActivity(n, options.questions[n % options.questions.length]!, bots[0]!.baseUrl)) };
          },
          carriesAnswer,
        );
        const wallMs = performance.now() - wallStart;
        const cpuAfter = await Promise.all(bots.map((bot) => cpuMs(bot.child.pid)));
        const botCpu = cpuAfter.reduce((sum, after, i) => sum + after - cpuBefore[i]!, 0);
        runs.push({
          ...result,
          replicas: count,
          store,
          botCpuMsPerQuestion: result.requests > 0 ? Math.round((botCpu / result.requests) * 100) / 100 : 0,
          botCoresUsed: Math.round((botCpu / wallMs) * 100) / 100,
        });
        options.logger.info({ replicas: count, store, qps: result.requestsPerSecond }, 'replica run done');
      } finally {
        await Promise.all(bots.map((bot) => bot.stop()));
      }
    }
  } finally {
    await redis.stop();
  }
  const onRedis = runs.filter((r) => r.store === 'redis');
  const one = onRedis.find((r) => r.replicas === 1);
  const most = onRedis.at(-1);
  return { runs, ...(one && most && one !== most && one.requestsPerSecond > 0 ? { speedup: Math.round((most.requestsPerSecond / one.requestsPerSecond) * 100) / 100 } : {}) };
}
