import type { LayoutLine, LayoutPage } from './pdfLayout.ts';
import { edgeLines, removeRunningLines } from './pdfRunningLines.ts';
import { normaliseText, repairLineBreakHyphenation, unifyBullet } from './textCleanup.ts';

/**
 * Turns the paragraphs of lines read from a PDF page into readable text: running headers, footers and
 * page numbers removed, split words rejoined, list items as their own paragraphs, a heading picked, and
 * a sentence that runs over a page break completed on the page where it starts.
 */

/** A paragraph of a page: its lines and the font size it is set in. */
export interface PageParagraph {
  lines: string[];
  size: number;
  /** The first line reaches the right edge of the page's text: the typesetter wrapped it. */
  firstLineFull: boolean;
  /** The last line reaches the right edge: the text goes on after it. */
  lastLineFull: boolean;
}

/** A line reaching this share of the page's text width was wrapped by the typesetter. */
const FULL_LINE_SHARE = 0.8;
const PAGE_NUMBER_LINE = /^(?:(?:seite|page|folie|slide|s\.)\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:von|of|\/)\s*\d{1,4})?$/i;

/**
 * Cleans every line, drops running headers/footers (pdfRunningLines.ts) and bare page numbers at the top
 * or bottom of a page, and rejoins words hyphenated across lines inside a paragraph.
 */
export function cleanPages(pages: readonly Pick<LayoutPage, 'left' | 'right' | 'paragraphs'>[]): PageParagraph[][] {
  const normalised = pages.map(({ paragraphs }) =>
    paragraphs
      .map((lines) => lines.map((line) => ({ ...line, text: normaliseText(line.text) })).filter((line) => line.text.length > 0))
      .filter((lines) => lines.length > 0),
  );
  return removeRunningLines(normalised).map((paragraphs, index) => {
    const edges = edgeLines(paragraphs, 1);
    const kept = paragraphs
      .map((lines) => lines.filter((line) => !(edges.has(line) && PAGE_NUMBER_LINE.test(line.text))))
      .filter((lines) => lines.length > 0);
    const textRight = rightTextEdge(kept.flat(), pages[index]);
    return kept.map((lines) => ({
      lines: repairLineBreakHyphenation(lines.map((line) => line.text).join('\n')).split('\n').filter((l) => l.length > 0),
      size: Math.max(...lines.map((line) => line.size)),
      firstLineFull: (lines[0]?.right ?? 0) >= textRight * FULL_LINE_SHARE,
      lastLineFull: (lines[lines.length - 1]?.right ?? 0) >= textRight * FULL_LINE_SHARE,
    }));
  });
}

/**
 * Where the page's text lines end on the right: the rightmost line, or the page edge minus a margin as
 * wide as the left one, for a page whose lines are all short.
 */
function rightTextEdge(lines: readonly LayoutLine[], page: Pick<LayoutPage, 'left' | 'right'> | undefined): number {
  const rightmost = Math.max(0, ...lines.map((line) => line.right));
  if (!page || page.right <= page.left || lines.length === 0) return rightmost;
  const leftMargin = Math.min(...lines.map((line) => line.x)) - page.left;
  return Math.max(rightmost, page.right - Math.max(0, leftMargin));
}

/** A bullet or list number; "15. Oktober" at the start of a line is a date, not item 15. */
const LIST_ITEM =
  /^(?:[•▪◦‣●○■□◆➢➤►✓✔*·-]|–|\d{1,2}[.)](?!\s*(?:Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez)\p{L}*\.?(?:\s|$))|[a-z][.)])\s/u;
