import type { AnswerResult, Chunk, Offer } from '../../types.ts';
import { analyze, foldGerman, splitWords } from '../../text/germanText.ts';
import type { AnswerContext } from '../answerEngine.ts';
import { CitationList } from '../citationList.ts';
import { coverage, type WeightedTerms } from '../evidence.ts';
import { chunkTerms } from '../../retrieval/chunkTerms.ts';
import { MIN_SUBJECT_COVERAGE, composeCited, headingTerms, result, type EngineInput } from './engineInput.ts';

/** List answers: the items a passage enumerates, or the offers extracted across all documents. */

const LIST_NOUN =
  /\b(projekte|angebote|programme|kurse|veranstaltungen|formate|seminare|schulungen|module|fortbildungen|weiterbildungen|lehrgange|workshops|qualifizierungsangebote|projects|offers|programmes|programs|courses|events|trainings|formats|modules|seminars)\b/;
const ENGLISH_LIST_NOUN: Record<string, string> = {
  projects: 'projekte',
  offers: 'angebote',
  programmes: 'programme',
  programs: 'programme',
  courses: 'kurse',
  events: 'veranstaltungen',
  trainings: 'fortbildungen',
  formats: 'formate',
  modules: 'module',
  seminars: 'seminare',
};

const OFFER_NOUN = /^(angebote|programme|kurse|formate|seminare|schulungen|module|fortbildungen|weiterbildungen|lehrgange|workshops|qualifizierungsangebote|veranstaltungen)$/;

/**
 * "Welche Angebote gibt es für Führungskräfte?" is answered from the offers extracted at ingest time
 * across all documents, filtered by what the question adds (audience, topic, provider).
 */
export function answerOffers(input: EngineInput, context: AnswerContext): AnswerResult | undefined {
  const match = LIST_NOUN.exec(foldGerman(input.question.original));
  const noun = match?.[1] ? (ENGLISH_LIST_NOUN[match[1]] ?? match[1]) : undefined;
  if (!noun || !OFFER_NOUN.test(noun)) return undefined;
  const nounTerms = new Set(analyze(`${noun} Angebot Angebote Programm`));
  const subject: WeightedTerms = { terms: input.subject.terms.filter((t) => !nounTerms.has(t)), idf: input.subject.idf };
  // With a filter, look at the chunks that mention it anywhere in the index (not only the top few);
  // without one, at every offer.
  const pool =
    subject.terms.length > 0
      ? [...new Set([...context.retrieved.map((r) => r.chunk), ...context.corpus.searchChunks(input.question.standalone, 100)])].flatMap((chunk) =>
          chunk.facts.offers.map((offer) => ({ offer, chunk })),
        )
      : context.corpus.offers();
  const byName = new Map<string, { offer: Offer; chunk: Chunk }>();
  for (const entry of pool) {
    const { offer, chunk } = entry;
    const described = [offer.name, offer.provider, offer.targetGroup, offer.format, offer.context].filter(Boolean).join(' ');
    // The filter must be in what is said about the offer, not anywhere on its page.
    if (subject.terms.length > 0 && coverage(subject, new Set([...analyze(described), ...headingTerms(chunk)])) < MIN_SUBJECT_COVERAGE) continue;
    // Stemmed words as the key: "Digitales Innovation Team" and "Digital Innovation Team" are one offer.
    const key = [...new Set(analyze(offer.name))].sort().join(' ') || foldGerman(offer.name);
    const known = byName.get(key);
    // Keep the richest description of each offer.
    if (!known || offerRichness(offer) > offerRichness(known.offer)) byName.set(key, entry);
  }
  if (byName.size === 0) return undefined;
  const citations = new CitationList();
  // Offers described with provider, audience or format first: a bare name may be a mere heading.
  const ranked = [...byName.values()].sort((a, b) => offerRichness(b.offer) - offerRichness(a.offer));
  const parts = ranked.slice(0, 6).map(({ offer, chunk }) => {
    const details = [offer.provider, offer.targetGroup ? `${input.question.language === 'en' ? 'for' : 'für'} ${offer.targetGroup}` : undefined]
      .filter(Boolean)
      .join('; ');
    return { text: `${offer.name}${details ? ` (${details})` : ''}`, chunk, snippet: offer.context };
  });
  return result(input, composeCited(`${input.phrases.offersIntro} `, parts, citations, '; '), citations);
}

function offerRichness(offer: Offer): number {
  return [offer.provider, offer.targetGroup, offer.format, offer.dates, offer.cost, offer.contact].filter(Boolean).length;
}

export function answerList(input: EngineInput, context: AnswerContext): AnswerResult | undefined {
  const match = LIST_NOUN.exec(foldGerman(input.question.original));
  if (!match?.[1]) return undefined;
  const noun = ENGLISH_LIST_NOUN[match[1]] ?? match[1];
  // "projekte" -> "projekt": items name the singular ("Projekt KommunalCampus", "Projektgruppe …").
  const stem = analyze(noun)[0] ?? noun;
  let best: { chunk: Chunk; items: string[]; score: number } | undefined;
  for (const { chunk } of context.retrieved) {
    const chunkCoverage = coverage(input.subject, chunkTerms(chunk));
    if (chunkCoverage < MIN_SUBJECT_COVERAGE) continue;
    const items: string[] = [];
    for (const paragraph of chunk.text.split(/\n\s*\n/)) {
      for (const line of paragraph.split('\n')) {
        const clean = line.replace(/^[\s\-–•▪◦*·]+/, '').replace(/\*\*/g, '').trim();
        if (clean.length < 4 || clean.length > 120) continue;
        const words = splitWords(clean).map(foldGerman);
        const mentions = words.some((word) => word.startsWith(stem) && word !== noun);
        if (mentions && !items.includes(clean)) items.push(clean);
      }
    }
    const score = items.length + chunkCoverage;
    if (items.length >= 2 && (!best || score > best.score)) best = { chunk, items, score };
  }
  if (!best) return undefined;
  const citations = new CitationList();
  // One passage, one marker: as many of its items as fit.
  const items: string[] = [];
  for (const item of best.items.slice(0, 8)) if ([...items, item].join('; ').length <= 560) items.push(item);
  const text = composeCited(`${input.phrases.listIntro(best.chunk.title)} `, [{ text: items.join('; '), chunk: best.chunk }], citations);
  return result(input, text, citations);
}
