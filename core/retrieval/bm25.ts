import { directoryPosition, lowerBound, positionOf, seek, type PostingList } from '../index/postingLists.ts';

/**
 * BM25 top-k over posting lists (postingLists.ts) with MaxScore pruning (Turtle & Flood 1995).
 *
 * The score is FTS5's bm25() — which the index used before — term for term: k1 = 1.2, b = 0.75,
 * idf = ln((N − df + 0.5) / (df + 0.5)), floored at 1e-6, the term frequency weighted by field, the
 * length the chunk's number of terms over all fields. What differs is the work: FTS5 scores every chunk
 * that holds any query term (a quarter of the index for "beginnt"), while MaxScore sorts the terms by
 * the most they can add and, once k chunks are found, only takes candidates from the lists whose bounds
 * could still lift a chunk above the k-th score; the other lists are only probed (binary search) for
 * those candidates, and a candidate is dropped as soon as its bound falls below the k-th score. The
 * result is the same top k as scoring every chunk (test/core/bm25.test.ts).
 *
 * Ties go to the lower label, so the ranking does not depend on the order of the lists.
 */

const K1 = 1.2;
const B = 0.75;
const MIN_IDF = 1e-6;
/** Bounds are computed with other roundings than scores: a bound is raised by this share to stay a bound. */
const BOUND_SLACK = 1 + 1e-9;

export interface FieldStatistics {
  /** Live chunks (BM25's N). */
  count: number;
  /** Sum of the field lengths of all live chunks. */
  totalLength: number;
  /** Field length of each chunk, by label. */
  length: Uint32Array;
}

export interface ScoredLabel {
  label: number;
  score: number;
}

/** Inverse document frequency as FTS5 computes it. */
export function bm25Idf(count: number, df: number): number {
  const idf = Math.log((count - df + 0.5) / (df + 0.5));
  return idf > 0 ? idf : MIN_IDF;
}

/**
 * Per-field BM25 with the chunks' length normalisers precomputed (one multiply-add per posting saved).
 * Built once per index version and field.
 */
export class Bm25Field {
  /** 2 · k1 · (1 − b + b · length / average length), by label (2: the weights are in half units). */
  private readonly norm2: Float64Array;
  private readonly averageLength: number;
  /**
   * The term score of every posting of the lists top() has searched, by list. The search spends its
   * time on the long lists of a question's common words (at 100k chunks about 6,700 candidates a
   * question), and computing a score there means reading the chunk's normaliser at a scattered label
   * and a division; read from here it is one sequential load (word query about twice as fast, README
   * "Where the 100k time went"). The same expression as in scoreLabels, so the scores are the
   * same to the last bit. Keyed by the list's labels: the store's cache hands out the same arrays until it
   * drops the list, and then this entry goes too; terms with the same list share them (postingCache.ts),
   * and so their scores (the same df, so the same idf). 8 bytes a posting, for the lists searched only
   * (the n-gram query's long lists, scored by scoreLabels, get none), in the cache's buffer (`allocate`).
   */
  private readonly termScores = new WeakMap<Uint32Array, Float64Array>();
  private readonly scratch = new SearchScratch();
  private readonly heap = new TopK(0);
  /** scoreLabels' term scores of the candidates, per distinct list of the call, reused from call to call. */
  private termValues = new Float64Array(0);
  private readonly valuesOf = new Map<Uint32Array, number>();

  /**
   * `allocate`: where the term scores go; the keyword index puts them in the store's posting cache
   * (postingCache.ts), so they are freed with the lists they belong to.
   */
  constructor(
    private readonly stats: FieldStatistics,
    private readonly allocate: (length: number) => Float64Array = (length) => new Float64Array(length),
  ) {
    this.averageLength = stats.count > 0 ? stats.totalLength / stats.count : 0;
    this.norm2 = new Float64Array(stats.length.length);
    for (let label = 0; label < stats.length.length; label++) this.norm2[label] = 2 * this.normOf(stats.length[label]!);
  }

  private scoresOf(list: PostingList, scale: number): Float64Array {
    let scores = this.termScores.get(list.labels);
    if (!scores) {
      const { labels, weights } = list;
      const norm2 = this.norm2;
      scores = this.allocate(list.df);
      for (let k = 0; k < scores.length; k++) {
        const weight = weights[k]!;
        scores[k] = (scale * weight) / (weight + norm2[labels[k]!]!);
      }
      this.termScores.set(list.labels, scores);
    }
    return scores;
  }

