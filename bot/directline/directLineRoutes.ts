import type { Activity } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../core/logger.ts';
import type { WegweiserAdapter } from '../botAdapter.ts';
import type { ClientAddressOf } from '../http/clientAddress.ts';
import { BadRequestError, publicBaseUrlOf, readJsonBody } from '../http/requestBody.ts';
import { turnLogicFor, type BotRunner } from '../http/messagesRoute.ts';
import { MemoryRateLimiter } from '../state/memoryRateLimiter.ts';
import { ConversationLimitError, DirectLineConversations, type DirectLineConversation } from './directLineConversations.ts';

/**
 * A Direct Line 3.0-compatible endpoint for the web chat without Azure: the subset Web Chat uses with
 * polling (tokens, conversations, post activity, get activities). Turns run in-process through the same
 * adapter and bot as Teams, so both channels behave alike.
 */

const BASE = '/v3/directline';
const CHANNEL_ID = 'directline';
const BOT_ACCOUNT = { id: 'wegweiser', name: 'Wegweiser', role: 'bot' };
const MAX_ACTIVITY_BYTES = 64 * 1024;
const ACCEPTED_TYPES = new Set(['message', 'event', 'typing', 'conversationUpdate']);

export interface DirectLineDeps {
  adapter: WegweiserAdapter;
  bot: BotRunner;
  logger: Logger;
  publicBaseUrl: string | undefined;
  /** Conversations idle for longer are forgotten (data protection); default 30 minutes. */
  idleMs?: number;
  /** New conversations per client address and minute (DIRECT_LINE_CONVERSATIONS_PER_MINUTE). */
  conversationsPerMinute?: number;
  /** The client's address behind the trusted proxies; default: the socket's peer. */
  clientAddress?: ClientAddressOf;
  /** REQUEST_IDLE_TIMEOUT_MS for activity bodies. */
  idleTimeoutMs?: number;
}

export interface DirectLineEndpoint {
  readonly conversations: DirectLineConversations;
  /** Waits for running turns, then forgets all conversations. */
  close(): Promise<void>;
}

function reply(res: Response, status: number, body?: unknown): void {
  res.header('Cache-Control', 'no-store');
  if (body === undefined) res.send(status);
  else res.send(status, body);
}

