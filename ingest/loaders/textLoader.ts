import type { LoadedDocument } from '../../core/types.ts';
import type { DocumentLoader, SourceFile } from './documentLoader.ts';
import { ensureHasText, ensureNotEmpty, ensureTextual, shortFirstLine, titleFromFileName } from './loaderSupport.ts';
import { blocksToSections, splitParagraphs, type HeadedBlock } from './plainTextSections.ts';
import { cleanText, unifyBullet } from './textCleanup.ts';
import { decodeText } from './textDecoding.ts';

/**
 * Plain text notes. Sizing chunks is the chunker's job; here a line underlined with `====`/`----` (or
 * framed by such rules) is a section heading, and a paragraph becomes one when it clearly looks like a
 * heading (short, capitalised, no sentence punctuation, no dates or contact data).
 */
export const textLoader: DocumentLoader = {
  format: 'text',
  extensions: ['.txt', '.text'],
  async load(file: SourceFile): Promise<LoadedDocument> {
    ensureNotEmpty(file);
    ensureTextual(file, 'text');
    const text = cleanText(decodeText(file.bytes).text);
    const parts = splitAtRuledHeadings(text);
    const title = shortFirstLine(parts.map((p) => p.heading ?? p.body).join('\n')) ?? titleFromFileName(file.relativePath);
    const sections = blocksToSections(textBlocks(parts, /\n\s*\n/.test(text)), title);
    ensureHasText(file, sections, 'the text file contains only whitespace');
    return { source: file.relativePath, title, format: 'text', sections };
  },
};

