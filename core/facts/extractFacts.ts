import type { ChunkFacts } from '../types.ts';
import { extractAmounts } from './extractAmounts.ts';
import { extractContacts } from './extractContacts.ts';
import { extractDates } from './extractDates.ts';
import { extractOffers } from './extractOffers.ts';
import { extractPlaces } from './extractPlaces.ts';

export interface FactContext {
  /** Slide title or section heading of the chunk. */
  heading?: string;
  /** Document title. */
  title?: string;
  /** Year assumed for dates written without one. */
  referenceYear?: number;
}

/** Runs every extractor over a chunk's text; offers are filled from the other facts. */
export function extractFacts(text: string, ctx: FactContext = {}): ChunkFacts {
  const contacts = extractContacts(text, ctx);
  const dates = extractDates(text, ctx.referenceYear === undefined ? {} : { referenceYear: ctx.referenceYear });
  const places = extractPlaces(text);
  const amounts = extractAmounts(text);
  const offers = extractOffers(text, ctx, { contacts, dates, places, amounts });
  return { contacts, dates, places, amounts, offers };
}
