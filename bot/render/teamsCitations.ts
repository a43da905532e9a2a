import type { Citation } from '../../core/types.ts';
import { sourceLabel, sourceUrl } from './sourceLinks.ts';

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

// Teams' documented limits: abstract up to 160 characters, keywords up to 3 of 28 characters each,
// at most 20 citations per message.
const MAX_ABSTRACT = 160;
const MAX_NAME = 80;
const MAX_KEYWORD = 28;
const MAX_CITATIONS = 20;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Marker numbers ([1], [2] …) that occur in the answer text. */
export function markersIn(text: string): Set<number> {
  return new Set([...text.matchAll(/\[(\d{1,3})\]/g)].map((m) => Number(m[1])));
}

export function teamsAiEntity(answerText: string, citations: readonly Citation[], publicBaseUrl: string): TeamsAiMessageEntity {
  const used = markersIn(answerText);
  const citation = citations
    .filter((c) => used.has(c.marker))
    .slice(0, MAX_CITATIONS)
    .map(
      (c): TeamsClientCitation => ({
        '@type': 'Claim',
        position: c.marker,
        appearance: {
          '@type': 'DigitalDocument',
          name: clip(sourceLabel(c), MAX_NAME),
          url: sourceUrl(publicBaseUrl, c),
          abstract: clip(c.snippet, MAX_ABSTRACT),
          ...(c.locator ? { keywords: [clip(c.locator, MAX_KEYWORD)] } : {}),
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