  private normOf(length: number): number {
    return K1 * (1 - B + (this.averageLength > 0 ? (B * length) / this.averageLength : 0));
  }

  /**
   * The `limit` best chunks for the lists (one per distinct query term), best first. `accept` restricts
   * the candidates (the `sources` filter); pruning only ever uses the scores of accepted chunks.
   */
  top(lists: readonly PostingList[], limit: number, accept?: (label: number) => boolean): ScoredLabel[] {
    if (limit <= 0 || this.stats.count === 0) return [];
    const scratch = this.scratch.reserve(lists.length);
    const { bounds, idfs, order } = scratch;
    let n = 0;
    for (const list of lists) {
      if (list.df === 0) continue;
      const idf = bm25Idf(this.stats.count, list.df);
      // The most the term adds to any chunk: BM25's maximum over the list's (weight, length) front.
      let bound = 0;
      for (let i = 0; i < list.front.length; i += 2) {
        const tf = list.front[i]! / 2;
        bound = Math.max(bound, (idf * tf * (K1 + 1)) / (tf + this.normOf(list.front[i + 1]!)));
      }
      scratch.lists[n] = list;
      idfs[n] = idf;
      bounds[n] = bound * BOUND_SLACK;
      n++;
    }
    if (n === 0) return [];
    // The terms by bound, ascending; ties keep the order of `lists` (a stable insertion sort: a question
    // has a few dozen terms at most).
    for (let i = 0; i < n; i++) {
      let j = i;
      for (; j > 0 && bounds[order[j - 1]!]! > bounds[i]!; j--) order[j] = order[j - 1]!;
      order[j] = i;
    }
    // Parallel arrays, not objects: the loops below run once per candidate chunk. They are the scratch
    // space of this field, reused from question to question (typed arrays of more than a few entries
    // are allocated outside the JS heap, which costs more than the search itself on a small index).
    const { listOf, labelsOf, scoresOf, directoryOf, at, current, upTo } = scratch;
    for (let i = 0; i < n; i++) {
      const term = order[i]!;
      const list = scratch.lists[term]!;
      listOf[i] = list;
      labelsOf[i] = list.labels;
      directoryOf[i] = list.directory;
      // idf · (k1 + 1); with weights in half units the term score is scale · w / (w + 2 · norm).
      scoresOf[i] = this.scoresOf(list, idfs[term]! * (K1 + 1));
      at[i] = 0;
      // current[i]: the label list i stands at, Infinity when it is used up.
      current[i] = list.labels[0]!;
      // upTo[i]: the most lists 0..i together can add.
      upTo[i] = (i > 0 ? upTo[i - 1]! : 0) + bounds[term]!;
    }
    try {
      return this.search(n, limit, accept);
    } finally {
      // The lists may belong to a buffer the posting cache has replaced: the scratch space must not keep it.
      scratch.release(n);
    }
  }

  private search(n: number, limit: number, accept: ((label: number) => boolean) | undefined): ScoredLabel[] {
    const { labelsOf, scoresOf, at, current, upTo } = this.scratch;
    const heap = this.heap.reset(limit);
    let threshold = -Infinity;
    // Lists below `essential` cannot lift a chunk above the threshold on their own: no candidates from them.
    let essential = 0;
    for (;;) {
      // The lowest label the essential lists stand at, the list standing there, and the next label.
      let label = Infinity;
      let next = Infinity;
      let only = 0;
      for (let i = essential; i < n; i++) {
        const standing = current[i]!;
        if (standing < label) {
          next = label;
          label = standing;
          only = i;
        } else if (standing < next) next = standing;
      }
      if (label === Infinity) break;
      if (label < next) {
        // Up to `next`, every candidate is held by list `only` alone (at 100k chunks nearly all of a
        // word query's 6,700), so its score starts as that list's term score: the run is taken in one
        // loop over the list's labels and term scores, without looking for the lowest label again.
        const labels = labelsOf[only]!;
        const scores = scoresOf[only]!;
        const end = labels.length;
        let position = at[only]!;
        const rest = essential > 0 ? upTo[essential - 1]! : 0;
        const started = essential;
        while (position < end) {
          const candidate = labels[position]!;
          if (candidate >= next) break;
          const own = scores[position++]!;
          // Most candidates fail the first test of `probe` right away (about 4,300 of the 6,700): the
          // same test, to the bit (own + 0 is own; with no list below `essential` it is the heap's test).
          if (heap.full && own + rest <= threshold) continue;
          if (accept && !accept(candidate)) continue;
          const score = this.probe(candidate, own, essential, threshold);
          if (score > threshold || !heap.full) {
            heap.push(candidate, score);
            if (heap.full) {
              threshold = heap.minScore;
              while (essential < n && upTo[essential]! <= threshold) essential++;
              // Fewer essential lists: `only` may no longer supply candidates, and `next` may have moved.
              if (essential !== started) break;
            }
          }
        }
        at[only] = position;
        current[only] = position < end ? labels[position]! : Infinity;
        continue;
      }
      let score = 0;
      for (let i = essential; i < n; i++) {
        if (current[i] !== label) continue;
        const position = at[i]!;
        score += scoresOf[i]![position]!;
        const labels = labelsOf[i]!;
        at[i] = position + 1;
        current[i] = position + 1 < labels.length ? labels[position + 1]! : Infinity;
      }
      if (accept && !accept(label)) continue;
      score = this.probe(label, score, essential, threshold);
      if (score > threshold || !heap.full) {
        heap.push(label, score);
        if (heap.full) {
          threshold = heap.minScore;
          while (essential < n && upTo[essential]! <= threshold) essential++;
        }
      }
    }
    return heap.sorted();
  }

