import type { AnswerResult } from '../types.ts';
import { analyze, foldGerman, isStopWord, splitWords, stemGerman } from '../text/germanText.ts';
import type { AnswerContext, AnswerEngine, CorpusView } from './answerEngine.ts';
import { phrasesFor } from './answerPhrases.ts';
import { CitationList } from './citationList.ts';
import { coverage, type WeightedTerms } from './evidence.ts';
import { chunkTerms } from '../retrieval/chunkTerms.ts';
import { answerContact } from './extractive/contactAnswer.ts';
import { CONTACT_CUE, result, type EngineInput } from './extractive/engineInput.ts';
import { answerList, answerOffers } from './extractive/listAnswer.ts';
import { answerByPeriod } from './extractive/periodAnswer.ts';
import { answerFromSentences } from './extractive/sentenceAnswer.ts';
import { analyzeQuestion, predicateAlternatives } from './questionAnalysis.ts';

/**
 * The embedded answer engine: no model, no network. It reads what kind of fact is asked, finds the
 * sentences and extracted facts of the retrieved chunks that are about the question's subject and hold
 * that kind of fact, and answers with them, each followed by its citation marker. When no passage is
 * about the subject, or none holds the fact asked for, it says so instead of guessing.
 * One strategy per module in ./extractive/: contacts, periods, lists and offers, sentences.
 */

export class ExtractiveEngine implements AnswerEngine {
  readonly name = 'extractive';

  async answer(context: AnswerContext): Promise<AnswerResult> {
    const question = analyzeQuestion(context.request);
    const phrases = phrasesFor(question.language);
    const idf = (term: string) => context.corpus.idf(term);
    const questionText = question.language === 'en' ? question.standalone : question.original;
    const terms = [...new Set(analyze(questionText))];
    // Compound alternatives: a closed compound of the question is also found by its two parts in the
    // documents ("Weiterbildungsplattform" by "Plattform"); English word pairs by the German compound.
    const compounds = new Map<string, string[]>();
    for (const word of splitWords(questionText)) {
      if (word.length < 9 || /[-'’]/.test(word)) continue;
      const parts = context.corpus.compoundParts(word);
      const [whole] = analyze(word);
      if (parts.length === 2 && whole) compounds.set(whole, parts);
    }
    if (question.language === 'en') addGermanCompounds(question.standalone, compounds, context.corpus);
    // Synonyms ("Laufzeit" for "endet") widen what is asked, never what it is asked about.
    const alternatives = new Map(compounds);
    for (const [term, others] of predicateAlternatives(terms)) alternatives.set(term, [...(alternatives.get(term) ?? []), ...others]);
    const queryTerms: WeightedTerms = { terms, idf, alternatives };
    const subject: WeightedTerms = { terms: question.subjectTerms, idf, alternatives: compounds };
    const input: EngineInput = { question, phrases, queryTerms, subject, corpus: context.corpus };

    // "Wer ist der Schirmherr …?" asks for a person in a role, best answered by the sentence naming both.
    const askedForRole = question.kind === 'contact' && question.contactFocus === 'who' && !CONTACT_CUE.test(foldGerman(question.original));
    const result =
      (askedForRole ? answerFromSentences(input, context, { requirePerson: true }) : undefined) ??
      (question.kind === 'contact' ? answerContact(input, context) : undefined) ??
      answerByPeriod(input, context) ??
      (question.kind === 'list' ? (answerList(input, context) ?? answerOffers(input, context)) : undefined) ??
      answerFromSentences(input, context);
    return result ?? notFound(input, context);
  }
}

/**
 * English writes as two words what German writes as one ("project management" / "Projektmanagement"):
 * adjacent words whose joined form the documents use count as that compound.
 */
function addGermanCompounds(text: string, alternatives: Map<string, string[]>, corpus: CorpusView): void {
  const words = splitWords(text).map(foldGerman);
  for (let i = 0; i + 1 < words.length; i++) {
    const [first, second] = [words[i]!, words[i + 1]!];
    if (isStopWord(first) || isStopWord(second)) continue;
    const compound = stemGerman(first + second);
    if (!corpus.knows(compound)) continue;
    for (const part of [...analyze(first), ...analyze(second)]) alternatives.set(part, [...(alternatives.get(part) ?? []), compound]);
  }
}

function notFound(input: EngineInput, context: AnswerContext): AnswerResult {
  const { phrases } = input;
  let text = phrases.notFound;
  const best = context.retrieved[0]?.chunk;
  // Name what the documents do hold when the best passage is at least partly about the subject.
  if (best && input.subject.terms.length > 0 && coverage(input.subject, chunkTerms(best)) > 0) {
    text += ` ${phrases.relatedHint(best.title, best.source)}`;
  }
  return result(input, text, new CitationList(), false);
}
