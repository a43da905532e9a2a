import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Interim reader for the feedback JSON lines the bot writes (<DATA_DIR>/feedback/*.jsonl), until the
 * bot's own feedback store offers readFeedback; then this file goes.
 */
export async function readFeedbackEntries(dataDir: string): Promise<Array<Record<string, unknown>>> {
  const dir = path.join(dataDir, 'feedback');
  let files: string[];
  try {
    files = (await readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: Array<Record<string, unknown>> = [];
  for (const file of files) {
    for (const line of (await readFile(path.join(dir, file), 'utf8')).split('\n')) {
      if (line.trim() === '') continue;
      try {
        entries.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A torn last line from a crash is expected in an append-only log; the rest is still valid.
        continue;
      }
    }
  }
  return entries.reverse();
}
