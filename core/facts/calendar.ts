/** Calendar vocabulary and ISO date arithmetic shared by the date extractor and the date-query parser. */

const MONTHS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [1, ['januar', 'jänner', 'jan', 'january']],
  [2, ['februar', 'feber', 'feb', 'febr', 'february']],
  [3, ['märz', 'maerz', 'mär', 'mrz', 'march', 'mar']],
  [4, ['april', 'apr']],
  [5, ['mai', 'may']],
  [6, ['juni', 'jun', 'june']],
  [7, ['juli', 'jul', 'july']],
  [8, ['august', 'aug']],
  [9, ['september', 'sep', 'sept']],
  [10, ['oktober', 'okt', 'october', 'oct']],
  [11, ['november', 'nov']],
  [12, ['dezember', 'dez', 'december', 'dec']],
];

const MONTH_BY_NAME = new Map<string, number>();
for (const [month, names] of MONTHS) for (const name of names) MONTH_BY_NAME.set(name, month);

/** German month names and abbreviations as a regex alternative (longest first, so "Juni" wins over "Jun"). */
export const GERMAN_MONTH_PATTERN = [
  'Januar',
  'Jänner',
  'Februar',
  'März',
  'Maerz',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
  'Jan\\.?',
  'Febr?\\.?',
  'Mär\\.?',
  'Mrz\\.?',
  'Apr\\.?',
  'Jun\\.?',
  'Jul\\.?',
  'Aug\\.?',
  'Sept?\\.?',
  'Okt\\.?',
  'Nov\\.?',
  'Dez\\.?',
].join('|');

export const ENGLISH_MONTH_PATTERN = 'January|February|March|April|May|June|July|August|September|October|November|December';

export function monthNumber(name: string): number | undefined {
  return MONTH_BY_NAME.get(name.toLowerCase().replace(/\.$/, ''));
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function monthStart(year: number, month: number): string {
  return iso(year, month, 1);
}

export function monthEnd(year: number, month: number): string {
  return iso(year, month, daysInMonth(year, month));
}

/** Adds months to a (year, month) pair; month may over- or underflow. */
export function addMonths(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function toIso(date: Date): string {
  return iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return toIso(d);
}

/** Monday of ISO week `week` in ISO week-year `year`. */
export function isoWeekStart(year: number, week: number): string {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const dayOfWeek = jan4.getUTCDay() || 7;
  const mondayWeek1 = new Date(Date.UTC(year, 0, 4 - (dayOfWeek - 1)));
  mondayWeek1.setUTCDate(mondayWeek1.getUTCDate() + (week - 1) * 7);
  return toIso(mondayWeek1);
}

/** Two-digit years: "22" is 2022, "85" is 1985 (administrative documents rarely look further ahead). */
export function expandYear(written: string): number {
  const n = Number(written);
  if (written.length >= 3) return n;
  return n <= 69 ? 2000 + n : 1900 + n;
}

export type Season = 'spring' | 'summer' | 'autumn' | 'winter';

const SEASONS: Record<string, Season> = {
  frühjahr: 'spring',
  frühling: 'spring',
  spring: 'spring',
  sommer: 'summer',
  summer: 'summer',
  herbst: 'autumn',
  autumn: 'autumn',
  fall: 'autumn',
  winter: 'winter',
};

export function seasonOf(word: string): Season | undefined {
  return SEASONS[word.toLowerCase()];
}

/** Meteorological seasons; winter runs from December into the next year. */
export function seasonRange(season: Season, year: number): { start: string; end: string } {
  switch (season) {
    case 'spring':
      return { start: iso(year, 3, 1), end: iso(year, 5, 31) };
    case 'summer':
      return { start: iso(year, 6, 1), end: iso(year, 8, 31) };
    case 'autumn':
      return { start: iso(year, 9, 1), end: iso(year, 11, 30) };
    case 'winter':
      return { start: iso(year, 12, 1), end: monthEnd(year + 1, 2) };
  }
}

export function quarterRange(year: number, firstQuarter: number, lastQuarter = firstQuarter): { start: string; end: string } {
  return { start: monthStart(year, (firstQuarter - 1) * 3 + 1), end: monthEnd(year, lastQuarter * 3) };
}
