import type { Activity } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../core/logger.ts';
import type { WegweiserAdapter } from '../botAdapter.ts';
import type { ClientAddressOf } from '../http/clientAddress.ts';
import { BadRequestError, publicBaseUrlOf, readJsonBody } from '../http/requestBody.ts';
import { turnLogicFor, type BotRunner } from '../http/messagesRoute.ts';
import { keepRenewed, type LeaseStore } from '../../core/state/leases.ts';
import { MemoryLeases } from '../../core/state/memoryLeases.ts';
import type { RateLimiter } from '../rateLimiter.ts';
import { MemoryRateLimiter } from '../state/memoryRateLimiter.ts';
import { ConversationLimitError, type DirectLineConversation, type DirectLineStore, type QueuedTurn } from './directLineStore.ts';
import { MemoryDirectLineStore } from './memoryDirectLineStore.ts';

/**
 * A Direct Line 3.0-compatible endpoint for the web chat without Azure: the subset Web Chat uses with
 * polling (tokens, conversations, post activity, get activities). Turns run in-process through the same
 * adapter and bot as Teams, so both channels behave alike. Conversations live in a DirectLineStore;
 * with a shared store any replica can take any request of a conversation.
 */

const BASE = '/v3/directline';
const CHANNEL_ID = 'directline';
const BOT_ACCOUNT = { id: 'wegweiser', name: 'Wegweiser', role: 'bot' };
const MAX_ACTIVITY_BYTES = 64 * 1024;
const ACCEPTED_TYPES = new Set(['message', 'event', 'typing', 'conversationUpdate', 'endOfConversation']);
/** The turns of one conversation run under this lease, renewed while they run. */
const TURN_LEASE_MS = 15_000;

export interface DirectLineDeps {
  adapter: WegweiserAdapter;
  bot: BotRunner;
  logger: Logger;
  publicBaseUrl: string | undefined;
  /** Conversations idle for longer are forgotten (data protection); default 30 minutes. */
  idleMs?: number;
  /** New conversations per client address and minute (DIRECT_LINE_CONVERSATIONS_PER_MINUTE). */
  conversationsPerMinute?: number;
  /** Where conversations live; default: this process's memory. */
  store?: DirectLineStore;
  /** Leases that serialise the turns of a conversation; default: this process's. */
  leases?: LeaseStore;
  /** Counts new conversations per client address; default: in memory. */
  rateLimiter?: RateLimiter;
  /** The client's address behind the trusted proxies; default: the socket's peer. */
  clientAddress?: ClientAddressOf;
  /** REQUEST_IDLE_TIMEOUT_MS for activity bodies. */
  idleTimeoutMs?: number;
}

export interface DirectLineEndpoint {
  readonly conversations: DirectLineStore;
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
  const conversations = deps.store ?? new MemoryDirectLineStore(idleMs);
  const leases = deps.leases ?? new MemoryLeases();
  const perClient = deps.rateLimiter ?? new MemoryRateLimiter({ name: 'directline-conversations', limit: deps.conversationsPerMinute ?? 30 });
  const clientAddress = deps.clientAddress ?? ((req: Request) => req.socket.remoteAddress ?? 'unknown');
  const expiresIn = Math.round(idleMs / 1000);
  const running = new Set<Promise<void>>();
  let closed = false;

  const describe = (conversation: DirectLineConversation) => ({
    conversationId: conversation.id,
    token: conversation.token,
    expires_in: expiresIn,
  });

