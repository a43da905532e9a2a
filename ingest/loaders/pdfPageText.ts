import { normaliseText, repairLineBreakHyphenation } from './textCleanup.ts';

/**
 * Turns the line-by-line text pdf.js gives for a page into readable paragraphs: running headers and
 * footers and page numbers removed, split words rejoined, list items and paragraphs separated by blank lines.
 */

const PAGE_NUMBER_LINE = /^(?:(?:seite|page|folie|slide|s\.)\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:von|of|\/)\s*\d{1,4})?$/i;

/**
 * Cleans each page and drops running headers/footers: lines near the top or bottom that repeat on most
 * pages (digits ignored in short lines, so "Seite 3 von 9" counts as one line), and bare page numbers.
 */
export function removeRepeatedPageLines(pageTexts: readonly string[]): string[][] {
  const pages = pageTexts.map((text) =>
    repairLineBreakHyphenation(normaliseText(text))
      .split('\n')
      .filter((line) => line.length > 0),
  );
  const repeated = repeatedLineKeys(pages);
  return pages.map((lines) =>
    lines.filter((line, index) => {
      const nearEdge = index < EDGE_LINES || index >= lines.length - EDGE_LINES;
      if (nearEdge && repeated.has(lineKey(line))) return false;
      const atEdge = index === 0 || index === lines.length - 1;
      return !(atEdge && PAGE_NUMBER_LINE.test(line));
    }),
  );
}

/** Running headers and footers sit in the first or last lines of a page. */
const EDGE_LINES = 2;

/** Short lines compare without digits (page counters); long lines must repeat exactly. */
function lineKey(line: string): string {
  const lower = line.toLowerCase();
  return lower.length <= 40 ? lower.replace(/\d+/g, '#') : lower;
}

function repeatedLineKeys(pages: readonly string[][]): Set<string> {
  const repeated = new Set<string>();
  if (pages.length < 4) return repeated;
  const pagesPerKey = new Map<string, number>();
  for (const lines of pages) {
    const edges = [...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)];
    for (const key of new Set(edges.map(lineKey))) pagesPerKey.set(key, (pagesPerKey.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pages.length * 0.6));
  for (const [key, count] of pagesPerKey) if (count >= threshold) repeated.add(key);
  return repeated;
}

const LIST_ITEM = /^(?:[•▪◦‣●○■□◆➢➤►✓✔*·-]|–|\d{1,2}[.)]|[a-z][.)])\s/u;
const SENTENCE_END = /[.!?:“"»)]$/u;
const MAX_HEADING_LENGTH = 120;

export interface PageText {
  heading?: string;
  /** Paragraphs separated by a blank line; lines inside a paragraph kept. */
  text: string;
}

/**
 * The heading is the first line when it is short, continued by following lines that start in lower
 * case (a title wrapped onto a second line). Body paragraphs start at list items and after a short
 * line that ends a sentence (the typical last line of a paragraph).
 */
export function structurePageText(lines: readonly string[]): PageText {
  if (lines.length === 0) return { text: '' };
  let bodyStart = 0;
  let heading: string | undefined;
  const first = lines[0] ?? '';
  if (first.length <= MAX_HEADING_LENGTH && !LIST_ITEM.test(first)) {
    const headingLines = [first];
    bodyStart = 1;
    while (bodyStart < lines.length) {
      const next = lines[bodyStart] ?? '';
      if (LIST_ITEM.test(next) || !/^\p{Ll}/u.test(next) || headingLines.join(' ').length + next.length > MAX_HEADING_LENGTH) break;
      headingLines.push(next);
      bodyStart += 1;
    }
    heading = headingLines.join(' ');
  }

  const body = lines.slice(bodyStart);
  const longest = Math.max(0, ...body.map((l) => l.length));
  const paragraphs: string[][] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) paragraphs.push(current);
    current = [];
  };
  for (const line of body) {
    if (LIST_ITEM.test(line)) flush();
    current.push(line);
    const endsShortSentence = longest >= 50 && SENTENCE_END.test(line) && line.length < longest * 0.75;
    if (endsShortSentence) flush();
  }
  flush();

  const blocks = [...(heading ? [heading] : []), ...paragraphs.map((p) => p.join('\n'))];
  return { ...(heading ? { heading } : {}), text: blocks.join('\n\n') };
}
