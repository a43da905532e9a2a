import { endianness } from 'node:os';
import type { DatabaseSync } from 'node:sqlite';

/**
 * Inverted lists of the chunk store (see storeFormat.ts): for every term of a field ("words" or
 * "grams"), the labels of the chunks holding it, ascending, and the term's weighted frequency in each.
 * One SQLite row per term; the list is a BLOB of two packed arrays, so the reader views it as typed
 * arrays without parsing anything:
 *
 *   labels  Uint32 × df   chunk labels, ascending
 *   weights Uint16 × df   Σ over the chunk's fields of field weight × occurrences, in half units
 *                         (storeFormat's weights 1.5 / 2 / 1 become 3 / 4 / 2: the sum is an integer)
 *
 * The row also keeps what top-k pruning needs to know the most the term can add to a chunk's score:
 * the Pareto front of (weight, field length) over its postings — the postings that no other one beats
 * with a higher weight in a chunk as short or shorter. BM25's term score rises with the weight and falls
 * with the length, so its maximum over the list is reached on the front, for any average length; the
 * front is a handful of points. It stays a valid bound when chunks leave (the true maximum can only
 * fall), so removals need not recompute it.
 */

const MAX_WEIGHT = 0xffff;

export type PostingField = 'words' | 'grams';
export const POSTING_FIELDS: readonly PostingField[] = ['words', 'grams'];

export function postingTable(field: PostingField): string {
  return field === 'words' ? 'word_postings' : 'gram_postings';
}

export const POSTINGS_SCHEMA = POSTING_FIELDS.map(
  (field) =>
    `CREATE TABLE ${postingTable(field)} (term TEXT NOT NULL UNIQUE, df INTEGER NOT NULL, front BLOB NOT NULL, postings BLOB NOT NULL);`,
).join('\n');

export interface PostingList {
  /** Number of chunks holding the term. */
  df: number;
  labels: Uint32Array;
  /** Weighted frequency per chunk, in half units. */
  weights: Uint16Array;
  /** The (weight, field length) pairs no posting of the list beats in both, flat: w0, l0, w1, l1, … */
  front: Uint32Array;
  /** For long lists, where each range of 32 labels starts and which labels it holds (labelDirectory); built when cached, not stored. */
  directory?: Uint32Array;
}

interface PostingRow {
  df: number | bigint;
  front: Uint8Array;
  postings: Uint8Array;
}

if (endianness() !== 'LE') {
  // The lists are written and viewed in the platform's byte order; every platform Node ships for is little-endian but s390x.
  throw new Error('Wegweiser\'s index format needs a little-endian machine (x64, arm64)');
}

export function encodePostings(labels: Uint32Array, weights: Uint16Array): Uint8Array {
  const bytes = new Uint8Array(labels.length * 6);
  bytes.set(new Uint8Array(labels.buffer, labels.byteOffset, labels.length * 4), 0);
  bytes.set(new Uint8Array(weights.buffer, weights.byteOffset, weights.length * 2), labels.length * 4);
  return bytes;
}

/** Views a stored list without copying (copies only when SQLite handed out an unaligned buffer). */
export function decodePostings(row: PostingRow): PostingList {
  const df = Number(row.df);
  const bytes = aligned(row.postings);
  if (bytes.length !== df * 6) throw new Error(`posting list of ${bytes.length} bytes does not hold ${df} entries`);
  const front = aligned(row.front);
  return {
    df,
    labels: new Uint32Array(bytes.buffer, bytes.byteOffset, df),
    weights: new Uint16Array(bytes.buffer, bytes.byteOffset + df * 4, df),
    front: new Uint32Array(front.buffer, front.byteOffset, front.length / 4),
    directory: undefined,
  };
}

function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
}

/** Adds a (weight, length) point to a Pareto front kept as a flat array (see the file comment). */
function addToFront(front: number[], weight: number, length: number): void {
  for (let i = 0; i < front.length; i += 2) if (front[i]! >= weight && front[i + 1]! <= length) return;
  let kept = 0;
  for (let i = 0; i < front.length; i += 2) {
    if (weight >= front[i]! && length <= front[i + 1]!) continue;
    front[kept++] = front[i]!;
    front[kept++] = front[i + 1]!;
  }
  front.length = kept;
  front.push(weight, length);
}

