import type { Redis } from 'ioredis';
import { KEPT_JOBS, type ReindexJob, type ReindexJobStore } from '../admin/reindexJobs.ts';

/**
 * Re-index jobs in Redis, so that a job started through one replica can be followed through any:
 * one JSON value per job (kept a week) and a list of the newest job ids.
 */

const JOB_TTL_SECONDS = 7 * 24 * 3600;
const RECENT = 'jobs:recent';

function key(id: string): string {
  return `jobs:${id}`;
}

export class RedisJobStore implements ReindexJobStore {
  constructor(private readonly redis: Redis) {}

  async save(job: ReindexJob): Promise<void> {
    const exists = await this.redis.set(key(job.id), JSON.stringify(job), 'EX', JOB_TTL_SECONDS, 'GET');
    // A new job goes to the front of the list; later saves only update its value.
    if (exists === null) await this.redis.multi().lpush(RECENT, job.id).ltrim(RECENT, 0, KEPT_JOBS - 1).exec();
  }

  async get(id: string): Promise<ReindexJob | undefined> {
    const value = await this.redis.get(key(id));
    return value ? (JSON.parse(value) as ReindexJob) : undefined;
  }

  async recent(): Promise<ReindexJob[]> {
    const ids = await this.redis.lrange(RECENT, 0, KEPT_JOBS - 1);
    if (ids.length === 0) return [];
    const values = await this.redis.mget(...ids.map(key));
    return values.filter((value): value is string => value !== null).map((value) => JSON.parse(value) as ReindexJob);
  }
}
