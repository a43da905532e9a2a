import type { Storage } from 'botbuilder';
import type { AppConfig } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';
import type { LeaseStore } from '../../core/state/leases.ts';
import { MemoryLeases } from '../../core/state/memoryLeases.ts';
import { closeRedis, connectRedis } from '../../core/state/redisConnection.ts';
import { RedisLeases } from '../../core/state/redisLeases.ts';
import { createAuditLog, type AuditLog } from '../admin/auditLog.ts';
import { MemoryJobStore } from '../admin/memoryJobStore.ts';
import type { ReindexJobStore } from '../admin/reindexJobs.ts';
import type { DirectLineStore } from '../directline/directLineStore.ts';
import { MemoryDirectLineStore } from '../directline/memoryDirectLineStore.ts';
import { fileFeedbackStore, type FeedbackStore } from '../feedbackStore.ts';
import type { RateLimiterFactory } from '../rateLimiter.ts';
import { createStateStorage, ExpiringMemoryStorage, STATE_IDLE_MS } from '../stateStorage.ts';
import { MemoryRateLimiter } from './memoryRateLimiter.ts';
import { createRedisAuditLog } from './redisAuditLog.ts';
import { RedisConversationStorage } from './redisConversationStorage.ts';
import { RedisDirectLineStore } from './redisDirectLineStore.ts';
import { RedisFeedbackStore } from './redisFeedbackStore.ts';
import { RedisJobStore } from './redisJobStore.ts';
import { RedisRateLimiter } from './redisRateLimiter.ts';

/**
 * Everything the bot keeps beyond one request. With STATE_STORE=memory (the embedded default) it
 * lives in this process, feedback and audit in files below DATA_DIR — exactly one process serves the
 * bot. With STATE_STORE=redis it all lives in Redis, so any number of replicas behind a load balancer
 * serve every conversation alike.
 */
export interface StateStores {
  /** Bot Framework conversation state: the remembered exchanges for follow-up questions. */
  conversationState: Storage;
  directLine: DirectLineStore;
  leases: LeaseStore;
  rateLimiter: RateLimiterFactory;
  feedback: FeedbackStore;
  audit: AuditLog;
  reindexJobs: ReindexJobStore;
  close(): Promise<void>;
}

/** Direct Line conversations and conversation memory are forgotten after this long without use. */
const CONVERSATION_IDLE_MS = STATE_IDLE_MS;

export function createMemoryStores(config: AppConfig, logger: Logger): StateStores {
  const directLine = new MemoryDirectLineStore(CONVERSATION_IDLE_MS);
  return {
    conversationState: createStateStorage(config, new ExpiringMemoryStorage()),
    directLine,
    leases: new MemoryLeases(),
    rateLimiter: (options) => new MemoryRateLimiter(options),
    feedback: fileFeedbackStore(config.dataDir),
    audit: createAuditLog(config.dataDir, logger.child({ component: 'admin' })),
    reindexJobs: new MemoryJobStore(),
    close: () => directLine.close(),
  };
}

/** Connects to the configured store; throws StateStoreUnavailableError when Redis cannot be reached. */
export async function createStateStores(config: AppConfig, logger: Logger): Promise<StateStores> {
  if (config.STATE_STORE === 'memory') return createMemoryStores(config, logger);
  // loadConfig insists on REDIS_URL with STATE_STORE=redis.
  const redis = await connectRedis({ url: config.REDIS_URL ?? '', keyPrefix: config.REDIS_KEY_PREFIX, logger });
  return {
    conversationState: createStateStorage(config, new RedisConversationStorage(redis, CONVERSATION_IDLE_MS)),
    directLine: new RedisDirectLineStore(redis, CONVERSATION_IDLE_MS),
    leases: new RedisLeases(redis),
    rateLimiter: (options) => new RedisRateLimiter(redis, options),
    feedback: new RedisFeedbackStore(redis),
    audit: createRedisAuditLog(redis, logger.child({ component: 'admin' })),
    reindexJobs: new RedisJobStore(redis),
    close: () => closeRedis(redis),
  };
}