  /**
   * The candidate's score (`score`: what the essential lists add) plus what the lists below `essential`
   * add, largest bound first, stopping as soon as the rest cannot lift it above the threshold.
   */
  private probe(label: number, score: number, essential: number, threshold: number): number {
    const { listOf, labelsOf, scoresOf, directoryOf, at, current, upTo } = this.scratch;
    for (let i = essential - 1; i >= 0; i--) {
      if (score + upTo[i]! <= threshold) break;
      const directory = directoryOf[i];
      if (directory !== undefined) {
        // A list below `essential` never supplies candidates again, so where it stands need not be
        // known: its bitmap says whether it holds the chunk, without reading its labels. current[i]
        // stays where the list stood, a label it holds no chunk before.
        const position = directoryPosition(directory, label);
        if (position >= 0) score += scoresOf[i]![position]!;
        continue;
      }
      if (current[i]! > label) continue;
      const labels = labelsOf[i]!;
      const position = seek(listOf[i]!, label, at[i]!);
      at[i] = position;
      current[i] = position < labels.length ? labels[position]! : Infinity;
      if (current[i] === label) score += scoresOf[i]![position]!;
    }
    return score;
  }

  /**
   * Exact BM25 of the given chunks (labels ascending, no repeats) over the lists, without pruning: for
   * re-scoring a few candidates with terms left out of the search that found them. Each list is walked
   * once, galloping from candidate to candidate.
   */
  scoreLabels(lists: readonly PostingList[], labels: Uint32Array, into?: Float64Array): Float64Array {
    // `into`: where the scores go (the caller's scratch space), at least labels.length long.
    const scores = into ? into.fill(0, 0, labels.length) : new Float64Array(labels.length);
    if (this.stats.count === 0) return scores;
    const m = labels.length;
    if (this.termValues.length < lists.length * m) this.termValues = new Float64Array(Math.max(lists.length * m, 2 * this.termValues.length));
    const values = this.termValues;
    // Terms with the same list (the grams of one word, postingCache.ts) have the same term scores: the
    // chunks are looked up in it once. Each term still adds its own, in the order of `lists`, so the sums
    // are the same to the last bit (a chunk the list does not hold adds 0, which changes no sum).
    const valuesOf = this.valuesOf;
    try {
      for (const list of lists) {
        if (list.df === 0) continue;
        let offset = valuesOf.get(list.labels);
        if (offset === undefined) {
          offset = valuesOf.size * m;
          valuesOf.set(list.labels, offset);
          this.termValuesOf(list, labels, values, offset);
        }
        for (let i = 0; i < m; i++) scores[i] = scores[i]! + values[offset + i]!;
      }
    } finally {
      valuesOf.clear();
    }
    return scores;
  }

