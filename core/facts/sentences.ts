/**
 * Sentence splitting for German administrative text. Periods in German also mark abbreviations
 * ("z. B.", "Dr.", "e. V.") and ordinal numbers ("28. November", "3. Quartal"), so a period is only a
 * sentence end when the word before it is neither. Slide and list text has no periods at all, so line
 * breaks also end a unit unless the line evidently continues (hyphen, comma, lower-case next line).
 */

export interface TextSpan {
  text: string;
  /** Offset of the first character in the source text. */
  start: number;
  /** Offset after the last character. */
  end: number;
}

/** Abbreviations (folded to lower case, without their final period) after which a period does not end a sentence. */
const ABBREVIATIONS = new Set(
  (
    'z b bzw ca dr prof nr abs e v u a d h o g i d r s bd art gem ggf evtl vgl str tel fax hr fr dipl ing inkl zzgl max min ' +
    'mio mrd jan feb febr mär mrz apr jun jul aug sep sept okt nov dez mo di mi do fr sa so st sog bspw insb usw etc ' +
    'wiss kap ziff lt bzgl allg ehem geb gegr jh jhd mind rd tsd verw abt ref dez dipl.-ing priv doz med rer nat phil jur ' +
    'h c m a b sc mba ll univ päd kfm vers verf hrsg aufl anm ff f no mr ms mrs vs'
  ).split(/\s+/),
);

/** Words that, at the end of a line, show that the sentence continues on the next line. */
const CONTINUATION_WORDS = new Set(
  'und oder sowie als der die das des dem den ein eine einer eines einem einen für von vom mit zu zur zum in im an am auf aus bei beim durch über unter nach vor ist sind wird werden mehr bis ab seit um gegen bzw'.split(
    ' ',
  ),
);

const BULLET = /^\s*(?:[-–•*·▪►]|\d{1,2}[.)])\s+/;

const MONTH = '(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)\\.?';
/** What follows a number on the same line in running text: units, counted nouns, months. */
const AFTER_NUMBER = new RegExp(
  `^\\s*(?:%|€|EUR\\b|Euro\\b|Prozent|Mio\\.|Millionen|Mrd\\.|Milliarden|Tsd\\.|Stunden|Std\\.|Minuten|Tage\\b|Tagen|Wochen|Monate|Monaten|Jahre\\b|Jahren|UE\\b|Unterrichts|Teilnehm|Plätze|Uhr\\b|${MONTH}(?![\\p{L}]))`,
  'u',
);
const ENDS_WITH_DAY = /(?:^|\s)\d{1,2}\.$/;
const STARTS_WITH_MONTH = new RegExp(`^\\s*${MONTH}(?![\\p{L}])`, 'u');
const ENDS_WITH_MONTH = new RegExp(`(?:^|\\s)${MONTH}$`, 'u');
/** A line this long without a sentence end is a line the typesetter wrapped, not a list entry. */
const WRAPPED_LINE_CHARS = 60;
const LABEL_LINE = /^\s*\p{Lu}[\p{L} /-]{0,30}[:?]\s/u;

