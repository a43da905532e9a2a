import type { Redis } from 'ioredis';
import { cleanFeedback, feedbackEntrySchema, type FeedbackEntry, type FeedbackQuery, type FeedbackStore } from '../feedbackStore.ts';

/**
 * Feedback as a Redis stream (append-only, ordered by arrival), shared by all replicas. Entries keep
 * the same form as the JSON lines files. Retention is the operator's choice, e.g.
 * `XTRIM <prefix>feedback MINID <ms since epoch>`.
 */

const STREAM = 'feedback';
/** Stream ids are the Redis server's clock, `ts` the replica's: read a little further back than asked. */
const CLOCK_MARGIN_MS = 5 * 60_000;

type StreamEntries = Array<[id: string, fields: string[]]>;

export class RedisFeedbackStore implements FeedbackStore {
  constructor(private readonly redis: Redis) {}

  async append(entry: FeedbackEntry): Promise<void> {
    await this.redis.xadd(STREAM, '*', 'entry', JSON.stringify(cleanFeedback(entry)));
  }

  async read(options: FeedbackQuery = {}): Promise<FeedbackEntry[]> {
    let raw: StreamEntries;
    if (options.since) {
      const from = Math.max(0, Date.parse(options.since) - CLOCK_MARGIN_MS);
      raw = (await this.redis.xrevrange(STREAM, '+', String(Number.isNaN(from) ? 0 : from))) as StreamEntries;
    } else if (options.limit !== undefined) {
      raw = (await this.redis.xrevrange(STREAM, '+', '-', 'COUNT', options.limit)) as StreamEntries;
    } else {
      raw = (await this.redis.xrevrange(STREAM, '+', '-')) as StreamEntries;
    }
    const entries: FeedbackEntry[] = [];
    for (const [, fields] of raw) {
      const parsed = feedbackEntrySchema.safeParse(parseField(fields, 'entry'));
      if (!parsed.success) continue;
      if (options.since && parsed.data.ts < options.since) continue;
      entries.push(parsed.data);
    }
    entries.sort((a, b) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : 0));
    return options.limit !== undefined ? entries.slice(0, options.limit) : entries;
  }
}

/** The JSON value of one field of a stream entry; undefined when missing or not JSON. */
export function parseField(fields: string[], name: string): unknown {
  const at = fields.indexOf(name);
  if (at < 0 || at % 2 !== 0) return undefined;
  try {
    return JSON.parse(fields[at + 1] ?? '');
  } catch {
    return undefined;
  }
}
