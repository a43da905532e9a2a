import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import type { Chunk } from '../types.ts';
import { STORE_SCHEMA, WORD_COLUMN_WEIGHTS, anyOf, applyStoreChanges } from './storeFormat.ts';

export interface TermHit {
  label: number;
  /** The document the chunk belongs to. */
  source: string;
  /** BM25 score, higher is better. */
  score: number;
}

interface Row {
  label: number;
  record: string;
}

/** Parsed chunks are small and asked for again and again by one question (retrieval, then answering). */
const RECENT_CHUNKS = 2_000;

/**
 * Read-only access to the chunk store of one index version (see storeFormat.ts). The file is opened as
 * immutable — a version never changes once written — so reads take no locks and the page cache stays
 * SQLite's small default. Chunks are parsed when asked for.
 */
export class ChunkStore {
  readonly count: number;
  private readonly statements = new Map<string, StatementSync>();
  private readonly recent = new Map<number, Chunk>();
  private closed = false;

  private constructor(private readonly db: DatabaseSync) {
    this.db.exec('CREATE VIRTUAL TABLE temp.word_vocabulary USING fts5vocab(main, words, row)');
    this.db.exec('CREATE VIRTUAL TABLE temp.gram_vocabulary USING fts5vocab(main, grams, row)');
    this.count = Number((this.statement('SELECT count(*) AS n FROM chunks').get() as { n: number }).n);
  }

  static open(file: string): ChunkStore {
    const url = pathToFileURL(file);
    url.searchParams.set('immutable', '1');
    return new ChunkStore(new DatabaseSync(url.href, { readOnly: true }));
  }

  /** A store in memory, for chunks that were never written to an index (tests, one-off tools). */
  static fromChunks(chunks: readonly Chunk[]): ChunkStore {
    const db = new DatabaseSync(':memory:');
    db.exec(STORE_SCHEMA);
    applyStoreChanges(db, { removedLabels: [], added: chunks });
    return new ChunkStore(db);
  }

