import { analyze } from '../../text/germanText.ts';
import type { CorpusView } from '../answerEngine.ts';
import type { QuestionReading, TermRole } from '../questionReading.ts';
import { synonymsOf } from './synonyms.ts';
import { verbLemmas } from '../../text/verbLemmas.ts';

/**
 * The question's words as weighted terms, and how strongly a set of document terms matches them:
 * the same stem or an inflected form, a compound that ends in the word ("Eröffnungsrede" for "Rede"),
 * the parts of a compound of the question ("Lehrgangsgebühr" by "Lehrgang" and "Gebühr"), another form of
 * the same verb ("begann" for "beginnt", "angemeldet" for "Anmeldung"), the adjective of a noun
 * ("theoretisch" for "Theorie"), a synonym or,
 * for English questions, a German translation.
 */

export interface Alternative {
  /** Stems that must all occur. */
  terms: string[];
  factor: number;
}

export interface WeightedTerm {
  term: string;
  weight: number;
  role: TermRole;
  alternatives: Alternative[];
  /** Terms of words joined by "und"/"oder" in a list question: matching one of them is enough. */
  coordination?: number;
}

const TRANSLATION_FACTOR = 0.9;
const SYNONYM_FACTOR = 0.8;
/** Another form of the same verb ("begann" for "beginnt"); 0.8 and 0.95 measured the same. */
const VERB_FORM_FACTOR = 0.95;
const COMPOUND_FACTOR = 0.9;
const HEAD_FACTOR = 0.7;
/** The feminine or masculine form of a noun for people ("Absolventinnen" for "Absolventen"). */
const GENDER_FORM_FACTOR = 0.95;

/**
 * "Absolventinnen" and "Absolventen", "Teilnehmer" and "Teilnehmerinnen" name the same people: texts use
 * either, or both ("Schülerinnen und Schüler"). The stems of the other form that the documents use.
 */
function otherGenderForms(word: string, corpus: Pick<CorpusView, 'knows'>): string[] {
  if (!/^\p{Lu}\p{Ll}{3,}$/u.test(word)) return [];
  const forms = word.endsWith('innen')
    ? [word.slice(0, -5), `${word.slice(0, -5)}en`, `${word.slice(0, -5)}n`]
    : [`${word}innen`, `${word.replace(/e?n$/, '')}innen`];
  return [...new Set(forms.flatMap((form) => analyze(form)))].filter((stem) => corpus.knows(stem));
}

/** A noun and the adjective derived from it ("Theorie" and "theoretisch", "Technik" and "technisch"). */
const DERIVED_FORM_FACTOR = 0.85;

/**
 * "Wo lernen sie die Theorie?" – "der theoretische Teil der Ausbildung": a noun of foreign origin in -ie,
 * -ik or -xis and its adjective in -(et)isch / -ktisch name the same thing. The stems of the other
 * forms the documents use.
 */
function derivedForms(word: string, corpus: Pick<CorpusView, 'knows'>): string[] {
  const lower = word.toLowerCase();
  const forms: string[] = [];
  const adjective = /^(\p{L}{3,})isch(?:e|en|er|es|em)?$/u.exec(lower)?.[1];
  if (adjective) {
    forms.push(`${adjective}ie`, `${adjective}ik`);
    if (adjective.endsWith('et')) forms.push(`${adjective.slice(0, -2)}ie`);
    if (adjective.endsWith('kt')) forms.push(`${adjective.slice(0, -2)}xis`);
  } else if (/^\p{L}{3,}(?:ie|ik|xis)$/u.test(lower)) {
    const base = lower.replace(/(?:ie|ik)$/u, '');
    if (lower.endsWith('xis')) forms.push(`${lower.slice(0, -3)}ktisch`);
    else forms.push(`${base}isch`, ...(lower.endsWith('ie') ? [`${base}etisch`] : []));
  }
  return [...new Set(forms.flatMap((form) => analyze(form)))].filter((stem) => corpus.knows(stem));
}

/** Previous-turn words help find the topic but weigh less than the question's own. */
const CONTEXT_WEIGHT = 0.6;