/** A line of one repeated character: `====`, `----`, `* * *`, `____`. */
const RULE = /^\s*([=\-_*~#])(?:\s*\1){2,}\s*$/;
/** Rules that underline or frame a heading; `=` marks the upper level. */
const HEADING_RULE = /^\s*([=-])(?:\s*\1){2,}\s*$/;
/** A heading framed by rules may carry a subtitle or source line or two below it. */
const MAX_FRAMED_LINES = 4;

export interface RuledPart {
  heading?: string;
  /** 1 for `====`, 2 for `----`. */
  level?: number;
  /** Lines framed together with the heading (a subtitle, a source): its first paragraph. */
  subtitle?: string;
  /** Text up to the next ruled heading; other rules are removed and leave a paragraph break. */
  body: string;
}

/**
 * Splits at headings marked with rules: a line directly underlined ("Kosten" / "======"), or a block of
 * up to four lines framed by two rules, whose first line is the heading and the rest its first paragraph.
 * A rule that marks no heading is a separator and becomes a paragraph break.
 */
export function splitAtRuledHeadings(text: string): RuledPart[] {
  const lines = text.split('\n');
  const parts: RuledPart[] = [];
  let current: RuledPart = { body: '' };
  let body: string[] = [];
  const startPart = (heading: string, level: number, subtitle: readonly string[] = []) => {
    current.body = body.join('\n').trim();
    if (current.heading || current.body) parts.push(current);
    current = { heading, level, ...(subtitle.length > 0 ? { subtitle: subtitle.join('\n') } : {}), body: '' };
    body = [];
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const rule = HEADING_RULE.exec(line);
    if (rule?.[1]) {
      const level = rule[1] === '=' ? 1 : 2;
      const framed = framedLines(lines, i, rule[1]);
      if (framed) {
        startPart(framed[0] ?? '', level, framed.slice(1));
        i += framed.length + 1;
        continue;
      }
      const above = body[body.length - 1]?.trim();
      const aboveStartsParagraph = body.length < 2 || (body[body.length - 2] ?? '').trim() === '';
      if (above && aboveStartsParagraph && above.length <= 100 && !RULE.test(above)) {
        body.pop();
        startPart(above, level);
        continue;
      }
    }
    if (RULE.test(line)) {
      body.push('');
      continue;
    }
    body.push(line);
  }
  current.body = body.join('\n').trim();
  if (current.heading || current.body) parts.push(current);
  return parts;
}

/** The lines between the rule at `start` and a closing rule of the same character, if they frame a heading. */
function framedLines(lines: readonly string[], start: number, char: string): string[] | undefined {
  const framed: string[] = [];
  for (let j = start + 1; j < lines.length && framed.length <= MAX_FRAMED_LINES; j += 1) {
    const line = lines[j] ?? '';
    const closing = HEADING_RULE.exec(line);
    if (closing) return closing[1] === char && framed.length > 0 ? framed : undefined;
    if (!line.trim()) return undefined;
    framed.push(line.trim());
  }
  return undefined;
}

/**
 * Blocks for the section builder: each ruled heading with the paragraphs under it, split further at
 * heading-like paragraphs, which rank one level below the ruled headings of the file.
 */
function textBlocks(parts: readonly RuledPart[], hasBlankLines: boolean): HeadedBlock[] {
  const ruledLevels = parts.map((p) => p.level ?? 0);
  const heuristicLevel = Math.max(1, ...ruledLevels) + 1;
  return parts.flatMap((part, index) => {
    const paragraphs = splitParagraphs(part.body, hasBlankLines).map(unifyListMarkers);
    const blocks = splitAtHeadingLines(paragraphs, { firstIsText: index === 0 && !part.heading }).map((block) =>
      block.heading ? { ...block, level: heuristicLevel } : block,
    );
    if (!part.heading) return blocks;
    const [first, ...rest] = blocks;
    const own: HeadedBlock = {
      heading: part.heading,
      level: part.level ?? 2,
      paragraphs: [...(part.subtitle ? [part.subtitle] : []), ...(first && !first.heading ? first.paragraphs : [])],
    };
    return [own, ...(first && !first.heading ? rest : blocks)];
  });
}

/**
 * "- Termin", "* Termin", "➢ Termin" → "• Termin", the list marker every loader writes. A line counts as a
 * list item when it starts its paragraph or follows another item or a line that ends a sentence or
 * introduces the list; a dash after running text continues that text.
 */
function unifyListMarkers(paragraph: string): string {
  const lines = paragraph.split('\n');
  return lines
    .map((line, i) => {
      const previous = lines[i - 1];
      const inList = previous === undefined || /^•\s/.test(unifyBullet(previous)) || /[.:!?;]["“”»)]*$/.test(previous);
      return inList ? unifyBullet(line) : line;
    })
    .join('\n');
}

const NUMBERED_HEADING = /^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.|[A-Z]\.)\s+(?=\p{Lu})/u;

/**
 * Splits at heading-like paragraphs. The first paragraph of a file never becomes a heading: it is the
 * document's title line and stays as text (`firstIsText`, the default).
 */
export function splitAtHeadingLines(paragraphs: readonly string[], options: { firstIsText?: boolean } = {}): HeadedBlock[] {
  const firstIsText = options.firstIsText ?? true;
  const blocks: HeadedBlock[] = [];
  let current: HeadedBlock = { paragraphs: [] };
  paragraphs.forEach((paragraph, index) => {
    const next = paragraphs[index + 1];
    if ((index > 0 || !firstIsText) && next !== undefined && looksLikeHeading(paragraph) && !looksLikeHeading(next) && next.length > paragraph.length) {
      if (current.paragraphs.length > 0 || current.heading) blocks.push(current);
      current = { heading: paragraph, paragraphs: [] };
    } else {
      current.paragraphs.push(paragraph);
    }
  });
  if (current.paragraphs.length > 0 || current.heading) blocks.push(current);
  return blocks;
}

export function looksLikeHeading(paragraph: string): boolean {
  if (paragraph.includes('\n') || paragraph.length > 80) return false;
  if (paragraph.split(/\s+/).length > 10) return false;
  if (/[.,;:!?…)\]“"]$/u.test(paragraph)) return false;
  const unnumbered = paragraph.replace(NUMBERED_HEADING, '');
  if (!/^\p{Lu}/u.test(unnumbered)) return false;
  // Digits, e-mail addresses and links mark data lines (dates, phone numbers), not headings.
  return !/[\d@]|https?:|www\./i.test(unnumbered);
}
