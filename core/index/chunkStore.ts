import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import type { Chunk } from '../types.ts';
import { readDocumentTable, type DocumentTable } from './documentTable.ts';
import { PostingCache } from './postingCache.ts';
import { decodePostings, postingTable, type PostingField, type PostingList } from './postingLists.ts';
import { STORE_SCHEMA, applyStoreChanges } from './storeFormat.ts';

interface Row {
  label: number;
  record: string;
}


/** Parsed chunks are small and asked for again and again by one question (retrieval, then answering). */
const RECENT_CHUNKS = 2_000;
/**
 * Posting lists read from the file are kept, up to this many bytes (postingCache.ts: one buffer outside
 * the JS heap's object graph): questions share their common words and grams ("beginn", "reih"), whose
 * lists are the long ones. The lists 400 different bench questions touch at 100k chunks take 29 MB
 * (words 1.7 MB, grams 27 MB); with 24 MB they were read again and again (n-gram query p95 0.77 ms
 * instead of 0.43 ms).
 */
const POSTINGS_CACHE_BYTES = 48 * 1024 * 1024;

/**
 * Read-only access to the chunk store of one index version (see storeFormat.ts). The file is opened as
 * immutable — a version never changes once written — so reads take no locks and the page cache stays
 * SQLite's small default. Chunks are parsed when asked for, posting lists viewed as typed arrays.
 */
export class ChunkStore {
  readonly count: number;
  /** Document and field lengths of every chunk (one packed row, read at open). */
  readonly documents: DocumentTable;
  private readonly statements = new Map<string, StatementSync>();
  private readonly recent = new Map<number, Chunk>();
  private readonly lists = new PostingCache(POSTINGS_CACHE_BYTES);
  private closed = false;

  private constructor(private readonly db: DatabaseSync) {
    this.count = Number((this.statement('SELECT count(*) AS n FROM chunks').get() as { n: number }).n);
    this.documents = readDocumentTable(db);
    if (this.documents.count !== this.count) throw new Error(`the document table lists ${this.documents.count} chunks, the store holds ${this.count}`);
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
    // Most questions' top chunks were parsed before (retrieval, then answering, read the same ones).
    const cachedAll: Chunk[] = [];
    for (const label of labels) {
      const cached = this.recent.get(label);
      if (!cached) break;
      cachedAll.push(cached);
    }
    if (cachedAll.length === labels.length) return cachedAll;
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

  /** In how many chunks a term occurs: a word (analysed, as the index holds it) or a character n-gram. */
  frequency(field: PostingField, term: string): number {
    const row = this.statement(`SELECT df FROM ${postingTable(field)} WHERE term = ?`).get(term) as { df: number } | undefined;
    return row ? Number(row.df) : 0;
  }

  /** The posting list of a term, or undefined when no chunk holds it. */
  postings(field: PostingField, term: string): PostingList | undefined {
    const cached = this.lists.get(field, term);
    if (cached) return cached;
    const row = this.statement(`SELECT df, front, postings FROM ${postingTable(field)} WHERE term = ?`).get(term) as
      | { df: number; front: Uint8Array; postings: Uint8Array }
      | undefined;
    return row ? this.lists.put(field, term, decodePostings(row)) : undefined;
  }

  /**
   * Changes whenever the posting cache starts a new buffer (or is cleared): lists handed out before stay
   * valid, but whoever keeps them beyond a question should drop them then, so the old buffer can go.
   */
  get postingGeneration(): number {
    return this.lists.generation;
  }

  /** An array for numbers derived from cached posting lists (the scorer's term scores), kept and freed with them. */
  scoreArray(length: number): Float64Array {
    return this.lists.float64(length);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.recent.clear();
    this.lists.clear();
    this.db.close();
  }
}
