import { labelDirectory, type PostingField, type PostingList } from './postingLists.ts';

/**
 * The posting lists one index version has read, copied into one large buffer, filled front to back.
 * When it is full a new buffer starts (the lists handed out before stay valid in the old one until
 * nothing uses them), and the old one goes as a whole. One allocation of this size is above every
 * malloc's mmap threshold, so a version's cache goes back to the operating system when the version is
 * closed and collected: cached lists as many small buffers, one per list, stayed in the allocator's
 * heap after swaps (bot RSS over ten index swaps at 20k chunks: 353 → 492 MB,
 * test/bot/indexSwapUnderLoad.timing.test.ts). The buffer is not touched before it is used, so a small
 * index takes only what its lists need.
 */
export class PostingCache {
  private readonly lists: Record<PostingField, Map<string, PostingList>> = { words: new Map(), grams: new Map() };
  private arena: ArrayBuffer | undefined;
  private used = 0;

  constructor(private readonly bytes: number) {}

  get(field: PostingField, term: string): PostingList | undefined {
    return this.lists[field].get(term);
  }

  /**
   * Keeps a copy of the list, with its label directory when it is long (postingLists.ts), and returns
   * it; a list above an eighth of the buffer is returned as it is.
   */
  put(field: PostingField, term: string, list: PostingList): PostingList {
    const directory = labelDirectory(list.labels);
    const size = align(list.df * 4) + align(list.df * 2) + list.front.length * 4 + (directory?.length ?? 0) * 4;
    if (size > this.bytes / 8) return list;
    if (!this.arena || this.used + size > this.bytes) {
      this.arena = new ArrayBuffer(this.bytes);
      this.used = 0;
      this.lists.words.clear();
      this.lists.grams.clear();
    }
    let at = this.used;
    const labels = new Uint32Array(this.arena, at, list.df);
    labels.set(list.labels);
    at += align(list.df * 4);
    const weights = new Uint16Array(this.arena, at, list.df);
    weights.set(list.weights);
    at += align(list.df * 2);
    const front = new Uint32Array(this.arena, at, list.front.length);
    front.set(list.front);
    at += list.front.length * 4;
    let copiedDirectory: Uint32Array | undefined;
    if (directory) {
      copiedDirectory = new Uint32Array(this.arena, at, directory.length);
      copiedDirectory.set(directory);
      at += directory.length * 4;
    }
    // Every list has the same properties, so the scoring loops see one object shape.
    const copy: PostingList = { df: list.df, labels, weights, front, directory: copiedDirectory };
    this.used = at;
    this.lists[field].set(term, copy);
    return copy;
  }

  clear(): void {
    this.lists.words.clear();
    this.lists.grams.clear();
    this.arena = undefined;
    this.used = 0;
  }
}

function align(bytes: number): number {
  return (bytes + 3) & ~3;
}
