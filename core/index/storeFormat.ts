import type { DatabaseSync } from 'node:sqlite';
import type { Chunk } from '../types.ts';
import { analyze, analyzeWord, characterGrams, foldGerman, splitCompound, splitWords } from '../text/germanText.ts';
import { titleText } from '../retrieval/chunkTerms.ts';
import { DOCUMENT_TABLE_SCHEMA, writeDocumentTable } from './documentTable.ts';
import { POSTINGS_SCHEMA, PostingsBuilder, collectRemovals, postingTable, type FieldTerms } from './postingLists.ts';

/**
 * The chunk store of an index version: one SQLite file (Node's built-in `node:sqlite`). It holds every
 * chunk as a JSON record, so fields the store does not know pass through untouched, plus what retrieval
 * and answering look up: inverted lists of analysed words and of character n-grams (both from
 * core/text; postingLists.ts), a packed table of every chunk's document and field lengths
 * (documentTable.ts), and the facts that are scanned across the whole index. The bot reads it on
 * demand; nothing of it has to live on the JavaScript heap.
 */

export const STORE_SCHEMA = `
CREATE TABLE chunks (
  label INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  page INTEGER,
  offers INTEGER NOT NULL,
  word_length INTEGER NOT NULL,
  gram_length INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX chunks_by_source ON chunks (source, page);
CREATE INDEX chunks_with_offers ON chunks (source, label) WHERE offers > 0;
CREATE TABLE dates (label INTEGER NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL);
CREATE INDEX dates_by_start ON dates (start, end);
CREATE INDEX dates_by_label ON dates (label);
${POSTINGS_SCHEMA}
${DOCUMENT_TABLE_SCHEMA}
`;

/**
 * BM25 field weights of both indexes (title, heading, text): a heading names what a section is about.
 * The n-gram index has the same fields and weights, so the two rankings differ only in their terms.
 * The posting lists store weighted frequencies in half units, so weights are multiples of 0.5.
 */
export const WORD_COLUMN_WEIGHTS = [1.5, 2, 1] as const;

/** Analysed terms of a chunk's title, heading and text, words and n-grams, as the lists index them. */
export interface ChunkTermRow {
  words: FieldTerms;
  grams: FieldTerms;
}

/**
 * Analysed terms plus the parts of closed compounds that the vocabulary knows (the corpus' own words),
 * so "Plattform" finds "Weiterbildungsplattform" and the other way round.
 */
export function termsWithCompounds(text: string, isKnown: (stem: string) => boolean): string[] {
  // One pass over the words, each folded once: analyze's terms, then the compound parts, in word order.
  const terms: string[] = [];
  const parts: string[] = [];
  for (const word of splitWords(text)) wordTerms(word, foldGerman(word), isKnown, terms, parts);
  if (parts.length > 0) terms.push(...parts);
  return terms;
}

/** Words shorter than this are not split into compound parts (termsWithCompounds). */
const MIN_COMPOUND_LENGTH = 9;

/**
 * One word's share of termsWithCompounds (`folded`: foldGerman of it): its terms appended to `terms`, its
 * compound parts the vocabulary knows to `parts`. The keyword query analyses a question word by word with it,
 * so questions and the index see words the same way.
 */
export function wordTerms(word: string, folded: string, isKnown: (stem: string) => boolean, terms: string[], parts: string[]): void {
  analyzeWord(word, folded, terms);
  if (word.length >= MIN_COMPOUND_LENGTH) parts.push(...splitCompound(folded, isKnown));
}

export function termRowOf(chunk: Pick<Chunk, 'title' | 'publisher' | 'heading' | 'text'>, isKnown: (stem: string) => boolean): ChunkTermRow {
  const fields = [titleText(chunk), chunk.heading ?? '', chunk.text] as const;
  return {
    words: [termsWithCompounds(fields[0], isKnown), termsWithCompounds(fields[1], isKnown), termsWithCompounds(fields[2], isKnown)],
    grams: [characterGrams(fields[0]), characterGrams(fields[1]), characterGrams(fields[2])],
  };
}

/** The page or slide number a chunk stands on (sections have none). */
export function pageOf(chunk: Chunk): number | null {
  return chunk.locator.kind !== 'section' && chunk.locator.number !== undefined ? chunk.locator.number : null;
}

export interface StoreChanges {
  /** Labels of chunks that leave the index. */
  removedLabels: readonly number[];
  /** Chunks that enter it (new labels). */
  added: readonly Chunk[];
}

/**
 * Applies removals and additions to an open store in one transaction. Compounds of new chunks are split
 * against the words of the index as it will be: what stays plus what comes in.
 */
export function applyStoreChanges(db: DatabaseSync, changes: StoreChanges): void {
  db.exec('BEGIN');
  try {
    const remove = ['DELETE FROM chunks WHERE label = ?', 'DELETE FROM dates WHERE label = ?'].map((sql) => db.prepare(sql));
    for (const label of changes.removedLabels) for (const statement of remove) statement.run(label);
    const removals = { words: collectRemovals(db, 'words', changes.removedLabels), grams: collectRemovals(db, 'grams', changes.removedLabels) };

    const incoming = new Set<string>();
    for (const chunk of changes.added) for (const term of analyze(`${titleText(chunk)} ${chunk.heading ?? ''} ${chunk.text}`)) incoming.add(term);
    const known = db.prepare(`SELECT 1 AS known FROM ${postingTable('words')} WHERE term = ?`);
    // Known: in a chunk coming in, or in one that stays (a list that loses chunks may lose all of them).
    const isKnown = (stem: string) => {
      if (incoming.has(stem)) return true;
      const removal = removals.words.get(stem);
      return removal ? removal.list !== undefined : known.get(stem) !== undefined;
    };

    const words = new PostingsBuilder(WORD_COLUMN_WEIGHTS);
    const grams = new PostingsBuilder(WORD_COLUMN_WEIGHTS);
    const insertChunk = db.prepare('INSERT INTO chunks (label, source, page, offers, word_length, gram_length, record) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertDate = db.prepare('INSERT INTO dates (label, start, end) VALUES (?, ?, ?)');
    for (const chunk of [...changes.added].sort((a, b) => a.label - b.label)) {
      const row = termRowOf(chunk, isKnown);
      const wordLength = words.add(chunk.label, row.words);
      const gramLength = grams.add(chunk.label, row.grams);
      insertChunk.run(chunk.label, chunk.source, pageOf(chunk), chunk.facts.offers.length, wordLength, gramLength, JSON.stringify(chunk));
      for (const date of chunk.facts.dates) if (date.start && date.end) insertDate.run(chunk.label, date.start, date.end);
    }
    words.mergeInto(db, 'words', removals.words);
    grams.mergeInto(db, 'grams', removals.grams);
    writeDocumentTable(db);
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
