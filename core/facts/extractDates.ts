import * as chrono from 'chrono-node';
import type { DateFact } from '../types.ts';
import {
  ENGLISH_MONTH_PATTERN,
  GERMAN_MONTH_PATTERN,
  addMonths,
  toIso,
  expandYear,
  isValidDate,
  iso,
  isoWeekStart,
  addDays,
  monthEnd,
  monthNumber,
  monthStart,
  quarterRange,
  seasonOf,
  seasonRange,
} from './calendar.ts';
import { SentenceLocator } from './sentences.ts';

/**
 * Finds dates and periods in German text and normalises them to ISO ranges: exact days, day ranges,
 * months, quarters, seasons, parts of a year, calendar weeks and years introduced by a cue word.
 * Every fact keeps the text as written and the sentence around it.
 */

export interface ExtractDatesOptions {
  /** Year assumed for dates written without one ("1. Januar"); without it such dates get no start/end. */
  referenceYear?: number;
}

type Period = Omit<DateFact, 'text' | 'context'>;

interface Rule {
  pattern: RegExp;
  build(match: RegExpExecArray, options: ExtractDatesOptions): Period | undefined;
}

const YEAR = '(?:19|20)\\d{2}';
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const MONTH_NUM = '(?:0?[1-9]|1[0-2])';
const MONTH = `(?:${GERMAN_MONTH_PATTERN})(?!\\p{L})`;
/** A numeric date "28.11.2022", "28.11.22" or "28.11." (groups: day, month, year?). */
const NUMERIC = `(${DAY})\\.(${MONTH_NUM})\\.(${YEAR}|\\d{2}(?!\\d))?`;
const RANGE_DASH = '\\s*(?:[-–—]|[Bb]is(?:\\s+(?:zum|einschließlich))?)\\s*';

function dayPeriod(year: number | undefined, month: number, day: number, options: ExtractDatesOptions): Period | undefined {
  const y = year ?? options.referenceYear;
  if (y === undefined) return isValidDate(2024, month, day) ? { precision: 'day' } : undefined;
  if (!isValidDate(y, month, day)) return undefined;
  const date = iso(y, month, day);
  return { start: date, end: date, precision: 'day' };
}

function dayRange(
  from: { year?: number; month: number; day: number },
  to: { year?: number; month: number; day: number },
  options: ExtractDatesOptions,
): Period | undefined {
  const first = dayPeriod(from.year, from.month, from.day, options);
  const last = dayPeriod(to.year, to.month, to.day, options);
  if (!first || !last) return undefined;
  if (first.start && last.end && first.start > last.end) return undefined;
  return { start: first.start, end: last.end, precision: 'day' };
}