  /** Runs one turn and publishes the bot's replies; Direct Line shows a typing indicator meanwhile. */
  const runTurn = async (conversation: DirectLineConversation, { activity, baseUrl }: QueuedTurn): Promise<void> => {
    try {
      if (activity.type === 'message') {
        await conversations.append(conversation, { type: 'typing', from: BOT_ACCOUNT, conversation: { id: conversation.id } as Activity['conversation'], timestamp: new Date() });
      }
      const replies = await deps.adapter.processInProcess(activity as Activity, turnLogicFor(deps.bot, baseUrl));
      for (const replyActivity of replies) {
        // Typing was already shown; buffered typing after the answer would only confuse.
        if (replyActivity.type === 'typing') continue;
        await conversations.append(conversation, {
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
    // The client ended the conversation ("Neues Gespräch"): the bot has forgotten it, so do we.
    if (activity.type === 'endOfConversation') await conversations.end(conversation, activity.id);
  };

  /**
   * Turns of one conversation run one after the other, in the order the user sent them, whichever
   * replica received them: the holder of the conversation's lease runs its queue; the others leave
   * their turns to it. A turn left by a replica that died is picked up by the next request after the
   * lease ran out (Web Chat polls every second).
   */
  const drainTurns = async (conversation: DirectLineConversation): Promise<void> => {
    for (;;) {
      if (closed) return;
      const lease = await leases.tryAcquire(`directline-turns:${conversation.id}`, TURN_LEASE_MS);
      if (!lease) return;
      const stopRenewing = keepRenewed(lease, TURN_LEASE_MS, (error) => log.warn({ err: error }, 'direct line turn lease lost'));
      try {
        // Checked before taking a turn: on shutdown the rest stays queued for another replica.
        while (!closed) {
          const turn = await conversations.takeTurn(conversation);
          if (!turn) break;
          await runTurn(conversation, turn);
        }
      } finally {
        stopRenewing();
        await lease.release();
      }
      // A turn queued after our last take but before the release found the lease still held.
      if (closed || (await conversations.pendingTurns(conversation)) === 0) return;
    }
  };

  const runQueuedTurns = (conversation: DirectLineConversation): void => {
    const drain = drainTurns(conversation)
      .catch((error: unknown) => log.error({ err: error }, 'direct line turns could not run'))
      .finally(() => running.delete(drain));
    running.add(drain);
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

  /** Queues the welcome turn once per conversation; true when turns were queued. */
  const startConversation = async (conversation: DirectLineConversation, baseUrl: string): Promise<boolean> => {
    if (!(await conversations.markStarted(conversation))) return false;
    const activity = inbound(conversation, { type: 'conversationUpdate', membersAdded: [BOT_ACCOUNT, { id: conversation.userId, role: 'user' }] }, baseUrl);
    await conversations.enqueueTurn(conversation, { activity, baseUrl });
    return true;
  };

  const createConversation = async (req: Request, res: Response): Promise<DirectLineConversation | undefined> => {
    if (!(await perClient.tryAcquire(clientAddress(req)))) {
      reply(res, 429, { error: { code: 'TooManyRequests', message: 'too many new conversations; try again in a minute' } });
      return undefined;
    }
    try {
      return await conversations.create();
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
    const conversation = await conversations.authorize(req.headers.authorization);
    if (!conversation) return reply(res, 403, { error: { code: 'TokenExpired', message: 'unknown or expired token' } });
    reply(res, 200, describe(conversation));
  });

  server.post(`${BASE}/conversations`, async (req: Request, res: Response) => {
    const baseUrl = publicBaseUrlOf(req, deps.publicBaseUrl);
    let conversation = await conversations.authorize(req.headers.authorization);
    let status = 200;
    if (!conversation) {
      if (req.headers.authorization) return reply(res, 403, { error: { code: 'TokenExpired', message: 'unknown or expired token' } });
      conversation = await createConversation(req, res);
      if (!conversation) return;
      status = 201;
    }
    const queued = await startConversation(conversation, baseUrl);
    reply(res, status, describe(conversation));
    if (queued) runQueuedTurns(conversation);
  });

  server.post(`${BASE}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const conversation = await conversations.authorize(req.headers.authorization, String(req.params.conversationId));
    if (!conversation) return reply(res, 403, { error: { code: 'BadArgument', message: 'unknown conversation or token' } });
    if (conversation.ended) return reply(res, 403, { error: { code: 'BadArgument', message: 'the conversation has ended' } });
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
    let queued = await startConversation(conversation, baseUrl);
    const stored = await conversations.append(conversation, inbound(conversation, body as Record<string, unknown>, baseUrl));
    // Queued before the reply: once the client has an id, the turn is not lost with this replica.
    if (type !== 'typing') {
      await conversations.enqueueTurn(conversation, { activity: stored, baseUrl });
      queued = true;
    }
    reply(res, 200, { id: stored.id });
    if (queued) runQueuedTurns(conversation);
  });

  server.get(`${BASE}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const conversation = await conversations.authorize(req.headers.authorization, String(req.params.conversationId));
    if (!conversation) return reply(res, 403, { error: { code: 'BadArgument', message: 'unknown conversation or token' } });
    const raw = new URL(req.url ?? '', 'http://local').searchParams.get('watermark');
    const watermark = raw === null || raw === '' ? 0 : Number(raw);
    if (!Number.isInteger(watermark) || watermark < 0) return reply(res, 400, { error: { code: 'BadArgument', message: 'watermark must be a whole number' } });
    const page = await conversations.since(conversation, watermark);
    reply(res, 200, { activities: page.activities, watermark: String(page.watermark) });
    // Turns whose replica stopped before running them are taken up here (once their lease ran out).
    if (page.pendingTurns > 0) runQueuedTurns(conversation);
  });

  server.post(`${BASE}/conversations/:conversationId/upload`, async (_req: Request, res: Response) => {
    reply(res, 400, { error: { code: 'BadArgument', message: 'file uploads are not supported' } });
  });

  return {
    conversations,
    async close() {
      closed = true;
      await Promise.all([...running]);
      await conversations.close();
    },
  };
}
