/**
 * Text normalisation shared by every loader: the same German text must come out the same whether it
 * was read from a PDF, a slide, a Word file or a web page, so retrieval and fact extraction see one form.
 */

const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
};
const LIGATURE_PATTERN = /[\uFB00-\uFB06]/g;
/** No-break and fixed-width spaces that PDFs and web pages use between numbers and units. */
const SPECIAL_SPACES = /[\u00A0\u2000-\u200A\u202F\u205F\u3000\t\f\v]/g;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
/** A soft hyphen at a line end marks a word the typesetter split; the line break goes with it. */
const SOFT_HYPHEN_AT_BREAK = /\u00AD *\n */g;
const SOFT_HYPHEN = /\u00AD/g;

/**
 * Unicode NFC, ligatures, soft hyphens, exotic spaces and invisible characters; spaces collapsed within
 * lines, lines trimmed, at most one blank line in a row. Line structure is otherwise kept.
 */
export function normaliseText(raw: string): string {
  const text = raw
    .normalize('NFC')
    .replace(/\r\n?|\u2028|\u2029/g, '\n')
    .replace(LIGATURE_PATTERN, (ch) => LIGATURES[ch] ?? ch)
    .replace(SOFT_HYPHEN_AT_BREAK, '')
    .replace(SOFT_HYPHEN, '')
    .replace(INVISIBLE, '')
    .replace(SPECIAL_SPACES, ' ');
  return text
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Words that follow a truncated compound in German enumerations ("Bundes- und Landesebene",
 * "Aus-, Fort- oder Weiterbildung"); a hyphen before them is an ellipsis hyphen, not a line-break split.
 */
const ENUMERATION_WORDS = new Set(['und', 'oder', 'bzw', 'sowie', 'bis', 'als', 'wie', 'noch', 'u', 'resp', 'beziehungsweise']);

const HYPHEN_AT_LINE_END = /(\p{L}+|\p{N}+)- *\n *(\p{L}+|\p{N}+)/gu;

/**
 * Rejoins words hyphenated across a line break. A lower-case continuation after a lower-case fragment is
 * a split word ("Weiter-\nbildung" → "Weiterbildung"); a capitalised continuation or an all-caps/short
 * fragment is a real hyphenated compound whose hyphen stays ("IT-\nPlanungsrat", "E-\nMail", "Jan-\nOle");
 * a following conjunction marks an enumeration ("Bundes-\nund Landesebene" → "Bundes- und Landesebene").
 */
export function repairLineBreakHyphenation(text: string): string {
  return text.replace(HYPHEN_AT_LINE_END, (_match, before: string, after: string) => {
    if (ENUMERATION_WORDS.has(after.toLowerCase()) && /^\p{Ll}/u.test(after)) return `${before}- ${after}`;
    if (/^\p{N}/u.test(after) || /^\p{Lu}/u.test(after)) return `${before}-${after}`;
    if (/\p{N}/u.test(before) || isAllCaps(before)) return `${before}-${after}`;
    return `${before}${after}`;
  });
}

function isAllCaps(word: string): boolean {
  return /^\p{Lu}+$/u.test(word);
}

/** Full cleanup for text that came with line breaks from a layout (PDF, plain text). */
export function cleanText(raw: string): string {
  return repairLineBreakHyphenation(normaliseText(raw));
}

/** Bullet symbols of word processors and layouts; "•" is the one list marker every loader writes. */
const BULLET_SYMBOL = /^[•▪◦‣●○■□◆➢➤►✓✔·*+-]\s+/u;

/** "➢ Termin", "- Termin", "* Termin" → "• Termin"; numbered items and other lines stay as they are. */
export function unifyBullet(line: string): string {
  return line.replace(BULLET_SYMBOL, '• ');
}

/** Joins paragraphs with a blank line, dropping empty ones. */
export function joinParagraphs(paragraphs: readonly string[]): string {
  return paragraphs
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .join('\n\n');
}

/** Collapses all whitespace (including line breaks) to single spaces: for headings and titles. */
export function singleLine(text: string): string {
  return normaliseText(text).replace(/\s+/g, ' ').trim();
}
