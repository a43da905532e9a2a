import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';

/**
 * The conversations of the built-in Direct Line endpoint, held in memory only: each has an opaque
 * bearer token, a pseudonymous-by-construction user id, and the activities exchanged so far.
 * Conversations idle for longer than `idleMs` are dropped, so nothing accumulates.
 */
export interface DirectLineConversation {
  id: string;
  token: string;
  userId: string;
  activities: Partial<Activity>[];
  /** Sequence number of the next activity; the watermark is the count delivered so far. */
  nextSeq: number;
  lastUsed: number;
  started: boolean;
  /** Turns of one conversation run one after the other, in the order the user sent them. */
  queue: Promise<void>;
  /** When the person ended it ("Neues Gespräch"); it is gone END_GRACE_MS later. */
  endedAt?: number;
}

export class ConversationLimitError extends Error {}

const MAX_ACTIVITIES_KEPT = 200;
/** An ended conversation stays readable this long, so the client receives the echo of its last post. */
export const END_GRACE_MS = 10_000;

function randomId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export class DirectLineConversations {
  private readonly conversations = new Map<string, DirectLineConversation>();
  private readonly byToken = new Map<string, string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly idleMs: number,
    private readonly maxConversations = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, idleMs)).unref();
  }

  create(): DirectLineConversation {
    this.sweep();
    if (this.conversations.size >= this.maxConversations) throw new ConversationLimitError('too many open conversations');
    const conversation: DirectLineConversation = {
      id: randomId(18),
      token: randomId(32),
      userId: `dl_${randomId(12)}`,
      activities: [],
      nextSeq: 0,
      lastUsed: this.now(),
      started: false,
      queue: Promise.resolve(),
    };
    this.conversations.set(conversation.id, conversation);
    this.byToken.set(conversation.token, conversation.id);
    return conversation;
  }

  /** The conversation a bearer token belongs to (and, when given, must match `id`). */
  authorize(authorization: string | undefined, id?: string): DirectLineConversation | undefined {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    const conversationId = this.byToken.get(token);
    const conversation = conversationId ? this.conversations.get(conversationId) : undefined;
    if (!conversation || (id !== undefined && conversation.id !== id) || this.expired(conversation)) return undefined;
    conversation.lastUsed = this.now();
    return conversation;
  }

  append(conversation: DirectLineConversation, activity: Partial<Activity>): Partial<Activity> {
    const stored = { ...activity, id: `${conversation.id}|${String(conversation.nextSeq).padStart(7, '0')}` };
    conversation.nextSeq += 1;
    conversation.activities.push(stored);
    // Old activities beyond the window are dropped; the watermark stays a running count.
    if (conversation.activities.length > MAX_ACTIVITIES_KEPT) conversation.activities.splice(0, conversation.activities.length - MAX_ACTIVITIES_KEPT);
    conversation.lastUsed = this.now();
    return stored;
  }

  /** Activities after `watermark` and the new watermark. */
  since(conversation: DirectLineConversation, watermark: number): { activities: Partial<Activity>[]; watermark: number } {
    const firstKept = conversation.nextSeq - conversation.activities.length;
    const from = Math.max(0, watermark - firstKept);
    return { activities: conversation.activities.slice(from), watermark: conversation.nextSeq };
  }

  /**
   * The person ended the conversation: everything exchanged before `lastActivityId` (the
   * endOfConversation itself) is dropped now, and the conversation with its token a few seconds later.
   */
  end(conversation: DirectLineConversation, lastActivityId: string | undefined): void {
    const index = conversation.activities.findIndex((activity) => activity.id === lastActivityId);
    conversation.activities.splice(0, index >= 0 ? index : conversation.activities.length);
    conversation.endedAt = this.now();
  }

  get size(): number {
    return this.conversations.size;
  }

  sweep(): void {
    for (const [id, conversation] of this.conversations) {
      if (this.expired(conversation)) {
        this.conversations.delete(id);
        this.byToken.delete(conversation.token);
      }
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    this.conversations.clear();
    this.byToken.clear();
  }

  private expired(conversation: DirectLineConversation): boolean {
    const now = this.now();
    return now - conversation.lastUsed > this.idleMs || (conversation.endedAt !== undefined && now - conversation.endedAt > END_GRACE_MS);
  }
}
