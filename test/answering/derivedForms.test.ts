import { describe, expect, it } from 'vitest';
import type { CorpusView } from '../../core/answering/answerEngine.ts';
import { coverage, weightedTerms } from '../../core/answering/extractive/termMatch.ts';
import { readQuestion } from '../../core/answering/questionReading.ts';
import { analyze } from '../../core/text/germanText.ts';

/** A noun of foreign origin and its adjective ("Theorie" – "theoretisch") match each other. */

function corpusOf(text: string): { corpus: CorpusView; terms: Set<string> } {
  const terms = new Set(analyze(text));
  const corpus = { idf: () => 1, knows: (term: string) => terms.has(term), compoundParts: () => [] } as unknown as CorpusView;
  return { corpus, terms };
}

const termOf = (question: string, word: string, corpus: CorpusView) =>
  weightedTerms(readQuestion({ question }), corpus).filter((t) => t.term === analyze(word)[0]);

describe('nouns and their adjectives', () => {
  it('matches "Theorie" with "theoretische" and "Praxis" with "praktische"', () => {
    const { corpus, terms } = corpusOf('Der theoretische Teil der Ausbildung findet am Studieninstitut statt, der praktische in der Kreisverwaltung.');
    expect(coverage(termOf('Wo lernen die Anwärter die Theorie?', 'Theorie', corpus), terms)).toBeGreaterThan(0.8);
    expect(coverage(termOf('Wo findet die Praxis statt?', 'Praxis', corpus), terms)).toBeGreaterThan(0.8);
  });

  it('matches an adjective of the question with the noun of the page', () => {
    const { corpus, terms } = corpusOf('Die Technik stellt die Akademie. Im Fokus steht die Demokratie.');
    expect(coverage(termOf('Wer stellt die technische Ausstattung?', 'technische', corpus), terms)).toBeGreaterThan(0.8);
    expect(coverage(termOf('Wie stärkt das Seminar demokratische Werte?', 'demokratische', corpus), terms)).toBeGreaterThan(0.8);
  });

  it('does not match unrelated words that only share letters', () => {
    const { corpus, terms } = corpusOf('Die Kreisverwaltung bildet aus.');
    expect(coverage(termOf('Wo lernen die Anwärter die Theorie?', 'Theorie', corpus), terms)).toBe(0);
  });
});
