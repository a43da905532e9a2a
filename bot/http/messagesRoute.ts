import type { Request, Response, Server } from 'restify';
import type { AppConfig } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';
import { BotAuthError, NO_OUTBOUND_KEY, type TurnLogic, type WegweiserAdapter } from '../botAdapter.ts';
import { RepeatedEvents } from '../repeatedEvents.ts';
import { CLIENT_LIMIT_KEY, PUBLIC_BASE_URL_KEY } from '../wegweiserBot.ts';
import { parseActivity } from './activitySchema.ts';
import { clientAddressResolver, type ClientAddressOf } from './clientAddress.ts';
import { BadRequestError, publicBaseUrlOf, readJsonBody } from './requestBody.ts';
import { originOf, ServiceUrlPolicy } from './serviceUrlPolicy.ts';

const MAX_ACTIVITY_BYTES = 256 * 1024;

export interface BotRunner {
  run(context: Parameters<TurnLogic>[0]): Promise<void>;
}

/**
 * The turn logic for one request: the bot, with the request's public base URL in turn state, and the
 * client address that limits must use when the activity's ids are unverified.
 */
export function turnLogicFor(bot: BotRunner, publicBaseUrl: string, unverified?: { clientLimitKey: string; noOutbound: boolean }): TurnLogic {
  return async (context) => {
    context.turnState.set(PUBLIC_BASE_URL_KEY, publicBaseUrl);
    if (unverified) {
      context.turnState.set(CLIENT_LIMIT_KEY, unverified.clientLimitKey);
      if (unverified.noOutbound) context.turnState.set(NO_OUTBOUND_KEY, true);
    }
    await bot.run(context);
  };
}

export interface MessagesRouteDeps {
  adapter: WegweiserAdapter;
  bot: BotRunner;
  config: AppConfig;
  logger: Logger;
  clientAddress?: ClientAddressOf;
}

/** POST /api/messages: the Bot Framework messaging endpoint (Azure Bot Service, Teams, Emulator). */
export function registerMessagesRoute(server: Server, deps: MessagesRouteDeps): void {
  const log = deps.logger.child({ component: 'messages' });
  const authenticated = Boolean(deps.config.MicrosoftAppId);
  const serviceUrls = new ServiceUrlPolicy(deps.config.ALLOWED_SERVICE_URLS);
  const clientAddress = deps.clientAddress ?? clientAddressResolver(deps.config.TRUSTED_PROXIES);
  const refusals = new RepeatedEvents((key, suppressed) => log.warn({ refusal: key, suppressed }, 'more requests to /api/messages refused for the same reason in the last minute'));
  server.server.once('close', () => refusals.close());

  server.post('/api/messages', async (req: Request, res: Response) => {
    let activity;
    try {
      activity = parseActivity(await readJsonBody(req, MAX_ACTIVITY_BYTES, { requireJsonType: true, idleTimeoutMs: deps.config.REQUEST_IDLE_TIMEOUT_MS }), {
        botId: deps.config.MicrosoftAppId ?? 'wegweiser',
      });
    } catch (error) {
      if (error instanceof BadRequestError) {
        if (error.closeConnection) res.header('Connection', 'close');
        res.send(error.status, { error: error.message });
        return;
      }
      throw error;
    }
    let unverified: { clientLimitKey: string; noOutbound: boolean } | undefined;
    if (!authenticated) {
      // Nobody signed this activity: its serviceUrl and ids are the client's claim. Replies travel in the
      // HTTP response (expectReplies, invoke responses) or go to an allowed serviceUrl, nowhere else.
      const repliesInResponse = activity.deliveryMode === 'expectReplies';
      const allowed = serviceUrls.allows(activity.serviceUrl);
      if (!repliesInResponse && !allowed && activity.type !== 'invoke') {
        const origin = originOf(activity.serviceUrl);
        if (refusals.first(`serviceUrl ${origin}`)) {
          log.warn({ serviceUrl: origin, channel: activity.channelId }, 'unauthenticated activity names a serviceUrl that is not in ALLOWED_SERVICE_URLS; refused');
        }
        res.send(403, {
          error: `without a bot identity, replies go only to ALLOWED_SERVICE_URLS; ${origin} is not listed (or send deliveryMode "expectReplies")`,
        });
        return;
      }
      unverified = { clientLimitKey: clientAddress(req), noOutbound: !repliesInResponse && !allowed };
    }
    try {
      const authHeader = String(req.headers.authorization ?? '');
      const response = await deps.adapter.processIncoming(
        authHeader,
        activity,
        turnLogicFor(deps.bot, publicBaseUrlOf(req, deps.config.PUBLIC_BASE_URL), unverified),
      );
      if (response?.body !== undefined) res.send(response.status, response.body);
      else res.send(response?.status ?? 200);
    } catch (error) {
      if (error instanceof BotAuthError) {
        if (refusals.first('unsigned')) log.warn({ channel: activity.channelId, reason: error.message }, 'unauthenticated request to /api/messages');
        res.send(401, { error: 'unauthorized' });
        return;
      }
      log.error({ err: error, channel: activity.channelId, type: activity.type }, 'processing an activity failed');
      res.send(500, { error: 'internal error' });
    }
  });
}