/** A dash at a line start is a list marker or a dash that continues the sentence of the line above. */
const DASH_ITEM = /^[-–]\s/;
const MAX_HEADING_LENGTH = 120;
const SENTENCE_END = /[.!?:;…]["“”»)]*$/;
/** The end of a sentence inside a line: after a word of three letters or more (not "z. B.", "Nr."). */
const SENTENCE_END_IN_LINE = /(?:\p{L}{3,}|\))[.!?…]["“”»)]*(?=\s|$)/u;
/** Lines of the next page that may be taken over to finish a sentence cut by a page break. */
const MAX_CARRIED_LINES = 3;

export interface PageText {
  heading?: string;
  /** Paragraphs separated by a blank line; lines inside a paragraph kept. */
  text: string;
}

export interface PageStructureOptions {
  /** The page starts in the middle of a sentence begun on the page before: its first line is no heading. */
  continuesPreviousPage?: boolean;
}

/**
 * The heading is the first line when it is short and stands on its own: the whole first paragraph
 * (set apart by size or spacing; a title wrapped onto lines that start in lower case is joined), or a
 * line that ends short of the right margin above text that starts anew. A first line that is just the
 * first line of a paragraph of running text is no heading. Every list item starts a paragraph.
 */
export function structurePageText(paragraphs: readonly PageParagraph[], options: PageStructureOptions = {}): PageText {
  if (paragraphs[0]?.lines[0] === undefined) return { text: '' };
  let body = paragraphs.map((p) => [...p.lines]);
  const picked = options.continuesPreviousPage || !paragraphs[0] ? undefined : pickHeading(paragraphs[0], bodySize(paragraphs));
  if (picked) body = [body[0]?.slice(picked.lineCount) ?? [], ...body.slice(1)];
  const heading = picked?.heading;

  const blocks: string[] = heading ? [heading] : [];
  for (const lines of body) {
    let current: string[] = [];
    for (const line of lines) {
      if (current.length > 0 && startsListItem(line, current)) {
        blocks.push(current.join('\n'));
        current = [];
      }
      current.push(current.length === 0 ? unifyBullet(line) : line);
    }
    if (current.length > 0) blocks.push(current.join('\n'));
  }
  return { ...(heading ? { heading } : {}), text: blocks.join('\n\n') };
}

/**
 * Whether a line starts a new list item. A dash does so in a list, after a line that ends a sentence or
 * introduces the list (":"), but not after running text it continues ("… der Fördermaßnahme" / "– greifen …").
 */
function startsListItem(line: string, block: readonly string[]): boolean {
  if (!LIST_ITEM.test(line)) return false;
  if (!DASH_ITEM.test(line)) return true;
  const previous = block[block.length - 1] ?? '';
  return LIST_ITEM.test(block[0] ?? '') || SENTENCE_END.test(previous);
}

function pickHeading(paragraph: PageParagraph, body: number): { heading: string; lineCount: number } | undefined {
  const lines = paragraph.lines;
  const first = lines[0];
  if (first === undefined || first.length > MAX_HEADING_LENGTH || LIST_ITEM.test(first)) return undefined;
  // A paragraph set larger than the page's text is a title, however it was wrapped.
  const whole = lines.join(' ');
  if (paragraph.size > body * 1.15 && whole.length <= MAX_HEADING_LENGTH && !lines.some((l) => LIST_ITEM.test(l))) {
    return { heading: whole, lineCount: lines.length };
  }
  const headingLines = [first];
  while (headingLines.length < lines.length) {
    const line = lines[headingLines.length] ?? '';
    if (LIST_ITEM.test(line) || !/^\p{Ll}/u.test(line) || headingLines.join(' ').length + line.length > MAX_HEADING_LENGTH) break;
    headingLines.push(line);
  }
  const next = lines[headingLines.length];
  if (next !== undefined && !standsOut(first, next, paragraph.firstLineFull)) return undefined;
  return { heading: headingLines.join(' '), lineCount: headingLines.length };
}

/** The type size that carries most of the page's characters. */
function bodySize(paragraphs: readonly PageParagraph[]): number {
  const chars = new Map<number, number>();
  for (const p of paragraphs) chars.set(p.size, (chars.get(p.size) ?? 0) + p.lines.join('').length);
  return [...chars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/**
 * A first line that shares its paragraph with the text below is a heading only when it ends short of
 * the right margin (it was not wrapped), does not run on (comma, hyphen, colon, a joining word) and the
 * next line starts anew.
 */
function standsOut(first: string, next: string, firstLineFull: boolean): boolean {
  if (firstLineFull) return false;
  if (/[,;:\-–]$/.test(first) || /\s(?:und|oder|der|die|das|für|von|mit|zu|in|an|auf)$/i.test(first)) return false;
  return /^[\p{Lu}\p{N}„"]/u.test(next) || LIST_ITEM.test(next);
}

/**
 * A sentence cut by a page break: the last line of a page runs to the right margin without sentence
 * punctuation, and the next page goes on in the same type size with a line that runs to the margin too
 * or ends the sentence. The lines of the next page up to the end of that sentence
 * are repeated at the end of the first page, so the sentence is read whole where it starts, and the
 * next page's first line is not taken for a heading. Returns, per page, whether it continues the page
 * before. For running text only: a slide that ends without a period ends all the same.
 */
export function continueSentencesAcrossPages(pages: readonly PageParagraph[][]): { pages: PageParagraph[][]; continued: boolean[] } {
  const result = pages.map((paragraphs) => paragraphs.map((p) => ({ ...p, lines: [...p.lines] })));
  const continued = result.map(() => false);
  for (let i = 0; i + 1 < result.length; i += 1) {
    const last = result[i]?.[result[i]!.length - 1];
    const next = result[i + 1]?.[0];
    const lastLine = last?.lines[last.lines.length - 1];
    const nextLine = next?.lines[0];
    if (!last || !next || lastLine === undefined || nextLine === undefined) continue;
    if (SENTENCE_END.test(lastLine) || (LIST_ITEM.test(nextLine) && !DASH_ITEM.test(nextLine))) continue;
    if (Math.abs(last.size - next.size) > Math.min(last.size, next.size) * 0.15) continue;
    // A line that ends short of the margin ends its paragraph (a list item, a label, a caption); the
    // rest of a cut sentence fills its line too, or ends in it.
    if (!last.lastLineFull || !(next.firstLineFull || SENTENCE_END_IN_LINE.test(nextLine))) continue;
    continued[i + 1] = true;
    const carried: string[] = [];
    for (const line of next.lines.slice(0, MAX_CARRIED_LINES)) {
      const end = SENTENCE_END_IN_LINE.exec(line);
      carried.push(end ? line.slice(0, end.index + end[0].length) : line);
      if (end) break;
    }
    last.lines = repairLineBreakHyphenation([...last.lines, ...carried].join('\n')).split('\n');
  }
  return { pages: result, continued };
}
