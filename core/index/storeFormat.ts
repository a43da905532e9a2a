import type { DatabaseSync } from 'node:sqlite';
import type { Chunk } from '../types.ts';
import { analyze, characterGrams, foldGerman, splitCompound, splitWords } from '../text/germanText.ts';
import { titleText } from '../retrieval/chunkTerms.ts';

/**
 * The chunk store of an index version: one SQLite file (Node's built-in `node:sqlite`, whose bundled
 * SQLite has FTS5). It holds every chunk as a JSON record, so fields the store does not know pass
 * through untouched, plus what retrieval and answering look up: two FTS5 indexes (analysed words and
 * character n-grams, both from core/text) and the facts that are scanned across the whole index.
 * The bot reads it on demand; nothing of it has to live on the JavaScript heap.
 */

/** Words: the shared German analysis (folded, stemmed, compounds split), `-` and `_` kept inside terms. */
const WORD_TOKENIZER = `tokenize="unicode61 remove_diacritics 0 tokenchars '-_'"`;

export const STORE_SCHEMA = `
CREATE TABLE chunks (
  label INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  page INTEGER,
  offers INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX chunks_by_source ON chunks (source, page);
CREATE INDEX chunks_with_offers ON chunks (source, label) WHERE offers > 0;
CREATE TABLE dates (label INTEGER NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL);
CREATE INDEX dates_by_start ON dates (start, end);
CREATE INDEX dates_by_label ON dates (label);
CREATE VIRTUAL TABLE words USING fts5 (title, heading, body, content='', contentless_delete=1, ${WORD_TOKENIZER});
CREATE VIRTUAL TABLE grams USING fts5 (title, heading, body, content='', contentless_delete=1, ${WORD_TOKENIZER});
`;

/**
 * BM25 column weights of both indexes (title, heading, body): a heading names what a section is about.
 * The n-gram index has the same fields and weights, so the two rankings differ only in their terms.
 */
export const WORD_COLUMN_WEIGHTS = [1.5, 2, 1] as const;

/** Analysed terms of a chunk's title, heading and text, as the words index holds them. */
export interface ChunkTermRow {
  title: string;
  heading: string;
  body: string;
  grams: { title: string; heading: string; body: string };
}

/** FTS5 tokens may not contain apostrophes (they would need quoting in the tokenizer options). */
function token(term: string): string {
  return term.replace(/['’]/g, '_');
}

/**
 * Analysed terms plus the parts of closed compounds that the vocabulary knows (the corpus' own words),
 * so "Plattform" finds "Weiterbildungsplattform" and the other way round.
 */
export function termsWithCompounds(text: string, isKnown: (stem: string) => boolean): string[] {
  const terms = analyze(text);
  for (const word of splitWords(text)) {
    if (word.length < 9) continue;
    terms.push(...splitCompound(foldGerman(word), isKnown));
  }
  return terms.map(token);
}

export function termRowOf(chunk: Pick<Chunk, 'title' | 'publisher' | 'heading' | 'text'>, isKnown: (stem: string) => boolean): ChunkTermRow {
  return {
    title: termsWithCompounds(titleText(chunk), isKnown).join(' '),
    heading: termsWithCompounds(chunk.heading ?? '', isKnown).join(' '),
    body: termsWithCompounds(chunk.text, isKnown).join(' '),
    grams: { title: characterGrams(titleText(chunk)).join(' '), heading: characterGrams(chunk.heading ?? '').join(' '), body: characterGrams(chunk.text).join(' ') },
  };
}

/** The page or slide number a chunk stands on (sections have none). */
export function pageOf(chunk: Chunk): number | null {
  return chunk.locator.kind !== 'section' && chunk.locator.number !== undefined ? chunk.locator.number : null;
}

/** An FTS5 query matching any of the terms (each quoted, so no term is read as an operator). */
export function anyOf(terms: Iterable<string>): string {
  return [...new Set(terms)].map((term) => `"${token(term).replace(/"/g, '""')}"`).join(' OR ');
}

export interface StoreChanges {
  /** Labels of chunks that leave the index. */
  removedLabels: readonly number[];
  /** Chunks that enter it (new labels). */
  added: readonly Chunk[];
}

/**
 * Applies removals and additions to an open store in one transaction. Compounds of new chunks are split
 * against the words of the whole index: what is already there plus what comes in.
 */
export function applyStoreChanges(db: DatabaseSync, changes: StoreChanges): void {
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.write_vocabulary USING fts5vocab(main, words, row)');
  db.exec('BEGIN');
  try {
    const remove = ['DELETE FROM chunks WHERE label = ?', 'DELETE FROM words WHERE rowid = ?', 'DELETE FROM grams WHERE rowid = ?', 'DELETE FROM dates WHERE label = ?'].map(
      (sql) => db.prepare(sql),
    );
    for (const label of changes.removedLabels) for (const statement of remove) statement.run(label);

    const incoming = new Set<string>();
    for (const chunk of changes.added) for (const term of analyze(`${titleText(chunk)} ${chunk.heading ?? ''} ${chunk.text}`)) incoming.add(term);
    const known = db.prepare('SELECT 1 AS known FROM temp.write_vocabulary WHERE term = ?');
    const isKnown = (stem: string) => incoming.has(stem) || known.get(stem) !== undefined;

    const insertChunk = db.prepare('INSERT INTO chunks (label, source, page, offers, record) VALUES (?, ?, ?, ?, ?)');
    const insertWords = db.prepare('INSERT INTO words (rowid, title, heading, body) VALUES (?, ?, ?, ?)');
    const insertGrams = db.prepare('INSERT INTO grams (rowid, title, heading, body) VALUES (?, ?, ?, ?)');
    const insertDate = db.prepare('INSERT INTO dates (label, start, end) VALUES (?, ?, ?)');
    for (const chunk of changes.added) {
      insertChunk.run(chunk.label, chunk.source, pageOf(chunk), chunk.facts.offers.length, JSON.stringify(chunk));
      const row = termRowOf(chunk, isKnown);
      insertWords.run(chunk.label, row.title, row.heading, row.body);
      insertGrams.run(chunk.label, row.grams.title, row.grams.heading, row.grams.body);
      for (const date of chunk.facts.dates) if (date.start && date.end) insertDate.run(chunk.label, date.start, date.end);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