export function registerDirectLineRoutes(server: Server, deps: DirectLineDeps): DirectLineEndpoint {
  const log = deps.logger.child({ component: 'directline' });
  const idleMs = deps.idleMs ?? 30 * 60_000;
  const conversations = new DirectLineConversations(idleMs);
  const perClient = new MemoryRateLimiter({ name: 'directline-conversations', limit: deps.conversationsPerMinute ?? 30 });
  const clientAddress = deps.clientAddress ?? ((req: Request) => req.socket.remoteAddress ?? 'unknown');
  const expiresIn = Math.round(idleMs / 1000);
  let closed = false;

  const describe = (conversation: DirectLineConversation) => ({
    conversationId: conversation.id,
    token: conversation.token,
    expires_in: expiresIn,
  });

  /** Runs one turn and publishes the bot's replies; Direct Line shows a typing indicator meanwhile. */
  const runTurn = (conversation: DirectLineConversation, activity: Activity, baseUrl: string): void => {
    conversation.queue = conversation.queue.then(async () => {
      if (closed) return;
      if (activity.type === 'message') {
        conversations.append(conversation, { type: 'typing', from: BOT_ACCOUNT, conversation: { id: conversation.id } as Activity['conversation'], timestamp: new Date() });
      }
      try {
        const replies = await deps.adapter.processInProcess(activity, turnLogicFor(deps.bot, baseUrl));
        for (const replyActivity of replies) {
          // Typing was already shown; buffered typing after the answer would only confuse.
          if (replyActivity.type === 'typing') continue;
          conversations.append(conversation, {
            ...replyActivity,
            from: BOT_ACCOUNT,
            recipient: { id: conversation.userId, role: 'user' } as Activity['recipient'],
            conversation: { id: conversation.id } as Activity['conversation'],
            channelId: CHANNEL_ID,
            timestamp: new Date(),
            ...(activity.id ? { replyToId: activity.id } : {}),
          });
        }
      } catch (error) {
        log.error({ err: error }, 'direct line turn failed');
      }
    });
  };

  const inbound = (conversation: DirectLineConversation, body: Record<string, unknown>, baseUrl: string): Activity =>
    ({
      ...body,
      channelId: CHANNEL_ID,
      serviceUrl: `${baseUrl}${BASE}`,
      conversation: { id: conversation.id },
      // The user is who the token says, not what the client claims.
      from: { id: conversation.userId, role: 'user', ...(typeof (body.from as { name?: unknown })?.name === 'string' ? { name: (body.from as { name: string }).name } : {}) },
      recipient: BOT_ACCOUNT,
      timestamp: new Date(),
    }) as unknown as Activity;

  const startConversation = (conversation: DirectLineConversation, baseUrl: string): void => {
    if (conversation.started) return;
    conversation.started = true;
    runTurn(
      conversation,
      inbound(conversation, { type: 'conversationUpdate', membersAdded: [BOT_ACCOUNT, { id: conversation.userId, role: 'user' }] }, baseUrl),
      baseUrl,
    );
  };

  const createConversation = async (req: Request, res: Response): Promise<DirectLineConversation | undefined> => {
    if (!(await perClient.tryAcquire(clientAddress(req)))) {
      reply(res, 429, { error: { code: 'TooManyRequests', message: 'too many new conversations; try again in a minute' } });
      return undefined;
    }
    try {
      return conversations.create();
    } catch (error) {
      if (error instanceof ConversationLimitError) {
        reply(res, 503, { error: { code: 'ServiceUnavailable', message: error.message } });
        return undefined;
      }
      throw error;
    }
  };

  server.post(`${BASE}/tokens/generate`, async (req: Request, res: Response) => {
    const conversation = await createConversation(req, res);
    if (conversation) reply(res, 200, describe(conversation));
  });

  server.post(`${BASE}/tokens/refresh`, async (req: Request, res: Response) => {
    const conversation = conversations.authorize(req.headers.authorization);
    if (!conversation) return reply(res, 403, { error: { code: 'TokenExpired', message: 'unknown or expired token' } });
    reply(res, 200, describe(conversation));
  });

  server.post(`${BASE}/conversations`, async (req: Request, res: Response) => {
    const baseUrl = publicBaseUrlOf(req, deps.publicBaseUrl);
    let conversation = conversations.authorize(req.headers.authorization);
    let status = 200;
    if (!conversation) {
      if (req.headers.authorization) return reply(res, 403, { error: { code: 'TokenExpired', message: 'unknown or expired token' } });
      conversation = await createConversation(req, res);
      if (!conversation) return;
      status = 201;
    }
    startConversation(conversation, baseUrl);
    reply(res, status, describe(conversation));
  });

  server.post(`${BASE}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const conversation = conversations.authorize(req.headers.authorization, String(req.params.conversationId));
    if (!conversation) return reply(res, 403, { error: { code: 'BadArgument', message: 'unknown conversation or token' } });
    let body: unknown;
    try {
      body = await readJsonBody(req, MAX_ACTIVITY_BYTES, { requireJsonType: true, ...(deps.idleTimeoutMs ? { idleTimeoutMs: deps.idleTimeoutMs } : {}) });
    } catch (error) {
      if (error instanceof BadRequestError) {
        if (error.closeConnection) res.header('Connection', 'close');
        return reply(res, error.status, { error: { code: 'BadArgument', message: error.message } });
      }
      throw error;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return reply(res, 400, { error: { code: 'BadArgument', message: 'the body must be an activity object' } });
    }
    const type = (body as { type?: unknown }).type;
    if (typeof type !== 'string' || !ACCEPTED_TYPES.has(type)) {
      return reply(res, 400, { error: { code: 'BadArgument', message: 'activity type missing or not supported' } });
    }
    const baseUrl = publicBaseUrlOf(req, deps.publicBaseUrl);
    startConversation(conversation, baseUrl);
    const stored = conversations.append(conversation, inbound(conversation, body as Record<string, unknown>, baseUrl));
    reply(res, 200, { id: stored.id });
    if (type !== 'typing') runTurn(conversation, stored as Activity, baseUrl);
  });

  server.get(`${BASE}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const conversation = conversations.authorize(req.headers.authorization, String(req.params.conversationId));
    if (!conversation) return reply(res, 403, { error: { code: 'BadArgument', message: 'unknown conversation or token' } });
    const raw = new URL(req.url ?? '', 'http://local').searchParams.get('watermark');
    const watermark = raw === null || raw === '' ? 0 : Number(raw);
    if (!Number.isInteger(watermark) || watermark < 0) return reply(res, 400, { error: { code: 'BadArgument', message: 'watermark must be a whole number' } });
    const page = conversations.since(conversation, watermark);
    reply(res, 200, { activities: page.activities, watermark: String(page.watermark) });
  });

  server.post(`${BASE}/conversations/:conversationId/upload`, async (_req: Request, res: Response) => {
    reply(res, 400, { error: { code: 'BadArgument', message: 'file uploads are not supported' } });
  });

  return {
    conversations,
    async close() {
      closed = true;
      conversations.close();
    },
  };
}
