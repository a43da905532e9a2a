import type { AnswerResult, Citation } from '../../core/types.ts';
import { sourceLabel } from './sourceLinks.ts';

/**
 * The sources of an answer as people see them, in every channel: one entry per distinct passage a
 * person can look up (a document and its page, slide or section), numbered in the order the text
 * cites them. Two chunks of the same section are one entry: they carry the same label and lead to the
 * same place, so listing both would read as the same source twice.
 */
export interface CitationEntry {
  /** The entry's number; the answer text's markers are renumbered to match. */
  marker: number;
  source: string;
  title: string;
  locator: string;
  /** "Titel – Folie 15", without repetition. */
  label: string;
  /** The cited passage, short: shown under the web chat answer and as the Teams citation abstract. */
  snippet: string;
  /** The cited chunks, for the source viewer to highlight. */
  chunkIds: string[];
}

export interface CitedAnswer {
  /** The answer text with markers renumbered to the entries. */
  text: string;
  entries: CitationEntry[];
}

/** Teams shows at most 160 characters of a citation's abstract; the web chat shows the same. */
export const MAX_SNIPPET = 160;

/** A passage cut at a word border to at most `max` characters. */
export function clipPassage(text: string, max = MAX_SNIPPET): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // Room for " …" at the end.
  const cut = flat.lastIndexOf(' ', max - 2);
  return `${flat.slice(0, cut > max * 0.6 ? cut : max - 2).replace(/[\s,;:.–-]+$/, '')} …`;
}

/** Marker numbers ([1], [2] …) that occur in an answer text. */
export function markersIn(text: string): Set<number> {
  return new Set([...text.matchAll(/\[(\d{1,3})\]/g)].map((m) => Number(m[1])));
}

function entryKey(citation: Citation): string {
  return `${citation.source}\n${citation.locator}`;
}

export function citationEntries(answer: Pick<AnswerResult, 'answer' | 'citations'>): CitedAnswer {
  const used = markersIn(answer.answer);
  const cited = answer.citations.filter((c) => used.size === 0 || used.has(c.marker));
  // Order of first appearance in the text; citations the text does not mark keep their own order.
  const position = new Map<number, number>();
  for (const match of answer.answer.matchAll(/\[(\d{1,3})\]/g)) {
    const marker = Number(match[1]);
    if (!position.has(marker)) position.set(marker, match.index);
  }
  const ordered = [...cited].sort((a, b) => (position.get(a.marker) ?? Infinity) - (position.get(b.marker) ?? Infinity) || a.marker - b.marker);

  const byKey = new Map<string, { entry: CitationEntry; snippets: string[] }>();
  const renumber = new Map<number, number>();
  for (const citation of ordered) {
    const key = entryKey(citation);
    let group = byKey.get(key);
    if (!group) {
      group = {
        entry: {
          marker: byKey.size + 1,
          source: citation.source,
          title: citation.title,
          locator: citation.locator,
          label: sourceLabel(citation),
          snippet: '',
          chunkIds: [],
        },
        snippets: [],
      };
      byKey.set(key, group);
    }
    if (!group.entry.chunkIds.includes(citation.chunkId)) group.entry.chunkIds.push(citation.chunkId);
    const snippet = citation.snippet.replace(/\s+/g, ' ').trim();
    if (snippet && !group.snippets.includes(snippet)) group.snippets.push(snippet);
    renumber.set(citation.marker, group.entry.marker);
  }
  const entries = [...byKey.values()].map(({ entry, snippets }) => ({ ...entry, snippet: clipPassage(snippets.join(' … ')) }));

  const text = answer.answer
    .replace(/\[(\d{1,3})\]/g, (whole, digits: string) => {
      const next = renumber.get(Number(digits));
      return next === undefined ? whole : `[${next}]`;
    })
    // "[1] [1]" after merging says the same thing twice.
    .replace(/\[(\d{1,3})\](?:\s*\[\1\])+/g, '[$1]');
  return { text, entries };
}
