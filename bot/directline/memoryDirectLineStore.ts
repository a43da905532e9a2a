import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import {
  activityId,
  activitySeq,
  bearerToken,
  ConversationLimitError,
  END_GRACE_MS,
  MAX_ACTIVITIES_KEPT,
  type ActivityPage,
  type DirectLineConversation,
  type DirectLineStore,
  type QueuedTurn,
} from './directLineStore.ts';

interface StoredConversation extends DirectLineConversation {
  activities: Partial<Activity>[];
  /** Sequence number of the next activity; the watermark is the count delivered so far. */
  nextSeq: number;
  lastUsed: number;
  started: boolean;
  turns: QueuedTurn[];
  /** When the person ended it; it is gone END_GRACE_MS later. */
  endedAt?: number;
}

function randomId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Direct Line conversations in this process only (STATE_STORE=memory). */
export class MemoryDirectLineStore implements DirectLineStore {
  private readonly conversations = new Map<string, StoredConversation>();
  private readonly byToken = new Map<string, string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly idleMs: number,
    private readonly maxConversations = 10_000,
    private readonly now: () => number = Date.now,
    private readonly endGraceMs = END_GRACE_MS,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, idleMs)).unref();
  }

  async create(): Promise<DirectLineConversation> {
    this.sweep();
    if (this.conversations.size >= this.maxConversations) throw new ConversationLimitError('too many open conversations');
    const conversation: StoredConversation = {
      id: randomId(18),
      token: randomId(32),
      userId: `dl_${randomId(12)}`,
      activities: [],
      nextSeq: 0,
      lastUsed: this.now(),
      started: false,
      turns: [],
    };
    this.conversations.set(conversation.id, conversation);
    this.byToken.set(conversation.token, conversation.id);
    return publicView(conversation);
  }

  async authorize(authorization: string | undefined, id?: string): Promise<DirectLineConversation | undefined> {
    const token = bearerToken(authorization);
    if (!token) return undefined;
    const conversationId = this.byToken.get(token);
    const conversation = conversationId ? this.conversations.get(conversationId) : undefined;
    if (!conversation || (id !== undefined && conversation.id !== id) || this.expired(conversation)) return undefined;
    conversation.lastUsed = this.now();
    return publicView(conversation);
  }

  async markStarted(conversation: DirectLineConversation): Promise<boolean> {
    const stored = this.conversations.get(conversation.id);
    if (!stored || stored.started) return false;
    stored.started = true;
    return true;
  }

  async append(conversation: DirectLineConversation, activity: Partial<Activity>): Promise<Partial<Activity>> {
    const stored = this.conversations.get(conversation.id);
    if (!stored || stored.endedAt !== undefined) return { ...activity, id: activityId(conversation.id, 0) };
    const withId = { ...activity, id: activityId(stored.id, stored.nextSeq) };
    stored.nextSeq += 1;
    stored.activities.push(withId);
    // Old activities beyond the window are dropped; the watermark stays a running count.
    if (stored.activities.length > MAX_ACTIVITIES_KEPT) stored.activities.splice(0, stored.activities.length - MAX_ACTIVITIES_KEPT);
    stored.lastUsed = this.now();
    return withId;
  }

  async since(conversation: DirectLineConversation, watermark: number): Promise<ActivityPage> {
    const stored = this.conversations.get(conversation.id);
    if (!stored) return { activities: [], watermark, pendingTurns: 0 };
    const firstKept = stored.nextSeq - stored.activities.length;
    const from = Math.max(0, watermark - firstKept);
    return { activities: stored.activities.slice(from), watermark: stored.nextSeq, pendingTurns: stored.turns.length };
  }

  async enqueueTurn(conversation: DirectLineConversation, turn: QueuedTurn): Promise<void> {
    const stored = this.conversations.get(conversation.id);
    if (stored && stored.endedAt === undefined) stored.turns.push(turn);
  }

  async takeTurn(conversation: DirectLineConversation): Promise<QueuedTurn | undefined> {
    return this.conversations.get(conversation.id)?.turns.shift();
  }

  async pendingTurns(conversation: DirectLineConversation): Promise<number> {
    return this.conversations.get(conversation.id)?.turns.length ?? 0;
  }

  async end(conversation: DirectLineConversation, lastActivityId: string | undefined): Promise<void> {
    const stored = this.conversations.get(conversation.id);
    if (!stored) return;
    const firstKept = stored.nextSeq - stored.activities.length;
    const seq = activitySeq(stored.id, lastActivityId);
    const drop = seq === undefined ? stored.activities.length : Math.min(stored.activities.length, Math.max(0, seq - firstKept));
    stored.activities.splice(0, drop);
    stored.turns = [];
    stored.endedAt = this.now();
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

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.conversations.clear();
    this.byToken.clear();
  }

  private expired(conversation: StoredConversation): boolean {
    const now = this.now();
    return now - conversation.lastUsed > this.idleMs || (conversation.endedAt !== undefined && now - conversation.endedAt > this.endGraceMs);
  }
}

function publicView(conversation: StoredConversation): DirectLineConversation {
  return { id: conversation.id, token: conversation.token, userId: conversation.userId, ...(conversation.endedAt !== undefined ? { ended: true as const } : {}) };
}
