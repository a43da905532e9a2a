import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

/**
 * Positioned text lines per PDF page, grouped into paragraphs by vertical gaps, font-size changes and
 * first-line indents. pdf-parse's text output has line breaks but no positions, and without positions a
 * paragraph break is indistinguishable from a wrapped line; so the lines come from pdf.js (the engine
 * pdf-parse wraps, pinned to the same version) directly.
 */

export interface LayoutLine {
  text: string;
  /** Baseline in PDF units (grows upwards). */
  y: number;
  /** Left edge of the line. */
  x: number;
  /** Right edge of the line's last text item. */
  right: number;
  /** Font size (largest on the line). */
  size: number;
}

export interface LayoutPage {
  number: number;
  /** Left and right edge of the page in PDF units. */
  left: number;
  right: number;
  /** Paragraphs, each a list of positioned lines in reading order. */
  paragraphs: LayoutLine[][];
}

/** Reads every page; the caller has already checked with pdf-parse that the document opens. */
export async function readLayoutPages(bytes: Uint8Array): Promise<LayoutPage[]> {
  const document = await getDocument({ data: bytes, verbosity: VerbosityLevel.ERRORS, isEvalSupported: false }).promise;
  try {
    const pages: LayoutPage[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const items = content.items.filter((item): item is TextItem => 'str' in item);
      const [left = 0, , right = 0] = page.view;
      pages.push({ number, left, right, paragraphs: groupParagraphs(groupLines(items)) });
      page.cleanup();
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/** Items arrive in content-stream order; a new line starts at an end-of-line mark or a baseline jump. */
export function groupLines(items: readonly TextItem[]): LayoutLine[] {
  const lines: LayoutLine[] = [];
  let current: LayoutLine | undefined;
  let lastRight = 0;
  let breakPending = false;
  for (const item of items) {
    const size = Math.hypot(Number(item.transform[2]), Number(item.transform[3])) || item.height;
    const x = Number(item.transform[4]);
    const y = Number(item.transform[5]);
    if (item.str.length > 0) {
      const sameLine = current !== undefined && !breakPending && Math.abs(current.y - y) <= Math.max(current.size, size) * 0.5;
      if (!sameLine || !current) {
        current = { text: item.str, x, y, size, right: x + item.width };
        lines.push(current);
      } else {
        const gap = x - lastRight;
        const needsSpace = gap > size * 0.2 && !current.text.endsWith(' ') && !item.str.startsWith(' ');
        current.text += (needsSpace ? ' ' : '') + item.str;
        current.size = Math.max(current.size, size);
        current.x = Math.min(current.x, x);
        current.right = Math.max(current.right, x + item.width);
      }
      lastRight = x + item.width;
      breakPending = false;
    }
    if (item.hasEOL) breakPending = true;
  }
  return lines.filter((line) => line.text.trim().length > 0);
}

/**
 * A paragraph ends where the gap to the next line is clearly larger than the page's usual line spacing,
 * where the font size changes (a heading), where the next line moves up (a new column or text box), where
 * the next line is indented after a line that ended a sentence, or between two headings of the same size
 * set one below the other ("Förderprogramme für Kommunen" / "Digitales Rathaus").
 */
export function groupParagraphs(lines: readonly LayoutLine[]): LayoutLine[][] {
  if (lines.length === 0) return [];
  const page: PageMetrics = { spacing: typicalLineSpacing(lines), bodySize: dominantSize(lines), right: Math.max(...lines.map((l) => l.right)) };
  const paragraphs: LayoutLine[][] = [];
  let current: LayoutLine[] = [];
  let paragraphLeft = lines[0]?.x ?? 0;
  lines.forEach((line, index) => {
    const previous = lines[index - 1];
    if (previous && startsNewParagraph(previous, line, page, paragraphLeft)) {
      paragraphs.push(current);
      current = [];
      paragraphLeft = line.x;
    }
    paragraphLeft = Math.min(paragraphLeft, line.x);
    current.push(line);
  });
  if (current.length > 0) paragraphs.push(current);
  return paragraphs;
}

interface PageMetrics {
  /** Usual baseline distance relative to the font size. */
  spacing: number;
  /** Font size of most of the page's text. */
  bodySize: number;
  /** Rightmost text edge on the page. */
  right: number;
}

function startsNewParagraph(previous: LayoutLine, line: LayoutLine, page: PageMetrics, paragraphLeft: number): boolean {
  const drop = previous.y - line.y;
  const size = Math.max(previous.size, line.size);
  if (drop <= -size * 0.5) return true;
  if (Math.abs(previous.size - line.size) > Math.min(previous.size, line.size) * 0.15) return true;
  if (drop > page.spacing * size * 1.35) return true;
  if (line.size > page.bodySize * 1.15 && !headingContinues(previous, line, page)) return true;
  const indented = line.x - paragraphLeft > line.size * 0.8;
  return indented && /[.!?:]$/.test(previous.text.trim());
}

/** Words that end a heading line only when the heading goes on in the next line. */
const HEADING_CONTINUATION = new Set(
  'und oder sowie bzw für von vom der die das des dem den im in zu zur zum mit an am auf bei aus nach über unter gegen als and or of for the to in on'.split(' '),
);
const NUMBERED_HEADING_START = /^\d{1,2}(?:\.\d{1,2})*\.?\s+\p{Lu}/u;

/**
 * Whether a heading-sized line continues the heading above it: it does when the line above ends with a
 * connecting word or punctuation, the next line starts in lower case, or the line above was wrapped
 * (it reaches far to the right); a numbered line ("1.1 BayernPortal") always starts a new heading.
 */
function headingContinues(previous: LayoutLine, line: LayoutLine, page: PageMetrics): boolean {
  const before = previous.text.trim();
  const after = line.text.trim();
  const lastWord = /(\p{L}+)$/u.exec(before)?.[1]?.toLowerCase();
  if (/[-–,(/&]$/.test(before) || (lastWord !== undefined && HEADING_CONTINUATION.has(lastWord))) return true;
  if (/^\p{Ll}/u.test(after)) return true;
  if (NUMBERED_HEADING_START.test(after)) return false;
  return previous.right >= page.right * 0.75;
}

/** The font size that carries the most characters on the page. */
export function dominantSize(lines: readonly LayoutLine[]): number {
  const chars = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.size * 2) / 2;
    chars.set(size, (chars.get(size) ?? 0) + line.text.length);
  }
  let best = lines[0]?.size ?? 0;
  let most = -1;
  for (const [size, count] of chars) {
    if (count > most) {
      best = size;
      most = count;
    }
  }
  return best;
}

/**
 * The median baseline distance between consecutive lines of the same size, relative to their font
 * size, so a large title wrapped onto two lines is measured against its own size.
 */
function typicalLineSpacing(lines: readonly LayoutLine[]): number {
  const drops: number[] = [];
  for (let i = 1; i < lines.length; i += 1) {
    const previous = lines[i - 1];
    const line = lines[i];
    if (!previous || !line) continue;
    const drop = previous.y - line.y;
    if (drop > 0 && drop < previous.size * 3 && Math.abs(previous.size - line.size) < 0.5) drops.push(drop / line.size);
  }
  if (drops.length === 0) return 1.2;
  drops.sort((a, b) => a - b);
  return drops[Math.floor(drops.length / 2)] ?? 1.2;
}
