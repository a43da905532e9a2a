import type { Chunk } from '../core/types.ts';

/**
 * The baseline the local embeddings must beat: plain word matching as a simple site search does it.
 * Lower-cased words of three or more letters, no stemming, no compound splitting, no weighting; a chunk
 * scores the number of distinct question words it contains (title and heading included).
 */
const WORD = /[\p{L}\p{N}]{3,}/gu;

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(WORD) ?? []);
}

export class PlainWordMatcher {
  private readonly chunkWords: Array<{ chunk: Chunk; words: Set<string> }>;

  constructor(chunks: readonly Chunk[]) {
    this.chunkWords = chunks.map((chunk) => ({ chunk, words: words(`${chunk.title} ${chunk.heading ?? ''} ${chunk.text}`) }));
  }

  /** Best `topK` chunks; ties keep corpus order, chunks sharing no word are never returned. */
  search(question: string, topK: number): Chunk[] {
    const asked = [...words(question)];
    return this.chunkWords
      .map(({ chunk, words: present }, order) => ({ chunk, order, score: asked.filter((w) => present.has(w)).length }))
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .slice(0, topK)
      .map((hit) => hit.chunk);
  }
}