function encodeFront(front: readonly number[]): Uint8Array {
  return new Uint8Array(Uint32Array.from(front).buffer);
}

/** A growing list for one term while chunks are added. */
class GrowingList {
  labels = new Uint32Array(4);
  weights = new Uint16Array(4);
  size = 0;
  readonly front: number[] = [];

  push(label: number, weight: number, length: number): void {
    if (this.size === this.labels.length) {
      const labels = new Uint32Array(this.size * 2);
      labels.set(this.labels);
      this.labels = labels;
      const weights = new Uint16Array(this.size * 2);
      weights.set(this.weights);
      this.weights = weights;
    }
    this.labels[this.size] = label;
    this.weights[this.size] = weight;
    this.size++;
    addToFront(this.front, weight, length);
  }
}

/** Analysed terms of one chunk per field, in the order title, heading, text. */
export type FieldTerms = readonly [readonly string[], readonly string[], readonly string[]];

/**
 * Collects the postings of chunks being added, then merges them into a store's table. Chunks must be
 * added in ascending label order (ingestion hands out new labels above every existing one).
 */
export class PostingsBuilder {
  private readonly lists = new Map<string, GrowingList>();
  private lastLabel = -1;
  private readonly halfUnits: readonly number[];

  /** `fieldWeights`: BM25 weights of title, heading and text, multiples of 0.5. */
  constructor(fieldWeights: readonly number[]) {
    this.halfUnits = fieldWeights.map((weight) => {
      if (!Number.isInteger(weight * 2) || weight <= 0) throw new Error(`field weight ${weight} is not a positive multiple of 0.5`);
      return weight * 2;
    });
  }

  /** Adds a chunk and returns its field length (the number of terms, as BM25 counts it). */
  add(label: number, fields: FieldTerms): number {
    if (label <= this.lastLabel) throw new Error(`chunks must be added in ascending label order (${label} after ${this.lastLabel})`);
    this.lastLabel = label;
    const weights = new Map<string, number>();
    let length = 0;
    fields.forEach((terms, field) => {
      length += terms.length;
      for (const term of terms) weights.set(term, (weights.get(term) ?? 0) + this.halfUnits[field]!);
    });
    for (const [term, weight] of weights) {
      let list = this.lists.get(term);
      if (!list) this.lists.set(term, (list = new GrowingList()));
      list.push(label, Math.min(weight, MAX_WEIGHT), length);
    }
    return length;
  }

  /**
   * Writes the collected lists into the table, appending to (or merging with) lists already there, and
   * the lists that only lost chunks (`removals`, from collectRemovals): each list is written once.
   */
  mergeInto(db: DatabaseSync, field: PostingField, removals: Removals = new Map()): void {
    const table = postingTable(field);
    const read = db.prepare(`SELECT rowid AS id, df, front, postings FROM ${table} WHERE term = ?`);
    const insert = db.prepare(`INSERT INTO ${table} (term, df, front, postings) VALUES (?, ?, ?, ?)`);
    const update = db.prepare(`UPDATE ${table} SET df = ?, front = ?, postings = ? WHERE rowid = ?`);
    const drop = db.prepare(`DELETE FROM ${table} WHERE rowid = ?`);
    const empty = db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined;
    for (const [term, list] of this.lists) {
      const labels = list.labels.subarray(0, list.size);
      const weights = list.weights.subarray(0, list.size);
      let id: number | undefined;
      let old: PostingList | undefined;
      const removal = removals.get(term);
      if (removal) {
        removals.delete(term);
        id = removal.id;
        old = removal.list;
      } else {
        const row = empty ? undefined : (read.get(term) as (PostingRow & { id: number }) | undefined);
        if (row) {
          id = row.id;
          old = decodePostings(row);
        }
      }
      if (id === undefined) {
        insert.run(term, list.size, encodeFront(list.front), encodePostings(labels, weights));
        continue;
      }
      const merged = old ? mergeLists(old, labels, weights) : { labels, weights };
      const front = [...list.front];
      if (old) for (let i = 0; i < old.front.length; i += 2) addToFront(front, old.front[i]!, old.front[i + 1]!);
      update.run(merged.labels.length, encodeFront(front), encodePostings(merged.labels, merged.weights), id);
    }
    for (const removal of removals.values()) {
      if (removal.list) update.run(removal.list.df, encodeFront([...removal.list.front]), encodePostings(removal.list.labels, removal.list.weights), removal.id);
      else drop.run(removal.id);
    }
    removals.clear();
  }
}

