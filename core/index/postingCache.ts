import { labelDirectory, labelDirectoryLength, type PostingField, type PostingList } from './postingLists.ts';

/**
 * The posting lists one index version has read, copied into one large buffer, filled front to back.
 * One allocation of this size is above every malloc's mmap threshold, so its memory goes back to the
 * operating system as a whole: cached lists as many small buffers, one per list, stayed in the
 * allocator's heap after swaps (bot RSS over ten index swaps at 20k chunks: 353 → 492 MB,
 * test/bot/indexSwapUnderLoad.timing.test.ts). The buffer is not touched before it is used, so a small
 * index takes only what its lists need.
 *
 * When the buffer is full a new one starts (the lists handed out before stay valid in the old one until
 * nothing uses them), and the old one goes as a whole when V8 collects it. Freeing a replaced buffer, and
 * a closed version's, explicitly (`ArrayBuffer.prototype.transfer(0)`) was tried and made matters
 * worse: the bot's RSS then grew over the swap test's ten swaps, beyond the test's 15 % in four runs of
 * nine (334 → 411, 355 → 521 MB), while the same code with V8 freeing them stayed at 402–414 MB. Most
 * likely the large buffers are what prompts V8 to collect (external memory), and the old versions'
 * other memory goes in the same collection; freed early, the collections come later (README, "What is
 * still missing").
 */
export class PostingCache {
  private readonly lists: Record<PostingField, Map<string, PostingList>> = { words: new Map(), grams: new Map() };
  /** The cached lists by content (df and a hash of labels and weights), to find a term whose list another term has. */
  private readonly byContent = new Map<string, PostingList>();
  private arena: ArrayBuffer | undefined;
  private used = 0;
  /** Counts the buffers started and the clears: whoever keeps lists handed out must drop them when it changes. */
  generation = 0;

  constructor(private readonly bytes: number) {}

  get(field: PostingField, term: string): PostingList | undefined {
    return this.lists[field].get(term);
  }

  /**
   * Keeps a copy of the list, with its label directory when it is long (postingLists.ts), and returns
   * it; a list above an eighth of the buffer is returned as it is.
   */
  put(field: PostingField, term: string, list: PostingList): PostingList {
    // The grams of one word mostly have the same list ("ansp", "nspr", "spre", … of "Ansprechpartner"):
    // at 100k chunks 18 of the 32 lists an n-gram question scores are distinct. Such a list is kept once
    // and handed out with its own front (fronts are bounds, and may differ after removals), so the scorer
    // can look a chunk up once for all of them (bm25.ts, scoreLabels).
    const key = `${field}:${list.df}:${contentHash(list)}`;
    const same = this.byContent.get(key);
    if (same && sameContent(same, list)) {
      const front = this.reserveFront(list.front);
      if (front) {
        const copy: PostingList = { df: list.df, labels: same.labels, weights: same.weights, front, directory: same.directory };
        this.lists[field].set(term, copy);
        return copy;
      }
    }
    const directoryLength = labelDirectoryLength(list.labels);
    const size = align(list.df * 4) + align(list.df * 2) + list.front.length * 4 + directoryLength * 4;
    if (size > this.bytes / 8) return list;
    const arena = this.reserve(size);
    let at = this.used;
    const labels = new Uint32Array(arena, at, list.df);
    labels.set(list.labels);
    at += align(list.df * 4);
    const weights = new Uint16Array(arena, at, list.df);
    weights.set(list.weights);
    at += align(list.df * 2);
    const front = new Uint32Array(arena, at, list.front.length);
    front.set(list.front);
    at += list.front.length * 4;
    const directory = directoryLength > 0 ? labelDirectory(labels, new Uint32Array(arena, at, directoryLength)) : undefined;
    at += directoryLength * 4;
    // Every list has the same properties, so the scoring loops see one object shape.
    const copy: PostingList = { df: list.df, labels, weights, front, directory };
    this.used = at;
    this.lists[field].set(term, copy);
    this.byContent.set(key, copy);
    return copy;
  }

  /** A copy of a front in the current buffer, or undefined when the buffer is full (the list is then copied whole). */
  private reserveFront(front: Uint32Array): Uint32Array | undefined {
    if (!this.arena || this.used + front.length * 4 > this.bytes) return undefined;
    const copy = new Uint32Array(this.arena, this.used, front.length);
    copy.set(front);
    this.used += front.length * 4;
    return copy;
  }

  /**
   * Room for `length` numbers that belong with cached lists (the scorer's term scores, bm25.ts), in the
   * same buffer, so that they are freed with it and not left as small buffers in the allocator's heap;
   * a new array when it is above an eighth of the buffer.
   */
  float64(length: number): Float64Array {
    const size = length * 8 + 4;
    if (size > this.bytes / 8) return new Float64Array(length);
    const arena = this.reserve(size);
    const at = (this.used + 7) & ~7;
    this.used = at + length * 8;
    return new Float64Array(arena, at, length);
  }

  /** The current buffer with `size` bytes free after `used`; a new one (all lists forgotten) when it is full. */
  private reserve(size: number): ArrayBuffer {
    if (!this.arena || this.used + size > this.bytes) {
      this.arena = new ArrayBuffer(this.bytes);
      this.used = 0;
      this.generation++;
      this.lists.words.clear();
      this.lists.grams.clear();
      this.byContent.clear();
    }
    return this.arena;
  }

  clear(): void {
    this.lists.words.clear();
    this.lists.grams.clear();
    this.byContent.clear();
    this.arena = undefined;
    this.used = 0;
    this.generation++;
  }
}

/** A hash of a list's labels and weights (FNV-1a over the numbers); equal lists have equal hashes. */
function contentHash(list: PostingList): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < list.df; k++) {
    hash = Math.imul(hash ^ list.labels[k]!, 0x01000193);
    hash = Math.imul(hash ^ list.weights[k]!, 0x01000193);
  }
  return hash >>> 0;
}

function sameContent(a: PostingList, b: PostingList): boolean {
  if (a.df !== b.df) return false;
  for (let k = 0; k < a.df; k++) if (a.labels[k] !== b.labels[k] || a.weights[k] !== b.weights[k]) return false;
  return true;
}

function align(bytes: number): number {
  return (bytes + 3) & ~3;
}
