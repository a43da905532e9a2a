import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  DeliveryModes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ExpectedReplies,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { AppConfig } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import { BOT_TEXTS } from './botTexts.ts';

export type TurnLogic = (context: TurnContext) => Promise<void>;

/** The request was signed wrongly or not at all although the bot has an app id. */
export class BotAuthError extends Error {}

/**
 * Turn-state flag: this turn's serviceUrl is the unverified claim of an unauthenticated client and not
 * allowed, so nothing may be posted to it (invoke responses still travel in the HTTP reply).
 */
export const NO_OUTBOUND_KEY = Symbol('wegweiser.noOutbound');

export class OutboundRefusedError extends Error {}

/**
 * The single place that knows the Bot Framework adapter. Requests from Azure Bot Service (Teams,
 * Web Chat via Azure) are authenticated; the local Direct Line runs turns in-process, with the bot's
 * own identity, and collects the replies instead of posting them to a channel service.
 */
export class WegweiserAdapter extends CloudAdapter {
  constructor(
    private readonly appId: string | undefined,
    options: ConfigurationBotFrameworkAuthenticationOptions,
  ) {
    super(new ConfigurationBotFrameworkAuthentication(options));
  }

  /** Authenticates an incoming channel request and runs the turn; returns the invoke or expectReplies response. */
  async processIncoming(authHeader: string, activity: Activity, logic: TurnLogic): Promise<InvokeResponse | undefined> {
    try {
      return await this.processActivity(authHeader, activity, logic);
    } catch (error) {
      if (error instanceof AuthenticationError || (error as { statusCode?: number }).statusCode === 401) {
        throw new BotAuthError((error as Error).message, { cause: error });
      }
      throw error;
    }
  }

  /** Outbound activities are refused on turns flagged with NO_OUTBOUND_KEY. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]) {
    if (context.turnState.get(NO_OUTBOUND_KEY) && activities.some((a) => a.type !== 'invokeResponse' && a.type !== 'delay' && a.type !== 'trace')) {
      throw new OutboundRefusedError('replies to this serviceUrl are not allowed without a bot identity (ALLOWED_SERVICE_URLS)');
    }
    return super.sendActivities(context, activities);
  }

  /** Runs a turn for a trusted in-process channel and returns the bot's replies. */
  async processInProcess(activity: Activity, logic: TurnLogic): Promise<Partial<Activity>[]> {
    const claimsIdentity = this.createClaimsIdentity(this.appId ?? '');
    const auth: AuthenticateRequestResult = {
      audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
      claimsIdentity,
      connectorFactory: this.botFrameworkAuthentication.createConnectorFactory(claimsIdentity),
    };
    const response = await this.processActivity(auth, { ...activity, deliveryMode: DeliveryModes.ExpectReplies }, logic);
    return ((response?.body as ExpectedReplies | undefined)?.activities ?? []) as Partial<Activity>[];
  }
}

export function createBotAdapter(config: AppConfig, logger: Logger): WegweiserAdapter {
  const log = logger.child({ component: 'bot' });
  if (!config.MicrosoftAppId) {
    log.warn('MicrosoftAppId is not set: /api/messages accepts unauthenticated requests (local use and the Bot Framework Emulator only)');
  }
  const adapter = new WegweiserAdapter(config.MicrosoftAppId, {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  });
  adapter.onTurnError = async (context, error) => {
    if (error instanceof OutboundRefusedError) {
      log.warn({ activityType: context.activity.type, channel: context.activity.channelId }, error.message);
      return;
    }
    // The person sees a friendly sentence; the details go to the log only.
    log.error({ err: error, activityType: context.activity.type, channel: context.activity.channelId }, 'bot turn failed');
    if (context.activity.type === 'message' || context.activity.type === 'conversationUpdate') {
      try {
        await context.sendActivity(BOT_TEXTS.turnError);
      } catch (sendError) {
        log.error({ err: sendError }, 'could not tell the user about the failed turn');
      }
    }
  };
  return adapter;
}
