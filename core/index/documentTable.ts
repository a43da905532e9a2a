import type { DatabaseSync } from 'node:sqlite';
import type { PostingField } from './postingLists.ts';

/**
 * What the scorer needs of every chunk besides its postings: its document (for the `sources` filter
 * and the document vote of the fusion) and its field lengths (BM25's length normalisation). The writer
 * packs them into one BLOB after every change, so opening a version reads one row instead of a row per
 * chunk. Arrays are indexed by label: labels are dense within an index lineage (never reused, handed
 * out from 0), so a label-indexed Int32/Uint32 array costs 4 bytes per label ever given out.
 */

export const DOCUMENT_TABLE_SCHEMA = `CREATE TABLE store_meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);`;

export interface DocumentTable {
  /** Live chunks. */
  count: number;
  /** Document of each chunk, by label: an index into `sources`, or -1 for a label not in the index. */
  sourceOf: Int32Array;
  sources: readonly string[];
  /** Number of terms per field, by label. */
  length: Record<PostingField, Uint32Array>;
  /** Sum of `length` over live chunks, per field. */
  total: Record<PostingField, number>;
}

/** Rewrites the packed table from the chunks table (call inside the write transaction, after all changes). */
export function writeDocumentTable(db: DatabaseSync): void {
  const rows = db.prepare('SELECT label, source, word_length AS words, gram_length AS grams FROM chunks ORDER BY label').all() as Array<{
    label: number;
    source: string;
    words: number;
    grams: number;
  }>;
  const n = rows.length;
  const packed = new Uint32Array(n * 4);
  const sources = new Map<string, number>();
  rows.forEach((row, i) => {
    let source = sources.get(row.source);
    if (source === undefined) sources.set(row.source, (source = sources.size));
    packed[i] = Number(row.label);
    packed[n + i] = source;
    packed[2 * n + i] = Number(row.words);
    packed[3 * n + i] = Number(row.grams);
  });
  const put = db.prepare('INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)');
  put.run('documents', new Uint8Array(packed.buffer));
  put.run('sources', JSON.stringify([...sources.keys()]));
}

export function readDocumentTable(db: DatabaseSync): DocumentTable {
  const get = db.prepare('SELECT value FROM store_meta WHERE key = ?');
  const documents = (get.get('documents') as { value: Uint8Array } | undefined)?.value;
  const sourcesJson = (get.get('sources') as { value: string } | undefined)?.value;
  if (!documents || typeof sourcesJson !== 'string' || documents.length % 16 !== 0) throw new Error('the chunk store has no valid document table');
  const aligned = documents.byteOffset % 4 === 0 ? documents : documents.slice();
  const packed = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
  const n = packed.length / 4;
  const size = n === 0 ? 0 : packed[n - 1]! + 1;
  const sourceOf = new Int32Array(size).fill(-1);
  const words = new Uint32Array(size);
  const grams = new Uint32Array(size);
  let wordTotal = 0;
  let gramTotal = 0;
  for (let i = 0; i < n; i++) {
    const label = packed[i]!;
    sourceOf[label] = packed[n + i]!;
    wordTotal += words[label] = packed[2 * n + i]!;
    gramTotal += grams[label] = packed[3 * n + i]!;
  }
  return { count: n, sourceOf, sources: JSON.parse(sourcesJson) as string[], length: { words, grams }, total: { words: wordTotal, grams: gramTotal } };
}
