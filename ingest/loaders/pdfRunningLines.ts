import { dominantSize, type LayoutLine } from './pdfLayout.ts';

/**
 * Running headers and footers of a PDF: a line at the top or bottom edge of a page that repeats on most
 * pages ("Kommunen innovativ · Herbst-Konferenz 2020", "Leadership Brandenburg · Collaborative
 * Leadership 3"). Numbers are ignored when lines are compared, because a page counter changes.
 *
 * Two guards keep genuine content: a line set larger than the document's body text (a slide title
 * repeated on several slides) is never a running line; and a running line that says something the rest
 * of the document does not (a contact footer) is kept once, at the end of the first page it is on.
 */

/** A page as paragraphs of positioned lines. */
export type LayoutParagraphs = LayoutLine[][];

/** Lines this close to a page edge, in reading order or by position, can be running lines. */
const EDGE_LINES = 2;
/** Share of pages a line must repeat on in a document of four pages or more. */
const MIN_SHARE = 0.6;

export function removeRunningLines(pages: readonly LayoutParagraphs[]): LayoutParagraphs[] {
  const running = runningLineKeys(pages);
  if (running.size === 0) return pages.map((paragraphs) => paragraphs.map((lines) => [...lines]));

  const bodyText = pages
    .flat(2)
    .filter((line) => !running.has(lineKey(line.text)))
    .map((line) => line.text.toLowerCase())
    .join('\n');
  const keptOnce = new Set<string>();
  return pages.map((paragraphs) => {
    const edges = edgeLines(paragraphs);
    const moved: LayoutLine[] = [];
    const kept = paragraphs
      .map((lines) =>
        lines.filter((line) => {
          const key = lineKey(line.text);
          if (!edges.has(line) || !running.has(key)) return true;
          if (!keptOnce.has(key) && saysMoreThan(line.text, bodyText)) moved.push(line);
          keptOnce.add(key);
          return false;
        }),
      )
      .filter((lines) => lines.length > 0);
    return moved.length > 0 ? [...kept, moved] : kept;
  });
}

/** Keys of lines that are running headers or footers of this document. */
function runningLineKeys(pages: readonly LayoutParagraphs[]): Set<string> {
  const running = new Set<string>();
  const pageCount = pages.filter((paragraphs) => paragraphs.length > 0).length;
  if (pageCount < 2) return running;
  const bodySize = dominantSize(pages.flat(2));
  const seen = new Map<string, { pages: number; outermost: number; size: number }>();
  for (const paragraphs of pages) {
    const outer = outermostLines(paragraphs);
    const keysOnPage = new Map<string, LayoutLine>();
    for (const line of edgeLines(paragraphs)) {
      const key = lineKey(line.text);
      if (key && !keysOnPage.has(key)) keysOnPage.set(key, line);
    }
    for (const [key, line] of keysOnPage) {
      const entry = seen.get(key) ?? { pages: 0, outermost: 0, size: 0 };
      entry.pages += 1;
      if (outer.has(line)) entry.outermost += 1;
      entry.size = Math.max(entry.size, line.size);
      seen.set(key, entry);
    }
  }
  for (const [key, entry] of seen) {
    if (pageCount >= 4) {
      const often = entry.pages >= Math.max(3, Math.ceil(pageCount * MIN_SHARE));
      if (often && entry.size <= bodySize * 1.1) running.add(key);
    } else if (entry.pages === pageCount && entry.outermost === pageCount && entry.size < bodySize * 0.95) {
      // Two or three pages are too few to tell a pattern from chance: only a line in small print that
      // sits above or below everything else on every page counts.
      running.add(key);
    }
  }
  return running;
}

/**
 * The first and last `count` lines in reading order and the `count` top- and bottom-most lines on the
 * page: a header drawn last still sits at the top.
 */
export function edgeLines(paragraphs: LayoutParagraphs, count = EDGE_LINES): Set<LayoutLine> {
  const lines = paragraphs.flat();
  const byHeight = [...lines].sort((a, b) => b.y - a.y);
  return new Set([...lines.slice(0, count), ...lines.slice(-count), ...byHeight.slice(0, count), ...byHeight.slice(-count)]);
}

/** The line with nothing above it and the line with nothing below it. */
function outermostLines(paragraphs: LayoutParagraphs): Set<LayoutLine> {
  const lines = paragraphs.flat();
  const top = lines.reduce<LayoutLine | undefined>((best, l) => (!best || l.y > best.y ? l : best), undefined);
  const bottom = lines.reduce<LayoutLine | undefined>((best, l) => (!best || l.y < best.y ? l : best), undefined);
  return new Set([top, bottom].filter((l): l is LayoutLine => l !== undefined));
}

const PAGE_COUNTER_AT_END = /[\s·|•–-]*(?:(?:seite|page|folie|slide|s\.)\s*)?\d{1,4}(?:\s*(?:von|of|\/)\s*\d{1,4})?$/i;
const PAGE_COUNTER_AT_START = /^(?:(?:seite|page|folie|slide|s\.)\s*)?\d{1,4}(?:\s*(?:von|of|\/)\s*\d{1,4})?[\s·|•–-]*/i;

/**
 * Case and spacing folded and the page counter replaced, so "Seite 3 von 9" and "Seite 4 von 9", or
 * "Leadership Brandenburg · Collaborative Leadership 3" and "… 4", are one line. In short lines every
 * number counts as a counter; longer lines must otherwise repeat exactly ("Kapitel 3: …" is content).
 */
export function lineKey(text: string): string {
  const folded = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (folded.length <= 40) return folded.replace(/\d+/g, '#');
  return folded.replace(PAGE_COUNTER_AT_END, ' #').replace(PAGE_COUNTER_AT_START, '# ').trim();
}

/** Whether a line holds a word or number (3+ characters) that appears nowhere in the body text. */
function saysMoreThan(line: string, bodyText: string): boolean {
  const tokens = line.toLowerCase().match(/\p{L}{3,}|\d{3,}/gu) ?? [];
  return tokens.some((token) => !bodyText.includes(token));
}