function isAbbreviationBefore(text: string, dotIndex: number): boolean {
  let i = dotIndex - 1;
  while (i >= 0 && /[\p{L}\-]/u.test(text[i] ?? '')) i--;
  const word = text.slice(i + 1, dotIndex);
  if (word.length === 0) {
    // Digits before the period: short numbers are ordinals or parts of a date ("28. November", "3. Quartal").
    let j = dotIndex - 1;
    while (j >= 0 && /\d/.test(text[j] ?? '')) j--;
    const digits = dotIndex - 1 - j;
    return digits > 0 && digits <= 2;
  }
  // Single capital letters are initials ("A. Müller").
  if (word.length === 1) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

function lineContinues(line: string, nextLine: string): boolean {
  const trimmed = line.trimEnd();
  if (trimmed.length === 0 || nextLine.trim().length === 0) return false;
  if (BULLET.test(nextLine)) return false;
  // A date or amount the line break cut apart ("31." / "Juli 2018", "max. 80" / "Prozent").
  if (ENDS_WITH_DAY.test(trimmed) && STARTS_WITH_MONTH.test(nextLine)) return true;
  if (ENDS_WITH_MONTH.test(trimmed) && /^\s*\d{4}\b/.test(nextLine)) return true;
  if (/\d$/.test(trimmed) && AFTER_NUMBER.test(nextLine)) return true;
  if (/[.!?:;]["“”»)]*$/.test(trimmed)) return false;
  if (trimmed.length >= WRAPPED_LINE_CHARS && !LABEL_LINE.test(nextLine)) return true;
  if (/[-,(]$/.test(trimmed) && !/\s-$/.test(trimmed)) return true;
  const lastWord = trimmed.match(/(\p{L}+)$/u)?.[1]?.toLowerCase();
  if (lastWord && CONTINUATION_WORDS.has(lastWord)) return true;
  return /^\s*\p{Ll}/u.test(nextLine);
}

/** Splits text into lines that belong together: a wrapped sentence is one unit, list items stay apart. */
function logicalLines(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  const lineRe = /[^\n]*(?:\n|$)/g;
  let current: { start: number; end: number } | undefined;
  let previous = '';
  for (let m = lineRe.exec(text); m && m[0].length > 0; m = lineRe.exec(text)) {
    const raw = m[0].replace(/\n$/, '');
    const start = m.index;
    const end = start + raw.length;
    if (current && lineContinues(previous, raw)) {
      current.end = end;
    } else {
      if (current) spans.push({ text: text.slice(current.start, current.end), start: current.start, end: current.end });
      current = { start, end };
    }
    previous = raw;
    if (lineRe.lastIndex >= text.length) break;
  }
  if (current) spans.push({ text: text.slice(current.start, current.end), start: current.start, end: current.end });
  return spans;
}

function trimSpan(text: string, start: number, end: number): TextSpan | undefined {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  if (start >= end) return undefined;
  return { text: text.slice(start, end), start, end };
}

/**
 * Splits German text into sentences with their offsets. Wrapped lines are joined into one sentence
 * (the returned text keeps the original line breaks; use `normalizeSpace` to display it).
 */
export function splitSentences(text: string): TextSpan[] {
  const sentences: TextSpan[] = [];
  for (const line of logicalLines(text)) {
    let sentenceStart = line.start;
    const endRe = /[.!?]+["“”»)\]]*(?=\s+|$)/g;
    const body = line.text;
    for (let m = endRe.exec(body); m; m = endRe.exec(body)) {
      const dotIndex = line.start + m.index;
      const after = line.start + m.index + m[0].length;
      if (m[0].startsWith('.') && m[0].length === 1 && isAbbreviationBefore(text, dotIndex)) {
        // Rarely an abbreviation ends a sentence too ("usw."); joining two sentences costs less than cutting one.
        continue;
      }
      const span = trimSpan(text, sentenceStart, after);
      if (span) sentences.push(span);
      sentenceStart = after;
    }
    const rest = trimSpan(text, sentenceStart, line.end);
    if (rest) sentences.push(rest);
  }
  return sentences;
}

/** Collapses runs of white space (including line breaks) into single spaces. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const MAX_CONTEXT = 400;

/**
 * Finds the sentence containing a match, for the `context` of a fact. Very long sentences (tables
 * flattened into one line) are cut to a window around the match.
 */
export class SentenceLocator {
  private readonly sentences: TextSpan[];

  constructor(private readonly text: string) {
    this.sentences = splitSentences(text);
  }

  contextOf(start: number, end: number): string {
    const sentences = this.sentences;
    let lo = 0;
    let hi = sentences.length - 1;
    let found: TextSpan | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = sentences[mid]!;
      if (s.end <= start) lo = mid + 1;
      else if (s.start > start) hi = mid - 1;
      else {
        found = s;
        break;
      }
    }
    let from = found?.start ?? start;
    let to = Math.max(found?.end ?? end, end);
    // A match running past its sentence (a date range across a line break) takes the following sentences along.
    if (to - from > MAX_CONTEXT) {
      from = Math.max(from, start - MAX_CONTEXT / 2);
      to = Math.min(to, end + MAX_CONTEXT / 2);
    }
    return normalizeSpace(this.text.slice(from, to));
  }
}
