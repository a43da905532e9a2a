import { ConversationState } from 'botbuilder';
import restify, { type Request, type Response } from 'restify';
import type { AssistantService } from '../core/answering/assistantService.ts';
import type { AppConfig } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import { registerAdminRoutes } from './admin/adminRoutes.ts';
import { createBotAdapter } from './botAdapter.ts';
import { registerAzureTokenRoute } from './directline/azureDirectLineToken.ts';
import { registerDirectLineRoutes } from './directline/directLineRoutes.ts';
import { clientAddressResolver } from './http/clientAddress.ts';
import { registerHealthRoutes } from './http/healthRoutes.ts';
import { registerMessagesRoute } from './http/messagesRoute.ts';
import { registerSourcesRoute } from './http/sourcesRoute.ts';
import { createStateStores, type StateStores } from './state/stateStores.ts';
import { registerSourceViewer } from './viewer/viewerRoute.ts';
import { registerWebChatRoutes } from './webchat/webChatRoutes.ts';
import { WegweiserBot } from './wegweiserBot.ts';

export interface ServerDeps {
  assistant: AssistantService;
  logger: Logger;
  /** Shared state; default: created from STATE_STORE (and closed with the server). */
  stores?: StateStores;
}

export interface WegweiserServer {
  server: restify.Server;
  /** Stops accepting requests and releases what the routes hold (Direct Line conversations, the state store). */
  close(): Promise<void>;
}

/** Paths are logged without query strings; message texts never reach the request log. */
function logRequests(server: restify.Server, logger: Logger): void {
  const log = logger.child({ component: 'http' });
  server.on('after', (req: Request, res: Response) => {
    const path = (req.url ?? '').split('?', 1)[0];
    const entry = { method: req.method, path, status: res.statusCode, ms: Date.now() - req.time() };
    if (path === '/healthz' || path === '/readyz' || path?.endsWith('/activities')) log.debug(entry, 'request');
    else log.info(entry, 'request');
  });
  // Unexpected failures reach the client as a bare 500, never with a stack or internal message.
  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
    if (typeof err.statusCode !== 'number' || err.statusCode >= 500) {
      log.error({ err, method: req.method, path: (req.url ?? '').split('?', 1)[0] }, 'request failed');
      // Answering here marks the response as sent, so restify does not send its own body with err.message.
      if (!res.headersSent) res.send(500, { code: 'InternalError', message: 'internal error' });
    }
    callback();
  });
}

/**
 * The bot's HTTP server: Bot Framework messaging endpoint, web chat with its Direct Line endpoint,
 * cited documents, health probes. The caller listens and owns the assistant. Connects to the state
 * store first, so an unreachable one stops start-up (StateStoreUnavailableError).
 */
export async function createServer(config: AppConfig, deps: ServerDeps): Promise<WegweiserServer> {
  const { assistant, logger } = deps;
  const stores = deps.stores ?? (await createStateStores(config, logger));
  const server = restify.createServer({ name: 'wegweiser', handleUncaughtExceptions: false });
  logRequests(server, logger);

  const adapter = createBotAdapter(config, logger);
  const conversationState = new ConversationState(stores.conversationState);
  // Every limit is counted in the state store, so replicas behind a load balancer count together.
  const bot = new WegweiserBot({
    assistant,
    config,
    logger,
    conversationState,
    rateLimiter: stores.rateLimiter({ name: 'messages', limit: config.RATE_LIMIT_PER_MINUTE }),
    feedbackLimiter: stores.rateLimiter({ name: 'feedback', limit: config.FEEDBACK_PER_MINUTE }),
    feedback: stores.feedback,
  });
  // One notion of the client's address (behind TRUSTED_PROXIES) for every limit.
  const clientAddress = clientAddressResolver(config.TRUSTED_PROXIES);

  // --- Routes ------------------------------------------------------------------------------------
  registerHealthRoutes(server, assistant);
  registerMessagesRoute(server, { adapter, bot, config, logger, clientAddress });
  const directLine = registerDirectLineRoutes(server, {
    adapter,
    bot,
    logger,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    store: stores.directLine,
    leases: stores.leases,
    rateLimiter: stores.rateLimiter({ name: 'directline-conversations', limit: config.DIRECT_LINE_CONVERSATIONS_PER_MINUTE }),
    clientAddress,
    idleTimeoutMs: config.REQUEST_IDLE_TIMEOUT_MS,
  });
  registerAzureTokenRoute(server, { config, logger });
  registerWebChatRoutes(server, config);
  registerSourcesRoute(server, { docsDir: config.docsDir, assistant, logger });
  registerSourceViewer(server, { assistant, logger });
  const closers: Array<() => Promise<void>> = [() => directLine.close(), async () => bot.close()];
  const admin = registerAdminRoutes(server, { config, assistant, logger, stores, clientAddress });
  closers.push(() => admin.close());
  // Created here, closed here; stores handed in belong to the caller.
  if (!deps.stores) closers.push(() => stores.close());
  // -------------------------------------------------------------------------------------------------

  return {
    server,
    async close() {
      // Stop taking requests first; the routes then finish their turns and the store closes last.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const close of closers) await close();
      await closed;
    },
  };
}
