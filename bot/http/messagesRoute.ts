import type { Request, Response, Server } from 'restify';
import type { AppConfig } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';
import { BotAuthError, type TurnLogic, type WegweiserAdapter } from '../botAdapter.ts';
import { PUBLIC_BASE_URL_KEY } from '../wegweiserBot.ts';
import { parseActivity } from './activitySchema.ts';
import { BadRequestError, publicBaseUrlOf, readJsonBody } from './requestBody.ts';

const MAX_ACTIVITY_BYTES = 256 * 1024;

export interface BotRunner {
  run(context: Parameters<TurnLogic>[0]): Promise<void>;
}

/** The turn logic for one request: the bot, with the request's public base URL in turn state. */
export function turnLogicFor(bot: BotRunner, publicBaseUrl: string): TurnLogic {
  return async (context) => {
    context.turnState.set(PUBLIC_BASE_URL_KEY, publicBaseUrl);
    await bot.run(context);
  };
}

/** POST /api/messages: the Bot Framework messaging endpoint (Azure Bot Service, Teams, Emulator). */
export function registerMessagesRoute(server: Server, deps: { adapter: WegweiserAdapter; bot: BotRunner; config: AppConfig; logger: Logger }): void {
  const log = deps.logger.child({ component: 'messages' });
  server.post('/api/messages', async (req: Request, res: Response) => {
    let activity;
    try {
      activity = parseActivity(await readJsonBody(req, MAX_ACTIVITY_BYTES));
    } catch (error) {
      if (error instanceof BadRequestError) {
        res.send(error.status, { error: error.message });
        return;
      }
      throw error;
    }
    try {
      const authHeader = String(req.headers.authorization ?? '');
      const response = await deps.adapter.processIncoming(authHeader, activity, turnLogicFor(deps.bot, publicBaseUrlOf(req, deps.config.PUBLIC_BASE_URL)));
      if (response?.body !== undefined) res.send(response.status, response.body);
      else res.send(response?.status ?? 200);
    } catch (error) {
      if (error instanceof BotAuthError) {
        log.warn({ channel: activity.channelId, reason: error.message }, 'unauthenticated request to /api/messages');
        res.send(401, { error: 'unauthorized' });
        return;
      }
      log.error({ err: error, channel: activity.channelId, type: activity.type }, 'processing an activity failed');
      res.send(500, { error: 'internal error' });
    }
  });
}