function mergeLists(old: PostingList, labels: Uint32Array, weights: Uint16Array): { labels: Uint32Array; weights: Uint16Array } {
  const size = old.df + labels.length;
  const outLabels = new Uint32Array(size);
  const outWeights = new Uint16Array(size);
  let i = 0;
  let j = 0;
  for (let k = 0; k < size; k++) {
    if (j >= labels.length || (i < old.df && old.labels[i]! < labels[j]!)) {
      outLabels[k] = old.labels[i]!;
      outWeights[k] = old.weights[i++]!;
    } else {
      if (i < old.df && old.labels[i] === labels[j]) throw new Error(`label ${labels[j]} is in the index already`);
      outLabels[k] = labels[j]!;
      outWeights[k] = weights[j++]!;
    }
  }
  return { labels: outLabels, weights: outWeights };
}

/** Lists that lose chunks, by term: the row and what is left of the list (nothing: the row goes). */
export type Removals = Map<string, { id: number; list?: PostingList }>;

/**
 * Takes chunks out of every list of a field, in memory: lists do not say which chunks' terms they
 * hold, so every list is checked (a binary search per removed label, or a merge when many leave).
 * PostingsBuilder.mergeInto writes the result together with the new chunks' postings, so a list that
 * loses and gains chunks is written once. Fronts are kept: still a bound (see the file comment).
 */
export function collectRemovals(db: DatabaseSync, field: PostingField, removedLabels: readonly number[]): Removals {
  const removals: Removals = new Map();
  if (removedLabels.length === 0) return removals;
  const removed = Uint32Array.from(removedLabels).sort();
  for (const row of db.prepare(`SELECT rowid AS id, term, df, front, postings FROM ${postingTable(field)}`).iterate() as Iterable<PostingRow & { id: number; term: string }>) {
    const list = decodePostings(row);
    const keep = keptPositions(list.labels, removed);
    if (keep === undefined) continue;
    removals.set(
      row.term,
      keep.length === 0
        ? { id: row.id }
        : { id: row.id, list: { df: keep.length, labels: keep.map((p) => list.labels[p]!), weights: Uint16Array.from(keep, (p) => list.weights[p]!), front: list.front.slice() } },
    );
  }
  return removals;
}

/** Positions of `labels` not in `removed` (both ascending), or undefined when none is removed. */
function keptPositions(labels: Uint32Array, removed: Uint32Array): Uint32Array | undefined {
  const hit = new Uint8Array(labels.length);
  let found = 0;
  if (removed.length * 8 < labels.length) {
    for (const label of removed) {
      const at = lowerBound(labels, label, 0);
      if (at < labels.length && labels[at] === label) {
        hit[at] = 1;
        found++;
      }
    }
  } else {
    for (let i = 0, j = 0; i < labels.length && j < removed.length; ) {
      if (labels[i]! < removed[j]!) i++;
      else if (labels[i]! > removed[j]!) j++;
      else {
        hit[i++] = 1;
        j++;
        found++;
      }
    }
  }
  if (found === 0) return undefined;
  const keep = new Uint32Array(labels.length - found);
  for (let i = 0, k = 0; i < labels.length; i++) if (!hit[i]) keep[k++] = i;
  return keep;
}

/**
 * First position at or after `from` whose label is ≥ `label`. Gallops (1, 2, 4, … positions ahead)
 * before the binary search: a list probed for ascending candidates is usually asked for a label near
 * where it stands, so this costs the logarithm of the distance, not of the list.
 */
