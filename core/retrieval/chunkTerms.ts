import type { Chunk } from '../types.ts';
import { analyze } from '../text/germanText.ts';

/**
 * The analysed terms of a chunk with its title and heading, which name the subject of a slide or page.
 * Answering checks passages against the question with them, and neighbouring questions touch the same
 * chunks, so they are cached; the cache is bounded (a few questions' worth) so a large index is not
 * analysed onto the heap. Chunk ids are content hashes, so entries stay valid across index versions.
 */
const cache = new Map<string, Set<string>>();

/** The title as searched: with the publisher, which questions name ("beim HVSV") and pages often only in their header. */
export function titleText(chunk: Pick<Chunk, 'title' | 'publisher'>): string {
  return chunk.publisher ? `${chunk.title} ${chunk.publisher}` : chunk.title;
}
const CACHE_LIMIT = 5_000;

export function chunkTerms(chunk: Chunk): Set<string> {
  let terms = cache.get(chunk.id);
  if (!terms) {
    terms = new Set(analyze(`${titleText(chunk)}\n${chunk.heading ?? ''}\n${chunk.text}`));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(chunk.id, terms);
  }
  return terms;
}