export function weightedTerms(reading: QuestionReading, corpus: CorpusView): WeightedTerm[] {
  const byTerm = new Map<string, WeightedTerm>();
  for (const word of reading.words) {
    const translations = word.translations.map((t) => analyze(t)).filter((terms) => terms.length > 0);
    const compound = word.word.length >= 9 && !/[-'’]/.test(word.word) ? corpus.compoundParts(word.word) : [];
    const genderForms = otherGenderForms(word.word, corpus);
    const derived = derivedForms(word.word, corpus);
    for (const term of word.terms) {
      if (byTerm.has(term)) continue;
      const alternatives: Alternative[] = [];
      for (const terms of translations) alternatives.push({ terms, factor: TRANSLATION_FACTOR });
      if (compound.length === 2 && word.terms.length === 1) alternatives.push({ terms: compound, factor: COMPOUND_FACTOR });
      for (const synonym of synonymsOf(term)) alternatives.push({ terms: [synonym], factor: SYNONYM_FACTOR });
      for (const form of verbLemmas().familyOf(term)) alternatives.push({ terms: [form], factor: VERB_FORM_FACTOR });
      for (const form of genderForms) if (form !== term) alternatives.push({ terms: [form], factor: GENDER_FORM_FACTOR });
      for (const form of derived) if (form !== term) alternatives.push({ terms: [form], factor: DERIVED_FORM_FACTOR });
      // A word the documents never use weighs as much as its best-known translation or part.
      let weight = corpus.idf(term);
      if (!corpus.knows(term)) {
        const known = alternatives.flatMap((a) => a.terms).filter((t) => corpus.knows(t));
        if (known.length > 0) weight = Math.max(...known.map((t) => corpus.idf(t)));
      }
      if (word.role === 'context') weight *= CONTEXT_WEIGHT;
      byTerm.set(term, { term, weight, role: word.role, alternatives, ...(word.coordination !== undefined ? { coordination: word.coordination } : {}) });
    }
  }
  return [...byTerm.values()];
}

/**
 * Whether `terms` holds `term` or an inflected form the stemmer leaves apart: weak nouns and plurals
 * keep a trailing -n/-s/-e ("Schirmherr" ~ "Schirmherrn"), verbs a -t ("kostet" ~ "Kosten", "beginnt" ~ "Beginn").
 */
export function hasForm(terms: ReadonlySet<string>, term: string): boolean {
  if (terms.has(term)) return true;
  if (term.length < 4) return false;
  for (const ending of ['n', 's', 'e', 'en', 'es', 'ns', 't', 'et']) if (terms.has(term + ending)) return true;
  const ending = /(en|es|ns|et|[enst])$/.exec(term)?.[0];
  if (ending && term.length - ending.length >= 4 && terms.has(term.slice(0, -ending.length))) return true;
  return false;
}

/** A German compound names a kind of its last part: "Eröffnungsrede" is a "Rede". */
function hasCompoundEndingIn(terms: ReadonlySet<string>, term: string): boolean {
  if (term.length < 3) return false;
  for (const candidate of terms) {
    if (candidate.length >= term.length + 3 && candidate.endsWith(term) && !candidate.includes('-')) return true;
  }
  return false;
}

export function matchStrength(term: WeightedTerm, terms: ReadonlySet<string>): number {
  if (hasForm(terms, term.term)) return 1;
  let best = hasCompoundEndingIn(terms, term.term) ? HEAD_FACTOR : 0;
  for (const alternative of term.alternatives) {
    if (alternative.factor <= best) continue;
    const found = alternative.terms.filter((t) => hasForm(terms, t) || hasCompoundEndingIn(terms, t)).length;
    if (found === alternative.terms.length) best = alternative.factor;
    // The last part of a compound names what it is ("Gebühr" of "Lehrgangsgebühr").
    else if (found > 0 && hasForm(terms, alternative.terms[alternative.terms.length - 1]!)) best = Math.max(best, alternative.factor * 0.5);
  }
  return best;
}

/** Weighted share of `selected` terms matched in `terms`; `undefined` when none are selected. */
export function coverage(selected: readonly WeightedTerm[], terms: ReadonlySet<string>): number | undefined {
  let total = 0;
  let found = 0;
  // Coordinated terms count as one: the heaviest of them, matched by the best match among them.
  const groups = new Map<number, { weight: number; found: number }>();
  for (const term of selected) {
    const strength = term.weight * matchStrength(term, terms);
    if (term.coordination === undefined) {
      total += term.weight;
      found += strength;
      continue;
    }
    const group = groups.get(term.coordination) ?? { weight: 0, found: 0 };
    group.weight = Math.max(group.weight, term.weight);
    group.found = Math.max(group.found, strength);
    groups.set(term.coordination, group);
  }
  for (const group of groups.values()) {
    total += group.weight;
    found += Math.min(group.found, group.weight);
  }
  return total === 0 ? undefined : found / total;
}

export function unionOf(...sets: ReadonlySet<string>[]): Set<string> {
  const out = new Set<string>();
  for (const set of sets) for (const term of set) out.add(term);
  return out;
}