  /** The term score of the list for each of the labels (0 where the list does not hold it), into values[offset …]. */
  private termValuesOf(list: PostingList, labels: Uint32Array, values: Float64Array, offset: number): void {
    const scale = bm25Idf(this.stats.count, list.df) * (K1 + 1);
    const norm2 = this.norm2;
    const weights = list.weights;
    values.fill(0, offset, offset + labels.length);
    if (list.directory) {
      for (let i = 0; i < labels.length; i++) {
        const label = labels[i]!;
        const position = positionOf(list, label);
        if (position < 0) continue;
        const weight = weights[position]!;
        values[offset + i] = (scale * weight) / (weight + norm2[label]!);
      }
      return;
    }
    const listLabels = list.labels;
    let at = 0;
    for (let i = 0; i < labels.length && at < list.df; i++) {
      const label = labels[i]!;
      at = lowerBound(listLabels, label, at);
      if (listLabels[at] === label) {
        const weight = weights[at]!;
        values[offset + i] = (scale * weight) / (weight + norm2[label]!);
      }
    }
  }
}

/** The per-term arrays of Bm25Field.top, kept by the field and grown when a question has more terms. */
class SearchScratch {
  lists: Array<PostingList | undefined> = [];
  listOf: Array<PostingList | undefined> = [];
  labelsOf: Array<Uint32Array | undefined> = [];
  scoresOf: Array<Float64Array | undefined> = [];
  directoryOf: Array<Uint32Array | undefined> = [];
  order = new Int32Array(0);
  at = new Int32Array(0);
  current = new Float64Array(0);
  upTo = new Float64Array(0);
  bounds = new Float64Array(0);
  idfs = new Float64Array(0);

  reserve(n: number): this {
    if (n > this.at.length) {
      const size = Math.max(n, 2 * this.at.length, 16);
      this.order = new Int32Array(size);
      this.at = new Int32Array(size);
      this.current = new Float64Array(size);
      this.upTo = new Float64Array(size);
      this.bounds = new Float64Array(size);
      this.idfs = new Float64Array(size);
    }
    return this;
  }

  /** Drops the references to the lists of the last search (and so to the cache buffers they live in). */
  release(n: number): void {
    for (let i = 0; i < n; i++) {
      this.lists[i] = undefined;
      this.listOf[i] = undefined;
      this.labelsOf[i] = undefined;
      this.scoresOf[i] = undefined;
      this.directoryOf[i] = undefined;
    }
  }
}

/**
 * The best k (score, then lower label) of a stream, as a binary min-heap on "worse first", in typed
 * arrays allocated once: it takes a push per candidate chunk.
 */
class TopK {
  private labels: Uint32Array;
  private scores: Float64Array;
  private size = 0;

  constructor(private k: number) {
    this.labels = new Uint32Array(k);
    this.scores = new Float64Array(k);
  }

  /** Empties the heap for the best `k`, reusing its arrays when they are large enough. */
  reset(k: number): this {
    if (k > this.labels.length) {
      this.labels = new Uint32Array(k);
      this.scores = new Float64Array(k);
    }
    this.k = k;
    this.size = 0;
    return this;
  }

  get full(): boolean {
    return this.size >= this.k;
  }

  get minScore(): number {
    return this.scores[0]!;
  }

  /** a is worse than b: lower score, or the same score and a higher label. */
  private worse(a: number, b: number): boolean {
    const sa = this.scores[a]!;
    const sb = this.scores[b]!;
    return sa < sb || (sa === sb && this.labels[a]! > this.labels[b]!);
  }

  push(label: number, score: number): void {
    if (this.full) {
      // Candidates come in ascending label order, so an equal score loses to the one already kept.
      if (score <= this.scores[0]!) return;
      this.labels[0] = label;
      this.scores[0] = score;
      this.down(0);
      return;
    }
    let i = this.size++;
    this.labels[i] = label;
    this.scores[i] = score;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < this.size && this.worse(left, worst)) worst = left;
      if (right < this.size && this.worse(right, worst)) worst = right;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(a: number, b: number): void {
    const label = this.labels[a]!;
    this.labels[a] = this.labels[b]!;
    this.labels[b] = label;
    const score = this.scores[a]!;
    this.scores[a] = this.scores[b]!;
    this.scores[b] = score;
  }

  /** Best first (score, then lower label); empties the heap: the worst is taken off the top each time. */
  sorted(): ScoredLabel[] {
    const out: ScoredLabel[] = new Array(this.size);
    while (this.size > 0) {
      out[this.size - 1] = { label: this.labels[0]!, score: this.scores[0]! };
      this.size--;
      if (this.size > 0) {
        this.labels[0] = this.labels[this.size]!;
        this.scores[0] = this.scores[this.size]!;
        this.down(0);
      }
    }
    return out;
  }
}
