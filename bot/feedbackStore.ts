import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * Answer ratings as JSON lines, one file per month: <DATA_DIR>/feedback/feedback-YYYY-MM.jsonl.
 * The question text is deliberately not part of an entry (data protection); the cited sources are
 * enough to find the documents an answer came from.
 */

export const feedbackEntrySchema = z.object({
  ts: z.string(),
  /** Pseudonymous user id (HMAC of the channel's user id). */
  user: z.string(),
  rating: z.enum(['up', 'down']),
  comment: z.string().optional(),
  answerId: z.string(),
  /** Cited sources: "file, locator". */
  sources: z.array(z.string()),
  channel: z.string().optional(),
});

export type FeedbackEntry = z.infer<typeof feedbackEntrySchema>;

export const MAX_FEEDBACK_COMMENT_LENGTH = 1000;

export interface FeedbackQuery {
  /** ISO timestamp: only entries at or after it. */
  since?: string;
  limit?: number;
}

/**
 * Where feedback is kept: JSON lines below DATA_DIR (this file, the embedded default) or the shared
 * store (state/redisFeedbackStore.ts), so that every replica's admin page shows all of it.
 */
export interface FeedbackStore {
  append(entry: FeedbackEntry): Promise<void>;
  /** Entries newest first. */
  read(options?: FeedbackQuery): Promise<FeedbackEntry[]>;
}

/** Checks an entry and shortens its comment; every store keeps entries in this form. */
export function cleanFeedback(entry: FeedbackEntry): FeedbackEntry {
  return feedbackEntrySchema.parse({
    ...entry,
    ...(entry.comment !== undefined ? { comment: entry.comment.slice(0, MAX_FEEDBACK_COMMENT_LENGTH) } : {}),
  });
}

export function fileFeedbackStore(dataDir: string): FeedbackStore {
  return {
    append: (entry) => appendFeedback(dataDir, entry),
    read: (options) => readFeedback(dataDir, options),
  };
}

function feedbackDir(dataDir: string): string {
  return path.join(dataDir, 'feedback');
}

function monthFile(dataDir: string, ts: string): string {
  return path.join(feedbackDir(dataDir), `feedback-${ts.slice(0, 7)}.jsonl`);
}

export async function appendFeedback(dataDir: string, entry: FeedbackEntry): Promise<void> {
  const clean = cleanFeedback(entry);
  await mkdir(feedbackDir(dataDir), { recursive: true });
  // One write per line keeps concurrent appends from interleaving within a line.
  await appendFile(monthFile(dataDir, clean.ts), `${JSON.stringify(clean)}\n`, 'utf8');
}

/** All entries, newest first; `since` (ISO timestamp) limits them. Torn or foreign lines are skipped. */
export async function readFeedback(dataDir: string, options: FeedbackQuery = {}): Promise<FeedbackEntry[]> {
  let files: string[];
  try {
    files = (await readdir(feedbackDir(dataDir))).filter((name) => /^feedback-\d{4}-\d{2}\.jsonl$/.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: FeedbackEntry[] = [];
  for (const file of files) {
    const text = await readFile(path.join(feedbackDir(dataDir), file), 'utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const parsed = feedbackEntrySchema.safeParse(safeJson(line));
      if (!parsed.success) continue;
      if (options.since && parsed.data.ts < options.since) continue;
      entries.push(parsed.data);
    }
  }
  entries.sort((a, b) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : 0));
  return options.limit !== undefined ? entries.slice(0, options.limit) : entries;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    // A line torn by a crash mid-append; the schema check drops it.
    return undefined;
  }
}
