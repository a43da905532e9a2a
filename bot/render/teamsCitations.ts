import { markersIn, type CitationEntry } from './citationEntries.ts';
import { citationUrl } from './sourceLinks.ts';

/**
 * Teams' AI message entity: the "AI generated" label and citations that Teams shows as popups on the
 * [n] markers of the text. Shape per Microsoft's "Bot messages with AI-generated content"
 * (schema.org Message with Claim citations whose appearance is a DigitalDocument).
 */
export interface TeamsClientCitation {
  '@type': 'Claim';
  position: number;
  appearance: {
    '@type': 'DigitalDocument';
    name: string;
    url?: string;
    abstract: string;
    keywords?: string[];
  };
}

export interface TeamsAiMessageEntity {
  type: 'https://schema.org/Message';
  '@type': 'Message';
  '@context': 'https://schema.org';
  '@id': '';
  additionalType: ['AIGeneratedContent'];
  citation: TeamsClientCitation[];
}

// Teams' documented limits: abstract up to 160 characters (the entries' snippets are clipped to
// that already, so web chat and Teams show the same passage), keywords up to 3 of 28 characters each,
// at most 20 citations per message.
const MAX_ABSTRACT = 160;
const MAX_NAME = 80;
const MAX_KEYWORD = 28;
const MAX_CITATIONS = 20;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The entity for an answer whose text carries the entries' markers (see citationEntries). */
export function teamsAiEntity(answerText: string, entries: readonly CitationEntry[], publicBaseUrl: string): TeamsAiMessageEntity {
  const used = markersIn(answerText);
  const citation = entries
    .filter((entry) => used.has(entry.marker))
    .slice(0, MAX_CITATIONS)
    .map(
      (entry): TeamsClientCitation => ({
        '@type': 'Claim',
        position: entry.marker,
        appearance: {
          '@type': 'DigitalDocument',
          name: clip(entry.label, MAX_NAME),
          url: citationUrl(publicBaseUrl, entry, entry.chunkIds),
          abstract: clip(entry.snippet, MAX_ABSTRACT),
          ...(entry.locator ? { keywords: [clip(entry.locator, MAX_KEYWORD)] } : {}),
        },
      }),
    );
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    additionalType: ['AIGeneratedContent'],
    citation,
  };
}
