import { createAssistant } from '../core/answering/createAssistant.ts';
import { loadConfig } from '../core/config.ts';
import { ConfigError } from '../core/errors.ts';
import { createLogger } from '../core/logger.ts';
import { createServer } from './server.ts';

/** Entry point of `npm start`: configuration, answering core, HTTP server, graceful shutdown. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'wegweiser' });
  if (config.hostReason) logger.warn({ host: config.HOST }, `listening on ${config.HOST} only: ${config.hostReason}`);
  const assistant = await createAssistant(config, logger);
  if (!assistant.isReady()) logger.warn({ indexDir: config.indexDir }, 'no index yet: /readyz answers 503 until one is built (npm run ingest)');
  const { server, close } = await createServer(config, { assistant, logger });
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  logger.info({ url: server.url }, 'Wegweiser is listening');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Requests in flight may finish; after 10 s the process ends regardless.
    const force = setTimeout(() => {
      logger.warn('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000).unref();
    try {
      await close();
      await assistant.close();
      clearTimeout(force);
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Wegweiser could not start: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
