import { normaliseText, repairLineBreakHyphenation } from './textCleanup.ts';

/**
 * Turns the paragraphs of lines read from a PDF page into readable text: running headers, footers and
 * page numbers removed, split words rejoined, list items as their own paragraphs, a heading picked.
 */

/** A page as paragraphs of lines. */
export type PageParagraphs = string[][];

const PAGE_NUMBER_LINE = /^(?:(?:seite|page|folie|slide|s\.)\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:von|of|\/)\s*\d{1,4})?$/i;
/** Running headers and footers sit in the first or last lines of a page. */
const EDGE_LINES = 2;

/**
 * Cleans every line, rejoins hyphenated words inside paragraphs, and drops running headers/footers:
 * lines near the top or bottom that repeat on most pages (digits ignored in short lines, so
 * "Seite 3 von 9" counts as one line), and bare page numbers as first or last line.
 */
export function cleanPages(pages: readonly PageParagraphs[]): PageParagraphs[] {
  const cleaned = pages.map((paragraphs) =>
    paragraphs
      .map((lines) =>
        repairLineBreakHyphenation(lines.map(normaliseText).filter((l) => l.length > 0).join('\n'))
          .split('\n')
          .filter((l) => l.length > 0),
      )
      .filter((lines) => lines.length > 0),
  );
  const repeated = repeatedEdgeLines(cleaned);
  return cleaned.map((paragraphs) => {
    const total = paragraphs.reduce((n, p) => n + p.length, 0);
    let position = -1;
    return paragraphs
      .map((lines) =>
        lines.filter((line) => {
          position += 1;
          const nearEdge = position < EDGE_LINES || position >= total - EDGE_LINES;
          if (nearEdge && repeated.has(lineKey(line))) return false;
          const atEdge = position === 0 || position === total - 1;
          return !(atEdge && PAGE_NUMBER_LINE.test(line));
        }),
      )
      .filter((lines) => lines.length > 0);
  });
}

/** Short lines compare without digits (page counters); long lines must repeat exactly. */
function lineKey(line: string): string {
  const lower = line.toLowerCase();
  return lower.length <= 40 ? lower.replace(/\d+/g, '#') : lower;
}

function repeatedEdgeLines(pages: readonly PageParagraphs[]): Set<string> {
  const repeated = new Set<string>();
  if (pages.length < 4) return repeated;
  const pagesPerKey = new Map<string, number>();
  for (const paragraphs of pages) {
    const lines = paragraphs.flat();
    const edges = [...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)];
    for (const key of new Set(edges.map(lineKey))) pagesPerKey.set(key, (pagesPerKey.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pages.length * 0.6));
  for (const [key, count] of pagesPerKey) if (count >= threshold) repeated.add(key);
  return repeated;
}

const LIST_ITEM = /^(?:[•▪◦‣●○■□◆➢➤►✓✔*·-]|–|\d{1,2}[.)]|[a-z][.)])\s/u;
const MAX_HEADING_LENGTH = 120;

export interface PageText {
  heading?: string;
  /** Paragraphs separated by a blank line; lines inside a paragraph kept. */
  text: string;
}

/**
 * The heading is the first line when it is short, continued by following lines of its paragraph that
 * start in lower case (a title wrapped onto a second line). Every list item starts a paragraph.
 */
export function structurePageText(paragraphs: readonly PageParagraphs[number][]): PageText {
  const first = paragraphs[0]?.[0];
  if (first === undefined) return { text: '' };
  let heading: string | undefined;
  let body = paragraphs.map((p) => [...p]);
  if (first.length <= MAX_HEADING_LENGTH && !LIST_ITEM.test(first)) {
    const firstParagraph = body[0] ?? [];
    const headingLines = [first];
    let next = 1;
    while (next < firstParagraph.length) {
      const line = firstParagraph[next] ?? '';
      if (LIST_ITEM.test(line) || !/^\p{Ll}/u.test(line) || headingLines.join(' ').length + line.length > MAX_HEADING_LENGTH) break;
      headingLines.push(line);
      next += 1;
    }
    heading = headingLines.join(' ');
    body = [firstParagraph.slice(next), ...body.slice(1)];
  }

  const blocks: string[] = heading ? [heading] : [];
  for (const lines of body) {
    let current: string[] = [];
    for (const line of lines) {
      if (LIST_ITEM.test(line) && current.length > 0) {
        blocks.push(current.join('\n'));
        current = [];
      }
      current.push(line);
    }
    if (current.length > 0) blocks.push(current.join('\n'));
  }
  return { ...(heading ? { heading } : {}), text: blocks.join('\n\n') };
}
