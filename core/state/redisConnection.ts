import { Redis } from 'ioredis';
import { WegweiserError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** The shared state store (STATE_STORE=redis) cannot be reached; start-up stops with this message. */
export class StateStoreUnavailableError extends WegweiserError {
  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(
      `Cannot reach the state store at ${url} (REDIS_URL): ${reason}. Start Redis or correct REDIS_URL; a single process can run without it (STATE_STORE=memory).`,
      'state_store_unavailable',
      options,
    );
  }
}

/** The URL without user name and password, for messages and logs. */
export function displayRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'the configured URL';
  }
}

export interface RedisConnectionOptions {
  url: string;
  keyPrefix: string;
  logger: Logger;
  /** How long the first connection may take before start-up gives up. */
  connectTimeoutMs?: number;
}

/**
 * Connects to Redis and checks it answers, so that a wrong REDIS_URL stops start-up with a clear
 * message instead of failing the first request. Afterwards the client reconnects by itself; while
 * Redis is away a command fails after one retry instead of waiting, so requests get an error quickly.
 */
export async function connectRedis(options: RedisConnectionOptions): Promise<Redis> {
  const shown = displayRedisUrl(options.url);
  const log = options.logger.child({ component: 'state-store', redis: shown });
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    maxRetriesPerRequest: 1,
    // Commands issued in the same tick travel together: fewer round trips under load.
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let lastError = '';
  client.on('error', (error: Error) => {
    // Reconnect attempts repeat the same error; log each new one once.
    if (error.message === lastError) return;
    lastError = error.message;
    log.error({ err: error }, 'state store connection failed');
  });
  client.on('ready', () => {
    if (lastError) log.info('state store connection restored');
    lastError = '';
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new StateStoreUnavailableError(shown, (error as Error).message || String(error), { cause: error });
  }
  return client;
}

/** Closes the connection after pending commands; never throws (shutdown goes on). */
export async function closeRedis(client: Redis): Promise<void> {
  try {
    await client.quit();
  } catch {
    // Already closed or unreachable: nothing left to flush.
    client.disconnect();
  }
}
