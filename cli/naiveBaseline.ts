import { readFile } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import type { AnswerResult } from '../core/types.ts';
import { analyze } from '../core/text/germanText.ts';
import { scanDocsFolder } from '../ingest/docsScanner.ts';
import { loaderForFile } from '../ingest/loaders/loaderRegistry.ts';

/**
 * The naive baseline every eval run is compared with: BM25 over 500-character windows of the loaded
 * documents, the best window pasted as the answer, never declining. An answer engine that does not beat
 * it on a set reads the documents no better than keyword search does.
 */

const WINDOW_CHARS = 500;

interface Window {
  id: number;
  source: string;
  locator: string;
  text: string;
}

/** Cuts text into windows of at most `size` characters at word borders. */
export function textWindows(text: string, size = WINDOW_CHARS): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const windows: string[] = [];
  let current = '';
  for (const word of words) {
    if (current && current.length + 1 + word.length > size) {
      windows.push(current);
      current = '';
    }
    current = current ? `${current} ${word}` : word.slice(0, size);
  }
  if (current) windows.push(current);
  return windows;
}

/** FTS5 quotes a term in double quotes; analysed terms never hold one, but be safe. */
function ftsTerm(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

export class NaiveBaseline {
  private constructor(
    private readonly db: DatabaseSync,
    private readonly windows: Map<number, Window>,
  ) {}

  /** Loads every readable document below `docsDir`; unreadable files are left out, as ingestion does. */
  static async build(docsDir: string): Promise<NaiveBaseline> {
    const { files } = await scanDocsFolder(docsDir);
    const windows: Window[] = [];
    for (const file of files) {
      const loader = loaderForFile(file.relativePath);
      if (!loader) continue;
      try {
        const document = await loader.load({ absolutePath: file.absolutePath, relativePath: file.relativePath, bytes: await readFile(file.absolutePath) });
        for (const section of document.sections) {
          for (const text of textWindows(section.text)) windows.push({ id: windows.length, source: document.source, locator: section.locator.label, text });
        }
      } catch {
        // Ingestion reports unreadable files; the baseline simply does without them.
      }
    }
    // SQLite's FTS5 ranks by BM25; the text goes in as the project's analysed terms.
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE VIRTUAL TABLE windows USING fts5(terms)');
    const insert = db.prepare('INSERT INTO windows(rowid, terms) VALUES (?, ?)');
    for (const window of windows) insert.run(window.id, analyze(window.text).join(' '));
    return new NaiveBaseline(db, new Map(windows.map((w) => [w.id, w])));
  }

  answer(question: string): AnswerResult {
    const terms = [...new Set(analyze(question))];
    const best =
      terms.length === 0
        ? undefined
        : (this.db.prepare('SELECT rowid FROM windows WHERE windows MATCH ? ORDER BY bm25(windows) LIMIT 1').get(terms.map(ftsTerm).join(' OR ')) as
            | { rowid: number }
            | undefined);
    const window = best ? this.windows.get(Number(best.rowid)) : undefined;
    return {
      answered: window !== undefined,
      answer: window?.text ?? '',
      citations: window ? [{ marker: 1, chunkId: String(window.id), source: window.source, title: window.source, locator: window.locator, snippet: window.text }] : [],
      language: 'de',
      kind: 'general',
      engine: 'naive-bm25',
    };
  }
}
