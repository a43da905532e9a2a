import type { AnswerResult } from '../../types.ts';
import { extractDates, parseDateQuery } from '../../facts/extractDates.ts';
import { analyze, foldGerman } from '../../text/germanText.ts';
import type { AnswerContext } from '../answerEngine.ts';
import { CitationList } from '../citationList.ts';
import { coverage, excerpt, unitsOf, type WeightedTerms } from '../evidence.ts';
import { chunkTerms } from '../../retrieval/chunkTerms.ts';
import { MIN_SUBJECT_COVERAGE, composeCited, result, type CitedPart, type EngineInput } from './engineInput.ts';
import { isFragmentInProse } from './sentenceAnswer.ts';

const ASKS_FOR_ITEMS = /^(und\s+)?(welche|welcher|welches|which|what|gibt es|are there|is there)\b/;
const DATE_WORDS = new Set(
  analyze(
    'Januar Februar März April Mai Juni Juli August September Oktober November Dezember Jahr Monat Woche Quartal Frühjahr Frühling Sommer Herbst Winter ' +
      'Veranstaltung Veranstaltungen Termin Termine Angebote Angebot Kurse Seminare Workshops Events january february march april may june july august september october november december',
  ),
);

/**
 * A question about a period is answered from every passage dated within it, across the whole index,
 * not only from the passages that share its words: events in September rarely say "Veranstaltung".
 */
export function answerByPeriod(input: EngineInput, context: AnswerContext): AnswerResult | undefined {
  const folded = foldGerman(input.question.original);
  if (input.question.kind !== 'list' && !ASKS_FOR_ITEMS.test(folded)) return undefined;
  const range = parseDateQuery(input.question.original);
  if (!range) return undefined;
  const subject: WeightedTerms = { terms: input.subject.terms.filter((t) => !DATE_WORDS.has(t) && !/^\d+$/.test(t)), idf: input.subject.idf };
  const seen = new Set<string>();
  const pool = [...context.retrieved.map((r) => r.chunk), ...context.corpus.chunksDatedWithin(range, 50)].filter((chunk) => {
    if (seen.has(chunk.id)) return false;
    seen.add(chunk.id);
    return true;
  });
  const units = unitsOf(pool.map((chunk) => ({ chunk, score: 0 })))
    .filter((unit) => subject.terms.length === 0 || coverage(subject, new Set([...unit.terms, ...chunkTerms(unit.chunk)])) >= MIN_SUBJECT_COVERAGE)
    // Headings ("Veranstaltungskalender Herbst 2026") are not events; a season or year is too vague for a list.
    .filter((unit) => !isFragmentInProse(unit))
    .map((unit) => ({
      unit,
      dates: extractDates(unit.text).filter(
        (d) => d.start && d.end && d.start <= range.end && d.end >= range.start && (d.precision === 'day' || d.precision === 'month'),
      ),
    }))
    .filter(({ dates }) => dates.length > 0)
    .sort((a, b) => (a.dates[0]!.start! < b.dates[0]!.start! ? -1 : 1));
  if (units.length === 0) return undefined;
  const citations = new CitationList();
  const querySet = new Set(input.queryTerms.terms);
  const parts: CitedPart[] = [];
  for (const { unit } of units) {
    if (parts.length >= 5) break;
    // "Termin: 13. Oktober 2026" says what only under its heading: name the event first.
    const heading = unit.chunk.heading && !unit.text.includes(unit.chunk.heading) ? `${unit.chunk.heading}: ` : '';
    const text = `${heading}${excerpt(unit.text, querySet, 200)}`;
    if (!parts.some((part) => part.text === text)) parts.push({ text, chunk: unit.chunk, snippet: unit.text });
  }
  return result(input, composeCited('', parts, citations), citations);
}
