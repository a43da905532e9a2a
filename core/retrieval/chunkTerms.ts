import type { Chunk } from '../types.ts';
import { analyze } from '../text/germanText.ts';
import { acronymsIn } from '../text/acronyms.ts';

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

/**
 * The headings a chunk stands under, outermost first: a section "Gebühren" under the page heading
 * "Studiengebühren der Verwaltungsakademie Nordstadt" is about the academy too, though only the page
 * heading names it.
 */
export function headingText(chunk: Pick<Chunk, 'heading' | 'headingPath'>): string {
  const path = chunk.headingPath ?? [];
  if (path.length === 0) return chunk.heading ?? '';
  return [...path, chunk.heading ?? ''].join('\n');
}
const CACHE_LIMIT = 5_000;

export function chunkTerms(chunk: Chunk): Set<string> {
  let terms = cache.get(chunk.id);
  if (!terms) {
    const text = `${titleText(chunk)}\n${headingText(chunk)}\n${chunk.text}`;
    terms = new Set(analyze(text));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(chunk.id, terms);
    const acronyms = acronymsIn(text);
    acronymCache.set(chunk.id, acronyms);
    for (const acronym of acronyms) terms.add(acronym);
  }
  return terms;
}

const acronymCache = new Map<string, Set<string>>();

/** The acronyms the chunk (with its title and publisher) spells out ("BAV" for "Bayerische Akademie für Verwaltungs-Management"). */
export function chunkAcronyms(chunk: Chunk): ReadonlySet<string> {
  if (!acronymCache.has(chunk.id)) {
    if (acronymCache.size >= CACHE_LIMIT) acronymCache.clear();
    chunkTerms(chunk);
    if (!acronymCache.has(chunk.id)) acronymCache.set(chunk.id, acronymsIn(`${titleText(chunk)}\n${headingText(chunk)}\n${chunk.text}`));
  }
  return acronymCache.get(chunk.id)!;
}