function yearOf(written: string | undefined): number | undefined {
  if (!written) return undefined;
  return expandYear(written.replace(/^'/, ''));
}

const ORDINAL_QUARTER: Record<string, number> = {
  '1': 1, '2': 2, '3': 3, '4': 4, i: 1, ii: 2, iii: 3, iv: 4,
  erste: 1, ersten: 1, erstes: 1, zweite: 2, zweiten: 2, zweites: 2,
  dritte: 3, dritten: 3, drittes: 3, vierte: 4, vierten: 4, viertes: 4,
};

/** Parts of a year: "Anfang 2023" is January to April, "Mitte" May to August, "Ende" September to December. */
function partOfYear(part: string, year: number): Period {
  const p = part.toLowerCase();
  if (p === 'anfang') return { start: monthStart(year, 1), end: monthEnd(year, 4), precision: 'season' };
  if (p === 'mitte') return { start: monthStart(year, 5), end: monthEnd(year, 8), precision: 'season' };
  return { start: monthStart(year, 9), end: monthEnd(year, 12), precision: 'season' };
}

/** Parts of a month: "Anfang März" is days 1–10, "Mitte" 11–20, "Ende" 21 to the last day. */
function partOfMonth(part: string, year: number, month: number): Period {
  const p = part.toLowerCase();
  if (p === 'anfang') return { start: iso(year, month, 1), end: iso(year, month, 10), precision: 'month' };
  if (p === 'mitte') return { start: iso(year, month, 11), end: iso(year, month, 20), precision: 'month' };
  return { start: iso(year, month, 21), end: monthEnd(year, month), precision: 'month' };
}

const RULES: Rule[] = [
  // 01.01.2020 bis 30.06.2022
  {
    pattern: new RegExp(`(?<![\\d.,])${NUMERIC}${RANGE_DASH}${NUMERIC}(?![\\d])`, 'gu'),
    build: (m, o) => {
      const y2 = yearOf(m[6]);
      const y1 = yearOf(m[3]) ?? y2;
      return dayRange(
        { year: y1, month: Number(m[2]), day: Number(m[1]) },
        { year: y2, month: Number(m[5]), day: Number(m[4]) },
        o,
      );
    },
  },
  // 1.–3. März 2023, vom 3. bis 5. Mai 2024, 28. November bis 2. Dezember 2022
  {
    pattern: new RegExp(
      `(?<![\\d.,])(${DAY})\\.(?:\\s*(${MONTH}))?(?:\\s+(${YEAR}))?${RANGE_DASH}(${DAY})\\.\\s*(${MONTH})(?:\\s+(${YEAR}))?`,
      'gu',
    ),
    build: (m, o) => {
      const month2 = monthNumber(m[5]!)!;
      const month1 = m[2] ? monthNumber(m[2])! : month2;
      const y2 = yearOf(m[6]);
      const y1 = yearOf(m[3]) ?? y2;
      return dayRange({ year: y1, month: month1, day: Number(m[1]) }, { year: y2, month: month2, day: Number(m[4]) }, o);
    },
  },
  // 18./19. Februar 2026, 18. & 19. Februar, 18. und 19. Februar: two days in a row of one month
  {
    pattern: new RegExp(`(?<![\\d.,])(${DAY})\\.\\s*(?:/|&|\\+|und)\\s*(${DAY})\\.\\s*(${MONTH})(?:\\s+(${YEAR}))?`, 'gu'),
    build: (m, o) => {
      const month = monthNumber(m[3]!)!;
      const year = yearOf(m[4]);
      const first = Number(m[1]);
      const second = Number(m[2]);
      // Two days apart by more than one are two dates, not a span ("4. und 18. März").
      if (second !== first + 1) return undefined;
      return dayRange({ year, month, day: first }, { year, month, day: second }, o);
    },
  },
  // 28. November 2022, 28. Nov. 2022, 1. Januar
  {
    pattern: new RegExp(`(?<![\\d.,])(${DAY})\\.\\s*(${MONTH})(?:\\s+(${YEAR}))?`, 'gu'),
    build: (m, o) => dayPeriod(yearOf(m[3]), monthNumber(m[2]!)!, Number(m[1]), o),
  },
  // 28.11.2022, 28.11.22, [12.12.2022], 28.11.
  {
    pattern: new RegExp(`(?<![\\d.,])${NUMERIC}(?![\\d])`, 'gu'),
    build: (m, o) => dayPeriod(yearOf(m[3]), Number(m[2]), Number(m[1]), o),
  },
  // 30/06/22, 30/06/2022: day and month with two digits each, as Swiss and international pages write them
  {
    pattern: new RegExp(`(?<![\\d./])(0[1-9]|[12]\\d|3[01])/(0[1-9]|1[0-2])/(${YEAR}|\\d{2})(?![\\d/])`, 'gu'),
    build: (m, o) => dayPeriod(yearOf(m[3]), Number(m[2]), Number(m[1]), o),
  },
  // 2024-05-14
  {
    pattern: new RegExp(`(?<![\\d.-])(${YEAR})-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])(?![\\d])`, 'gu'),
    build: (m, o) => dayPeriod(Number(m[1]), Number(m[2]), Number(m[3]), o),
  },
  // März bis Mai 2023, März/April 2023
  {
    pattern: new RegExp(`(?<!\\p{L})(${MONTH})\\s*(?:[-–—/]|bis)\\s*(${MONTH})\\s+(${YEAR})`, 'gu'),
    build: (m) => {
      const year = Number(m[3]);
      const first = monthNumber(m[1]!)!;
      const last = monthNumber(m[2]!)!;
      if (first > last) return undefined;
      return { start: monthStart(year, first), end: monthEnd(year, last), precision: 'month' };
    },
  },
  // März 2023, Anfang März 2023
  {
    pattern: new RegExp(`(?<!\\p{L})(?:(Anfang|Mitte|Ende)\\s+)?(${MONTH})\\s+(${YEAR})(?![\\d])`, 'gu'),
    build: (m) => {
      const year = Number(m[3]);
      const month = monthNumber(m[2]!)!;
      if (m[1]) return partOfMonth(m[1], year, month);
      return { start: monthStart(year, month), end: monthEnd(year, month), precision: 'month' };
    },
  },
  // im März (a month without a year only counts after a cue; "August" alone may be a first name)
  {
    pattern: new RegExp(`(?<!\\p{L})(?:[Ii]m|[Aa]b|[Bb]is|[Ss]eit|Anfang|Mitte|Ende)\\s+(${MONTH})(?!\\s*\\d)`, 'gu'),
    build: (m, o) => {
      const month = monthNumber(m[1]!)!;
      if (o.referenceYear === undefined) return { precision: 'month' };
      return { start: monthStart(o.referenceYear, month), end: monthEnd(o.referenceYear, month), precision: 'month' };
    },
  },
  // 03/2023
  {
    pattern: new RegExp(`(?<![\\d./\\p{L}])(${MONTH_NUM})/(${YEAR})(?![\\d/])`, 'gu'),
    build: (m) => {
      const year = Number(m[2]);
      const month = Number(m[1]);
      return { start: monthStart(year, month), end: monthEnd(year, month), precision: 'month' };
    },
  },
  // Q3 / 2020, Q3-4 / 2021, Q4/2020, Q1 2021
  {
    pattern: new RegExp(`(?<![\\p{L}\\d])Q([1-4])(?:\\s*[-–]\\s*Q?([1-4]))?\\s*[/.-]?\\s*(${YEAR})(?![\\d])`, 'gu'),
    build: (m) => {
      const first = Number(m[1]);
      const last = m[2] ? Number(m[2]) : first;
      if (last < first) return undefined;
      return { ...quarterRange(Number(m[3]), first, last), precision: 'quarter' };
    },
  },
  // 3. Quartal 2021, III. Quartal 2021, im dritten Quartal 2021
  {
    pattern: new RegExp(
      `(?<![\\p{L}\\d])([1-4]|I{1,3}|IV|erste[nms]?|zweite[nms]?|dritte[nms]?|vierte[nms]?)\\.?\\s*Quartals?\\s+(?:des\\s+Jahres\\s+)?(${YEAR})`,
      'giu',
    ),
    build: (m) => {
      const q = ORDINAL_QUARTER[m[1]!.toLowerCase()];
      if (!q) return undefined;
      return { ...quarterRange(Number(m[2]), q), precision: 'quarter' };
    },
  },
  // 1. Halbjahr 2023, zweite Jahreshälfte 2023
  {
    pattern: new RegExp(
      `(?<![\\p{L}\\d])([12]|erste[nms]?|zweite[nms]?)\\.?\\s*(?:Halbjahr|Jahreshälfte)(?:es)?\\s+(?:des\\s+Jahres\\s+)?(${YEAR})`,
      'giu',
    ),
    build: (m) => {
      const half = /^(1|erst)/i.test(m[1]!) ? 1 : 2;
      return { ...quarterRange(Number(m[2]), half * 2 - 1, half * 2), precision: 'quarter' };
    },
  },
  // Herbst 2021, Frühjahr 2022, Winter 2021/22
  {
    pattern: new RegExp(
      `(?<!\\p{L})(Frühjahr|Frühling|Sommer|Herbst|Winter)(?:s)?\\s+(?:des\\s+Jahres\\s+)?(${YEAR})(?:\\s*/\\s*(\\d{2}|${YEAR}))?(?![\\d])`,
      'gu',
    ),
    build: (m) => ({ ...seasonRange(seasonOf(m[1]!)!, Number(m[2])), precision: 'season' }),
  },
  // Sommersemester 2025, Wintersemester 2024/25
  {
    pattern: new RegExp(`(?<!\\p{L})(Sommer|Winter)semester\\s+(${YEAR})(?:\\s*/\\s*(\\d{2}|${YEAR}))?(?![\\d])`, 'gu'),
    build: (m) => {
      const year = Number(m[2]);
      return m[1] === 'Sommer'
        ? { start: iso(year, 4, 1), end: iso(year, 9, 30), precision: 'season' }
        : { start: iso(year, 10, 1), end: iso(year + 1, 3, 31), precision: 'season' };
    },
  },
  // Anfang 2023, Mitte 2022, Ende 2021
  {
    pattern: new RegExp(`(?<!\\p{L})(Anfang|Mitte|Ende)\\s+(?:des\\s+Jahres\\s+)?(${YEAR})(?![\\d])`, 'gu'),
    build: (m) => partOfYear(m[1]!, Number(m[2])),
  },
  // KW 12/2024, 12. KW 2024, Kalenderwoche 12 2024
  {
    pattern: new RegExp(
      `(?<![\\p{L}\\d])(?:(?:KW|Kalenderwoche)\\s*(\\d{1,2})|(\\d{1,2})\\.\\s*(?:KW|Kalenderwoche))\\s*[/ ]?\\s*(${YEAR})(?![\\d])`,
      'gu',
    ),
    build: (m) => {
      const week = Number(m[1] ?? m[2]);
      if (week < 1 || week > 53) return undefined;
      const start = isoWeekStart(Number(m[3]), week);
      return { start, end: addDays(start, 6), precision: 'day' };
    },
  },
  // 2020–2022, 2020 bis 2022
  {
    pattern: new RegExp(`(?<![\\d.,/])(${YEAR})\\s*(?:[-–—]|bis)\\s*(${YEAR})(?!\\d|[.,]\\d)`, 'gu'),
    build: (m) => {
      const first = Number(m[1]);
      const last = Number(m[2]);
      if (last <= first) return undefined;
      return { start: iso(first, 1, 1), end: iso(last, 12, 31), precision: 'year' };
    },
  },
  // im Jahr 2023, seit 1986, bis 2030, ab 2024
  {
    pattern: new RegExp(
      `(?<!\\p{L})(im\\s+Jahre?|Jahre?s?|seit(?:\\s+dem\\s+Jahre?)?|ab(?:\\s+dem\\s+Jahre?)?|bis(?:\\s+(?:zum\\s+Jahre?|spätestens))?|vor|nach|Stand|Stichtag|Haushaltsjahr|Geschäftsjahr|Kalenderjahr|Jahrgang|in|für)[:]?\\s+(${YEAR})(?!\\d|[.,]\\d|\\s*(?:Euro|EUR|€|%|Prozent|Mio|Millionen)(?!\\p{L}))`,
      'giu',
    ),
    build: (m) => {
      const year = Number(m[2]);
      const cue = m[1]!.toLowerCase();
      if (cue.startsWith('seit') || cue.startsWith('ab')) return { start: iso(year, 1, 1), precision: 'open' };
      if (cue.startsWith('bis')) return { end: iso(year, 12, 31), precision: 'open' };
      return { start: iso(year, 1, 1), end: iso(year, 12, 31), precision: 'year' };
    },
  },
  // Time lines on slides: "2017 | Metropolregion ...", "2020: Verstetigung"
  {
    pattern: new RegExp(`(?<=^[ \\t]*(?:[-–•*][ \\t]*)?)(${YEAR})(?=[ \\t]*[|:][ \\t]*\\S)`, 'gmu'),
    build: (m) => {
      const year = Number(m[1]);
      return { start: iso(year, 1, 1), end: iso(year, 12, 31), precision: 'year' };
    },
  },
];

const WEEKDAY_BEFORE =
  /(?<!\p{L})(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag|Mo|Di|Mi|Do|Fr|Sa|So)\.?,?[ \t]*(?:den[ \t]+)?$/u;
const TIME = '([01]?\\d|2[0-3])(?:[:.]([0-5]\\d))?';
const TIME_AFTER = new RegExp(
  `^,?[ \\t]*(?:\\(|von[ \\t]+|ab[ \\t]+|um[ \\t]+|jeweils[ \\t]+)?${TIME}([ \\t]*Uhr)?(?:[ \\t]*(?:[-–—]|bis)[ \\t]*${TIME})?([ \\t]*Uhr)?\\)?`,
  'u',
);

function formatTime(hours: string, minutes: string | undefined): string {
  return `${hours.padStart(2, '0')}:${minutes ?? '00'}`;
}

/** A time following a date ("…, 10:00–12:30 Uhr"); bare numbers count only with "Uhr" or minutes. */
function timeAfter(text: string, end: number): { time: string; end: number } | undefined {
  const m = TIME_AFTER.exec(text.slice(end, end + 40));
  if (!m) return undefined;
  const [, h1, min1, uhr1, h2, min2, uhr2] = m;
  const hasUhr = Boolean(uhr1 || uhr2);
  if (!hasUhr && !min1) return undefined;
  if (h2 !== undefined && !hasUhr && !min2) return undefined;
  const time = h2 !== undefined ? `${formatTime(h1!, min1)}–${formatTime(h2, min2)}` : formatTime(h1!, min1);
  let length = m[0].length;
  // Keep a closing parenthesis only when the opening one was taken too.
  if (m[0].endsWith(')') && !m[0].includes('(')) length -= 1;
  return { time, end: end + length };
}

interface Candidate {
  start: number;
  end: number;
  rule: number;
  period: Period;
}

function collectCandidates(text: string, options: ExtractDatesOptions): Candidate[] {
  const candidates: Candidate[] = [];
  RULES.forEach((rule, index) => {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
      const period = rule.build(m, options);
      if (period) candidates.push({ start: m.index, end: m.index + m[0].length, rule: index, period });
    }
  });
  if (ENGLISH_DATE.test(text)) candidates.push(...englishDates(text, options));
  return candidates;
}

/**
 * English dates ("from January to June 2025", "15 September", "September 15, 2025"), which the German
 * rules do not read, from chrono-node's English parser. Only text with an English month name or an
 * English day–month order is handed to it: chrono would read "15. September 2025" as a time of day.
 * An abbreviated month after a day without a full stop ("01 Aug", "15 Sep") is English as well.
 */
const ENGLISH_DATE = new RegExp(
  `(?<!\\p{L})(?:January|February|March|May|June|July|October|December)(?!\\p{L})|(?<![\\d.])\\d{1,2}(?:st|nd|rd|th)?\\s+(?:April|August|September|November)(?!\\p{L})|(?:April|August|September|November)\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,|\\s+(?:19|20)\\d{2})|(?<![\\d.])\\d{1,2}\\s+(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)(?![\\p{L}.])`,
  'u',
);
/** A German day ("15.") inside what chrono found: the German rules read it. */
const GERMAN_DAY = /\d\.\s/;
const REFERENCE = new Date(Date.UTC(2024, 0, 1));

function englishDates(text: string, options: ExtractDatesOptions): Candidate[] {
  const found: Candidate[] = [];
  for (const result of chrono.en.parse(text, REFERENCE)) {
    if (GERMAN_DAY.test(result.text) || !result.start.isCertain('month')) continue;
    const period = englishPeriod(result.start, result.end ?? result.start, options);
    // "on 1 October 2025": the preposition is not part of the date.
    const lead = /^(?:on|in|at|by|from)\s+/i.exec(result.text)?.[0].length ?? 0;
    if (period) found.push({ start: result.index + lead, end: result.index + result.text.length, rule: RULES.length, period });
  }
  return found;
}

function englishPeriod(from: chrono.ParsedComponents, to: chrono.ParsedComponents, options: ExtractDatesOptions): Period | undefined {
  // A year written at the end of a range ("January to June 2025") holds for its start too.
  const year = (from.isCertain('year') ? from.get('year') : to.isCertain('year') ? to.get('year') : undefined) ?? options.referenceYear;
  const toYear = (to.isCertain('year') ? to.get('year') : undefined) ?? year;
  const day = from.isCertain('day');
  if (year === null || year === undefined || toYear === null || toYear === undefined) return { precision: day ? 'day' : 'month' };
  const fromMonth = from.get('month')!;
  const toMonth = to.get('month')!;
  const start = day ? iso(year, fromMonth, from.get('day')!) : monthStart(year, fromMonth);
  const end = to.isCertain('day') ? iso(toYear, toMonth, to.get('day')!) : monthEnd(toYear, toMonth);
  return start <= end ? { start, end, precision: day ? 'day' : 'month' } : undefined;
}

/** Keeps the longest reading of each stretch of text; on equal length the earlier rule wins. */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const byPreference = [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || a.rule - b.rule);
  const kept: Candidate[] = [];
  for (const c of byPreference) {
    if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

export function extractDates(text: string, options: ExtractDatesOptions = {}): DateFact[] {
  const kept = resolveOverlaps(collectCandidates(text, options));
  if (kept.length === 0) return [];
  const locator = new SentenceLocator(text);
  return kept.map((c) => {
    let start = c.start;
    let end = c.end;
    const fact: DateFact = { text: '', ...c.period, context: '' };
    if (c.period.precision === 'day') {
      const weekday = WEEKDAY_BEFORE.exec(text.slice(Math.max(0, start - 20), start));
      if (weekday && weekday[0].trim().length > 0) start -= weekday[0].length;
      const time = timeAfter(text, end);
      if (time) {
        fact.time = time.time;
        end = time.end;
      }
    }
    fact.text = text.slice(start, end).replace(/\s+/g, ' ').trim();
    fact.context = locator.contextOf(c.start, c.end);
    return fact;
  });
}

export interface DateRange {
  start: string;
  end: string;
}

/** Whether a date fact touches a range; open periods reach to the far past or future. */
export function overlaps(fact: Pick<DateFact, 'start' | 'end'>, range: DateRange): boolean {
  if (!fact.start && !fact.end) return false;
  const start = fact.start ?? '0000-01-01';
  const end = fact.end ?? '9999-12-31';
  return start <= range.end && end >= range.start;
}

const NUMBER_WORDS: Record<string, number> = {
  ein: 1, einen: 1, eine: 1, einem: 1, zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9,
  zehn: 10, zwölf: 12, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, twelve: 12,
};

function mondayOf(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  return addDays(isoDate, -((d.getUTCDay() + 6) % 7));
}

function monthRange(year: number, month: number): DateRange {
  return { start: monthStart(year, month), end: monthEnd(year, month) };
}

/** Relative periods in questions ("nächsten Monat", "next week", "in den nächsten 3 Monaten"). */
function relativeRange(q: string, today: string): DateRange | undefined {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const within = /(?:in\s+den\s+)?(?:nächsten|kommenden|folgenden|next|coming)\s+(\d{1,3}|[a-zäöüß]+)\s+(tage?n?|wochen?|monate?n?|jahre?n?|days?|weeks?|months?|years?)(?!\p{L})/iu.exec(q);
  if (within) {
    const n = /^\d+$/.test(within[1]!) ? Number(within[1]) : NUMBER_WORDS[within[1]!.toLowerCase()];
    if (n !== undefined) {
      const unit = within[2]!.toLowerCase();
      if (/^(tag|day)/.test(unit)) return { start: today, end: addDays(today, n) };
      if (/^(woche|week)/.test(unit)) return { start: today, end: addDays(today, n * 7) };
      if (/^(monat|month)/.test(unit)) {
        const to = addMonths(year, month, n);
        return { start: today, end: monthEnd(to.year, to.month) };
      }
      return { start: today, end: iso(year + n, 12, 31) };
    }
  }
  if (/\b(?:heute|today)\b/i.test(q)) return { start: today, end: today };
  if (/(?<!\p{L})übermorgen(?!\p{L})/iu.test(q)) return { start: addDays(today, 2), end: addDays(today, 2) };
  if (/\b(?:morgen|tomorrow)\b/i.test(q)) return { start: addDays(today, 1), end: addDays(today, 1) };
  const week = /(?:(diese[rnm]?|laufende[rnm]?|this)|(nächste[rnm]?|kommende[rnm]?|next)|(letzte[rnm]?|vergangene[rnm]?|vorige[rnm]?|last))\s+(?:woche|week)/iu.exec(q);
  if (week) {
    const shift = week[1] ? 0 : week[2] ? 7 : -7;
    const start = addDays(mondayOf(today), shift);
    return { start, end: addDays(start, 6) };
  }
  const monthRel = /(?:(diese[rnm]?|laufende[rnm]?|this)|(nächste[rnm]?|kommende[rnm]?|next)|(letzte[rnm]?|vergangene[rnm]?|vorige[rnm]?|last))\s+(?:monat|month)/iu.exec(q);
  if (monthRel) {
    const target = addMonths(year, month, monthRel[1] ? 0 : monthRel[2] ? 1 : -1);
    return monthRange(target.year, target.month);
  }
  const yearRel = /(?:(diese[rnms]?|laufende[rnms]?|this)|(nächste[rnms]?|kommende[rnms]?|next)|(letzte[rnms]?|vergangene[rnms]?|vorige[rnms]?|last))\s+(?:jahr|year)/iu.exec(q);
  if (yearRel) {
    const y = yearRel[1] ? year : yearRel[2] ? year + 1 : year - 1;
    return { start: iso(y, 1, 1), end: iso(y, 12, 31) };
  }
  if (/(?<!\p{L})(?:demnächst|bald|anstehende\p{L}*|kommende\p{L}*|künftige\p{L}*|zukünftige\p{L}*|upcoming|soon)(?!\p{L})/iu.test(q)) {
    return { start: today, end: addDays(today, 365) };
  }
  return undefined;
}

const ENGLISH_MONTH_YEAR = new RegExp(`(?<!\\p{L})(${ENGLISH_MONTH_PATTERN})(?:\\s+(${YEAR}))?(?!\\p{L})`, 'gu');
const SEASON_ALONE = /(?<!\p{L})(?:im\s+|in\s+|this\s+|in\s+the\s+)?(Frühjahr|Frühling|Sommer|Herbst|Winter|spring|summer|autumn|fall)(?!\p{L}|\s+(?:des\s+Jahres\s+)?\d)/iu;

/**
 * Reads the period a question asks about ("im September 2025", "im Herbst 2021", "2024",
 * "nächsten Monat"), relative to `today`. Undefined when the question names no period.
 */
export function parseDateQuery(question: string, today: Date = new Date()): DateRange | undefined {
  const todayIso = toIso(today);
  const year = today.getUTCFullYear();
  const relative = relativeRange(question, todayIso);
  if (relative) return relative;

  const ranges: DateRange[] = [];
  for (const fact of extractDates(question, { referenceYear: year })) {
    if (fact.start || fact.end) ranges.push({ start: fact.start ?? '0000-01-01', end: fact.end ?? '9999-12-31' });
  }
  if (ranges.length === 0) {
    // English month names, which the German extractor does not know ("in May 2025").
    ENGLISH_MONTH_YEAR.lastIndex = 0;
    for (let m = ENGLISH_MONTH_YEAR.exec(question); m; m = ENGLISH_MONTH_YEAR.exec(question)) {
      const month = monthNumber(m[1]!);
      if (month === undefined || (!m[2] && !/\b(?:in|im|during)\s+$/i.test(question.slice(0, m.index)))) continue;
      ranges.push(monthRange(m[2] ? Number(m[2]) : year, month));
    }
  }
  if (ranges.length === 0) {
    const season = SEASON_ALONE.exec(question);
    if (season) ranges.push(seasonRange(seasonOf(season[1]!)!, year));
  }
  if (ranges.length === 0) {
    // A bare year is a clear enough period in a question ("Was gab es 2024?").
    for (const m of question.matchAll(new RegExp(`(?<![\\d.,/])(${YEAR})(?![\\d.,])`, 'g'))) {
      const y = Number(m[1]);
      ranges.push({ start: iso(y, 1, 1), end: iso(y, 12, 31) });
    }
  }
  if (ranges.length === 0) return undefined;
  return {
    start: ranges.reduce((min, r) => (r.start < min ? r.start : min), ranges[0]!.start),
    end: ranges.reduce((max, r) => (r.end > max ? r.end : max), ranges[0]!.end),
  };
}
