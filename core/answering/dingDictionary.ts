/**
 * Reads lines of the Ding German–English dictionary (Debian package `trans-de-en`, file
 * /usr/share/trans/de-en, GPL-2+, https://dict.tu-chemnitz.de/). One line is one entry:
 *
 *   Eröffnungsrede {f}; Eröffnungsvortrag {m} | Eröffnungsreden {pl} :: opening speech; opening lecture | opening speeches
 *
 * German and English are split at " :: "; both sides list the same senses in the same order, separated by
 * " | " (the headword, its plural or verb forms, then compounds and example phrases); inside a sense ";"
 * separates variants. Annotations stand in {} (gender, part of speech), [] (field, region, register),
 * () (explanations, optional parts), <> (search keys) and /…/ (abbreviations).
 */

export interface DingSense {
  /** German variants of the sense, annotations removed, case kept ("Eröffnungsrede", "schriftliche Prüfung"). */
  german: string[];
  /** English variants of the sense, lower case, without "to " and pronouns ("opening speech", "begins"). */
  english: string[];
  /** Position of the sense in its line: 0 is the headword, later ones inflections, compounds and phrases. */
  sense: number;
}

const ANNOTATION = /\{[^{}]*\}|\[[^[\]]*\]|<[^<>]*>|\([^()]*\)/g;
// Abbreviations between slashes: "Abfahrt /Abf./".
const ABBREVIATION = /(^|\s)\/[^/\s]+\/(?=\s|$)/g;

/** Removes bracketed annotations, nested ones too (inner first). */
export function stripAnnotations(text: string): string {
  let out = text;
  while (/[([{<]/.test(out)) {
    const next = out.replace(ANNOTATION, ' ');
    if (next === out) break;
    out = next;
  }
  return out.includes('/') ? out.replace(ABBREVIATION, ' ') : out;
}

/** Variants marked as old spelling or obsolete ("Abschlußfeier {f} [alt]") do not appear in current documents. */
const OUTDATED = /\[(alt|obs\.|veraltet|old)\]/;

// Placeholders that only show how a word is used ("sich", "etw.", "jdn."; "sb.", "sth."), and the
// pronoun before a verb form ("er/sie beginnt", "he/she begins").
const GERMAN_PLACEHOLDERS = /(^|\s)(sich|etw\.|jdn\.|jdm\.|jds\.|jd\.)(?=\s|$)/g;
const GERMAN_PRONOUNS = new Set(['ich/er/sie', 'er/sie/es', 'er/sie', 'ich/er', 'ich', 'du', 'er', 'sie', 'es', 'wir', 'ihr']);
const ENGLISH_PLACEHOLDERS = /(^|\s)(sb\.|sth\.|sb\.'s|sth\.'s|so\.|oneself|one's)(?=\s|$)/g;
const ENGLISH_PRONOUNS = new Set(['to', 'i/he/she', 'he/she/it', 'he/she', 'i', 'he', 'she', 'it', 'we', 'they', 'you']);

/** Trims, collapses spaces, drops a leading pronoun; empty for one letter or a sentence ("Was kostet das?"). */
function tidy(text: string, pronouns: ReadonlySet<string>): string {
  let out = text.trim();
  if (out.includes('  ')) out = out.replace(/\s{2,}/g, ' ');
  const space = out.indexOf(' ');
  if (space > 0 && pronouns.has(out.slice(0, space))) out = out.slice(space + 1);
  if (out.length < 2) return '';
  const last = out.charCodeAt(out.length - 1);
  // . ? ! :
  return last === 46 || last === 63 || last === 33 || last === 58 ? '' : out;
}

/** The variants of one German sense, cleaned; outdated spellings left out. */
export function germanVariants(sense: string): string[] {
  const out: string[] = [];
  for (const raw of sense.split(';')) {
    if (raw.includes('[') && OUTDATED.test(raw)) continue;
    let variant = stripAnnotations(raw);
    if (/sich|etw\.|jd/.test(variant)) variant = variant.replace(GERMAN_PLACEHOLDERS, ' ');
    variant = tidy(variant, GERMAN_PRONOUNS);
    if (variant) out.push(variant);
  }
  return out;
}

/** The variants of one English sense, lower case; "to begin" -> "begin", "he/she begins" -> "begins". */
export function englishVariants(sense: string): string[] {
  let text = stripAnnotations(sense).toLowerCase();
  if (text.includes('’')) text = text.replaceAll('’', "'");
  if (/sb|sth|one|so\./.test(text)) text = text.replace(ENGLISH_PLACEHOLDERS, ' ');
  const out: string[] = [];
  for (const raw of text.split(';')) {
    const variant = tidy(raw, ENGLISH_PRONOUNS);
    if (variant) out.push(variant);
  }
  return out;
}

export interface DingEntry {
  senses: DingSense[];
  /** Field and register tags of the headword ("fin.", "naut.", "ugs."): the entry's domain. */
  tags: string[];
  /** Senses on the line, parsed or not: a common word has many (plural, compounds, examples). */
  size: number;
}

const TAG = /\[([^[\]]+)\]/g;

/**
 * The aligned senses of one dictionary line; comments and malformed lines give none. With `key`, only
 * the senses that list that English variant (a lookup needs no more).
 */
export function parseDingLine(line: string, key?: string): DingEntry | undefined {
  if (line.length === 0 || line.startsWith('#')) return undefined;
  const at = line.indexOf(' :: ');
  if (at < 0) return undefined;
  const german = line.slice(0, at).split(' | ');
  const english = line.slice(at + 4).trimEnd().split(' | ');
  // A line whose sides do not align pairs only what it can be sure of: the headword sense.
  const count = german.length === english.length ? german.length : 1;
  const firstWord = key?.split(' ')[0];
  const senses: DingSense[] = [];
  for (let sense = 0; sense < count; sense++) {
    if (firstWord && !english[sense]!.toLowerCase().replaceAll('’', "'").includes(firstWord)) continue;
    const en = englishVariants(english[sense]!);
    if (key && !en.includes(key)) continue;
    const de = germanVariants(german[sense]!);
    if (de.length > 0 && en.length > 0) senses.push({ german: de, english: en, sense });
  }
  const tags = [...german[0]!.matchAll(TAG)].map((m) => m[1]!);
  return senses.length > 0 ? { senses, tags, size: count } : undefined;
}
