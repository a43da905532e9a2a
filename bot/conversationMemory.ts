import type { ConversationTurn } from '../core/types.ts';

/**
 * What the bot keeps per conversation: the last few question/answer pairs (shortened), needed to
 * understand follow-up questions, and for each answer its id and cited sources, needed to file
 * feedback. Nothing else is stored.
 */
export interface RememberedExchange {
  question: string;
  answer: string;
  answerId: string;
  /** Activity id the channel gave the answer message (Teams feedback refers to it). */
  activityId?: string;
  sources: string[];
}

export interface ConversationMemory {
  exchanges: RememberedExchange[];
  /** When the last exchange was remembered (ms since epoch); stale memory is not used for follow-ups. */
  updatedAt?: number;
}

export const MAX_REMEMBERED_EXCHANGES = 3;
export const MAX_REMEMBERED_CHARS = 500;
/** After this long without a question, a new question starts afresh (also where state storage keeps more). */
export const MEMORY_IDLE_MS = 30 * 60_000;

function shorten(text: string): string {
  return text.length <= MAX_REMEMBERED_CHARS ? text : `${text.slice(0, MAX_REMEMBERED_CHARS - 1)}…`;
}

export function emptyMemory(): ConversationMemory {
  return { exchanges: [] };
}

export function remember(memory: ConversationMemory, exchange: RememberedExchange, now = Date.now()): ConversationMemory {
  const next = { ...exchange, question: shorten(exchange.question), answer: shorten(exchange.answer) };
  return { exchanges: [...current(memory, now).exchanges, next].slice(-MAX_REMEMBERED_EXCHANGES), updatedAt: now };
}

/** The memory, or an empty one when it is older than MEMORY_IDLE_MS. */
export function current(memory: ConversationMemory, now = Date.now()): ConversationMemory {
  return memory.updatedAt !== undefined && now - memory.updatedAt > MEMORY_IDLE_MS ? emptyMemory() : memory;
}

export function historyOf(memory: ConversationMemory): ConversationTurn[] {
  return memory.exchanges.flatMap((e) => [
    { role: 'user' as const, text: e.question },
    { role: 'assistant' as const, text: e.answer },
  ]);
}

/** The remembered answer a feedback refers to, by our answer id or the channel's activity id. */
export function findExchange(memory: ConversationMemory, id: string | undefined): RememberedExchange | undefined {
  if (!id) return undefined;
  return memory.exchanges.find((e) => e.answerId === id || e.activityId === id);
}