export function lowerBound(labels: Uint32Array, label: number, from: number): number {
  const size = labels.length;
  if (from >= size || labels[from]! >= label) return from;
  let low = from;
  let step = 1;
  while (low + step < size && labels[low + step]! < label) {
    low += step;
    step *= 2;
  }
  // labels[low] < label, and labels[low + step] ≥ label (or the end).
  low += 1;
  let high = Math.min(low - 1 + step, size);
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (labels[mid]! < label) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Labels per range of the directory: 2^5 = 32, one bit each in a Uint32. */
const DIRECTORY_SHIFT = 5;
/**
 * Lists with fewer postings than this share of their label ranges get no directory (it would outweigh the
 * list too far). Was 2; with one posting per 128 labels the rare grams' lists get one too, which the n-gram
 * query probes for candidates other lists found (a gallop of several dependent loads before): at 100k
 * chunks, in one process on the same index, hybrid retrieval 2–7 % faster at p50 and up to 8 % at p95,
 * for 3 MB more of the posting cache (README, "Where the 100k time went").
 */
const DIRECTORY_MIN_DENSITY = 0.25;

/**
 * For a long list, per range of 32 labels: the position of the range's first posting and a bitmap of
 * the labels of the range the list holds, interleaved (start₀, bits₀, start₁, bits₁, …, df). Whether a
 * chunk is in the list, and where, is then one pair of adjacent entries and a popcount, instead of a
 * gallop through the list: the n-gram query looks up a few dozen scattered candidates in lists of up to
 * half the index, where every gallop step is a cache miss (profile in README, "Where the 100k time
 * went"). Built when a list is cached, for lists holding at least one label per four ranges
 * (8 bytes per 32 labels, at most 32 bytes per posting, the list's own being 6); undefined for shorter lists.
 */
export function labelDirectory(labels: Uint32Array, into?: Uint32Array): Uint32Array | undefined {
  const length = labelDirectoryLength(labels);
  if (length === 0) return undefined;
  const directory = into ?? new Uint32Array(length);
  const ranges = (length - 1) / 2;
  const df = labels.length;
  let position = 0;
  for (let range = 0; range < ranges; range++) {
    const end = (range + 1) << DIRECTORY_SHIFT;
    directory[2 * range] = position;
    let bits = 0;
    for (; position < df && labels[position]! < end; position++) bits |= 1 << (labels[position]! & 31);
    directory[2 * range + 1] = bits;
  }
  directory[2 * ranges] = df;
  return directory;
}

/** Entries of the list's directory (labelDirectory), 0 when it gets none. */
export function labelDirectoryLength(labels: Uint32Array): number {
  const df = labels.length;
  if (df === 0) return 0;
  const ranges = (labels[df - 1]! >>> DIRECTORY_SHIFT) + 1;
  return df < ranges * DIRECTORY_MIN_DENSITY ? 0 : 2 * ranges + 1;
}

/** The position of `label` in the list, or -1 when the list does not hold it. */
export function positionOf(list: PostingList, label: number): number {
  const directory = list.directory;
  if (directory === undefined) {
    const position = lowerBound(list.labels, label, 0);
    return list.labels[position] === label ? position : -1;
  }
  return directoryPosition(directory, label);
}

/** The position of `label` in the list a directory (labelDirectory) belongs to, or -1 when the list does not hold it. */
export function directoryPosition(directory: Uint32Array, label: number): number {
  const at = 2 * (label >>> DIRECTORY_SHIFT);
  if (at >= directory.length - 1) return -1;
  const bits = directory[at + 1]!;
  const bit = 1 << (label & 31);
  if ((bits & bit) === 0) return -1;
  return directory[at]! + popcount(bits & (bit - 1));
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** First position at or after `from` whose label is ≥ `label`: lowerBound, through the list's directory when it has one. */
export function seek(list: PostingList, label: number, from: number): number {
  const directory = list.directory;
  if (directory === undefined) return lowerBound(list.labels, label, from);
  const labels = list.labels;
  if (from >= labels.length || labels[from]! >= label) return from;
  const at = 2 * (label >>> DIRECTORY_SHIFT);
  if (at >= directory.length - 1) return labels.length;
  const bits = directory[at + 1]!;
  // The range's postings below the label, counted in its bitmap.
  const position = directory[at]! + popcount(bits & ((1 << (label & 31)) - 1));
  return Math.max(from, position);
}
