import { analyze } from '../../text/germanText.ts';
import type { QuestionTerms, UnitSetting } from './features.ts';
import { hasForm, type WeightedTerm } from './termMatch.ts';

/**
 * Documents named alike: "Werkstatt Marfirath" and "Werkstatt Marfirath 2", "Presse" and "Presse &
 * Neuigkeiten". Both hold every word of a question about either, so the scores of their passages alike do
 * not tell which one is meant; their titles do. A document is *named* by the question when the question
 * says every word of its title. Of two documents whose titles are one the other's words and more, the one
 * the question names most fully is meant, and the other is its *twin*: a second edition, a sub-programme,
 * something else of the same name. The twin's values are not the named one's ("Welche E-Mail-Adresse hat
 * die Kontaktperson zur Werkstatt Marfirath?" is not answered by the address on "Werkstatt Marfirath 2",
 * nor "… Marfirath 2?" by the one on "Werkstatt Marfirath").
 */
export interface NamedDocuments {
  /** Sources whose title the question names in full, the most specific of them. */
  named: ReadonlySet<string>;
  /** Sources whose title is a named one's with words added that the question does not say, or left out. */
  twins: ReadonlySet<string>;
}

export const NO_NAMED_DOCUMENTS: NamedDocuments = { named: new Set(), twins: new Set() };

function isSubset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size > b.size) return false;
  for (const term of a) if (!b.has(term)) return false;
  return true;
}

/** The sources whose every title term the question's terms say (the same stem or an inflected form). */
function namedBy(terms: readonly WeightedTerm[], titles: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const said = (titleTerm: string) => terms.some((t) => hasForm(new Set([titleTerm]), t.term));
  return [...titles].filter(([, title]) => title.size > 0 && [...title].every(said)).map(([source]) => source);
}

export function namedDocuments(question: QuestionTerms, settings: readonly UnitSetting[]): NamedDocuments {
  const titles = new Map<string, ReadonlySet<string>>();
  for (const { unit } of settings) if (!titles.has(unit.chunk.source)) titles.set(unit.chunk.source, new Set(analyze(unit.chunk.title)));
  if (titles.size < 2) return NO_NAMED_DOCUMENTS;
  // The question's own words name what it asks about; the previous turn's only when they name nothing.
  let named = namedBy(question.own, titles);
  if (named.length === 0) named = namedBy(question.all, titles);
  // "… Berdeheim 2?" names both "Netzwerkreihe Berdeheim" and "Netzwerkreihe Berdeheim 2": the fuller one is meant.
  const strictlyInside = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size < b.size && isSubset(a, b);
  named = named.filter((source) => !named.some((other) => strictlyInside(titles.get(source)!, titles.get(other)!)));
  if (named.length === 0) return NO_NAMED_DOCUMENTS;
  const twins = new Set<string>();
  for (const [source, title] of titles) {
    if (named.includes(source)) continue;
    const meant = named.map((s) => titles.get(s)!);
    if (meant.some((m) => strictlyInside(m, title) || strictlyInside(title, m))) twins.add(source);
  }
  return twins.size === 0 ? NO_NAMED_DOCUMENTS : { named: new Set(named), twins };
}
