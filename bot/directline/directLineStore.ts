import type { Activity } from 'botbuilder';

/**
 * The conversations of the built-in Direct Line endpoint: each has an opaque bearer token, a
 * pseudonymous-by-construction user id, the activities exchanged so far (the watermark is the count
 * delivered) and a queue of turns still to run. Conversations idle for longer than the idle time are
 * forgotten, so nothing accumulates. Kept in process memory (memoryDirectLineStore.ts) or in the
 * shared store (state/redisDirectLineStore.ts), so that any replica can serve any request of a
 * conversation.
 */
export interface DirectLineConversation {
  id: string;
  token: string;
  userId: string;
  /** The person ended it ("Neues Gespräch"): it takes no more posts and is gone END_GRACE_MS later. */
  ended?: true;
}

/** A turn waiting to run: the user's activity and the public base URL of the request that brought it. */
export interface QueuedTurn {
  activity: Partial<Activity>;
  baseUrl: string;
}

export interface ActivityPage {
  activities: Partial<Activity>[];
  watermark: number;
  /** Turns queued and not yet taken by a replica. */
  pendingTurns: number;
}

export interface DirectLineStore {
  /** Throws ConversationLimitError when too many conversations are open. */
  create(): Promise<DirectLineConversation>;
  /** The conversation a bearer token belongs to (and, when given, must match `id`); counts as use. */
  authorize(authorization: string | undefined, id?: string): Promise<DirectLineConversation | undefined>;
  /** True exactly once per conversation: the caller sends the welcome. */
  markStarted(conversation: DirectLineConversation): Promise<boolean>;
  /** Stores an activity and returns it with its id. */
  append(conversation: DirectLineConversation, activity: Partial<Activity>): Promise<Partial<Activity>>;
  /** Activities after `watermark` and the new watermark. */
  since(conversation: DirectLineConversation, watermark: number): Promise<ActivityPage>;
  enqueueTurn(conversation: DirectLineConversation, turn: QueuedTurn): Promise<void>;
  /** The oldest queued turn, removed from the queue. */
  takeTurn(conversation: DirectLineConversation): Promise<QueuedTurn | undefined>;
  pendingTurns(conversation: DirectLineConversation): Promise<number>;
  /**
   * The person ended the conversation: the activities before `lastActivityId` (the endOfConversation
   * itself) and the queued turns are dropped now, further posts are refused, and the conversation
   * with its token expires END_GRACE_MS later, however it is used meanwhile.
   */
  end(conversation: DirectLineConversation, lastActivityId: string | undefined): Promise<void>;
  close(): Promise<void>;
}

export class ConversationLimitError extends Error {}

/** Activities kept per conversation; older ones are dropped, the watermark stays a running count. */
export const MAX_ACTIVITIES_KEPT = 200;

/** An ended conversation stays readable this long, so the client receives the echo of its last post. */
export const END_GRACE_MS = 10_000;

export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

/** The sequence number in an id made by activityId, or undefined when it is not one of this conversation's. */
export function activitySeq(conversationId: string, id: string | undefined): number | undefined {
  const prefix = `${conversationId}|`;
  if (!id?.startsWith(prefix)) return undefined;
  const digits = id.slice(prefix.length);
  return /^\d+$/.test(digits) ? Number(digits) : undefined;
}

export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
}