  private statement(sql: string): StatementSync {
    if (this.closed) throw new Error('the chunk store of this index version is closed');
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private parse(row: Row): Chunk {
    let chunk = this.recent.get(row.label);
    if (!chunk) {
      chunk = JSON.parse(row.record) as Chunk;
      if (this.recent.size >= RECENT_CHUNKS) this.recent.clear();
      this.recent.set(row.label, chunk);
    }
    return chunk;
  }

  get(label: number): Chunk | undefined {
    const cached = this.recent.get(label);
    if (cached) return cached;
    const row = this.statement('SELECT label, record FROM chunks WHERE label = ?').get(label) as Row | undefined;
    return row ? this.parse(row) : undefined;
  }

  /** The chunks with these labels, in the order given (unknown labels are skipped). */
  getMany(labels: readonly number[]): Chunk[] {
    // Collected here, not read back from the cache: parsing may clear the cache halfway through a batch.
    const found = new Map<number, Chunk>();
    const missing: number[] = [];
    for (const label of labels) {
      const cached = this.recent.get(label);
      if (cached) found.set(label, cached);
      else missing.push(label);
    }
    if (missing.length > 0) {
      const rows = this.statement('SELECT label, record FROM chunks WHERE label IN (SELECT value FROM json_each(?))').all(JSON.stringify(missing)) as unknown as Row[];
      for (const row of rows) found.set(Number(row.label), this.parse(row));
    }
    return labels.map((label) => found.get(label)).filter((chunk): chunk is Chunk => chunk !== undefined);
  }

  /** The chunks of one document, in index order. */
  chunksOf(source: string): Chunk[] {
    return (this.statement('SELECT label, record FROM chunks WHERE source = ? ORDER BY label').all(source) as unknown as Row[]).map((row) => this.parse(row));
  }

  /** Labels of one document's chunks, or of all chunks. */
  labels(source?: string): number[] {
    const rows = (source === undefined ? this.statement('SELECT label FROM chunks').all() : this.statement('SELECT label FROM chunks WHERE source = ?').all(source)) as Array<{
      label: number;
    }>;
    return rows.map((row) => Number(row.label));
  }

  /** The chunks on pages or slides `from`..`to` of one document. */
  chunksOnPages(source: string, from: number, to: number): Chunk[] {
    return (
      this.statement('SELECT label, record FROM chunks WHERE source = ? AND page BETWEEN ? AND ? ORDER BY page, label').all(source, from, to) as unknown as Row[]
    ).map((row) => this.parse(row));
  }

  /** Every chunk, in index order (document, then label); streamed, so a large index need not fit in memory. */
  *all(): Generator<Chunk> {
    for (const row of this.statement('SELECT label, record FROM chunks ORDER BY source, label').iterate() as Iterable<Row>) {
      yield JSON.parse(row.record) as Chunk;
    }
  }

  /** The chunks that hold an offer, in index order. */
  chunksWithOffers(): Chunk[] {
    return (this.statement('SELECT label, record FROM chunks WHERE offers > 0 ORDER BY source, label').all() as unknown as Row[]).map((row) => this.parse(row));
  }

  /** Chunks with a date fact overlapping the ISO range, in index order. */
  chunksDatedWithin(range: { start: string; end: string }, limit: number): Chunk[] {
    const rows = this.statement(
      `SELECT label, record FROM chunks WHERE label IN (SELECT label FROM dates WHERE start <= ? AND end >= ?) ORDER BY source, label LIMIT ?`,
    ).all(range.end, range.start, limit) as unknown as Row[];
    return rows.map((row) => this.parse(row));
  }

  /** In how many chunks a term of the words index occurs. */
  wordFrequency(term: string): number {
    const row = this.statement('SELECT doc FROM temp.word_vocabulary WHERE term = ?').get(term) as { doc: number } | undefined;
    return row ? Number(row.doc) : 0;
  }

  /** In how many chunks a character n-gram occurs. */
  gramFrequency(gram: string): number {
    const row = this.statement('SELECT doc FROM temp.gram_vocabulary WHERE term = ?').get(gram) as { doc: number } | undefined;
    return row ? Number(row.doc) : 0;
  }

  /** BM25 over the analysed words (title, heading, text weighted), any term matching. */
  matchWords(terms: readonly string[], limit: number, sources?: readonly string[]): TermHit[] {
    const [title, heading, body] = WORD_COLUMN_WEIGHTS;
    return this.match('words', `bm25(words, ${title}, ${heading}, ${body})`, terms, limit, sources);
  }

  /** BM25 over character n-grams (fields weighted as for words), any gram matching. */
  matchGrams(grams: readonly string[], limit: number, sources?: readonly string[]): TermHit[] {
    const [title, heading, body] = WORD_COLUMN_WEIGHTS;
    return this.match('grams', `bm25(grams, ${title}, ${heading}, ${body})`, grams, limit, sources);
  }

  private match(table: 'words' | 'grams', rank: string, terms: readonly string[], limit: number, sources?: readonly string[]): TermHit[] {
    if (terms.length === 0 || limit <= 0) return [];
    const filter = sources && sources.length > 0 ? ' AND rowid IN (SELECT label FROM chunks WHERE source IN (SELECT value FROM json_each(?)))' : '';
    // The source is looked up for the few hits only, after FTS5 has ranked and cut the list.
    const sql =
      `SELECT hit.label AS label, hit.rank AS rank, chunks.source AS source FROM ` +
      `(SELECT rowid AS label, ${rank} AS rank FROM ${table} WHERE ${table} MATCH ?${filter} ORDER BY rank LIMIT ?) AS hit ` +
      `JOIN chunks ON chunks.label = hit.label ORDER BY hit.rank`;
    const args: Array<string | number> = [anyOf(terms)];
    if (filter) args.push(JSON.stringify(sources));
    args.push(limit);
    // FTS5's bm25() is negative, lower is better.
    return (this.statement(sql).all(...args) as Array<{ label: number; rank: number; source: string }>).map((row) => ({
      label: Number(row.label),
      source: row.source,
      score: -row.rank,
    }));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.recent.clear();
    this.db.close();
  }
}
