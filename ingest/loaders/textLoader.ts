import type { LoadedDocument } from '../../core/types.ts';
import type { DocumentLoader, SourceFile } from './documentLoader.ts';
import { ensureHasText, ensureNotEmpty, ensureTextual, shortFirstLine, titleFromFileName } from './loaderSupport.ts';
import { blocksToSections, splitParagraphs, type HeadedBlock } from './plainTextSections.ts';
import { cleanText } from './textCleanup.ts';
import { decodeText } from './textDecoding.ts';

/**
 * Plain text notes. Sizing chunks is the chunker's job; here a paragraph only becomes a section heading
 * when it clearly looks like one (short, capitalised, no sentence punctuation, no dates or contact data).
 */
export const textLoader: DocumentLoader = {
  format: 'text',
  extensions: ['.txt', '.text'],
  async load(file: SourceFile): Promise<LoadedDocument> {
    ensureNotEmpty(file);
    ensureTextual(file, 'text');
    const text = cleanText(decodeText(file.bytes).text);
    const title = shortFirstLine(text) ?? titleFromFileName(file.relativePath);
    const sections = blocksToSections(splitAtHeadingLines(splitParagraphs(text)), title);
    ensureHasText(file, sections, 'the text file contains only whitespace');
    return { source: file.relativePath, title, format: 'text', sections };
  },
};

const NUMBERED_HEADING = /^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.|[A-Z]\.)\s+(?=\p{Lu})/u;

/** The first paragraph never becomes a heading: it is the document's title line and stays as text. */
export function splitAtHeadingLines(paragraphs: readonly string[]): HeadedBlock[] {
  const blocks: HeadedBlock[] = [];
  let current: HeadedBlock = { paragraphs: [] };
  paragraphs.forEach((paragraph, index) => {
    const next = paragraphs[index + 1];
    if (index > 0 && next !== undefined && looksLikeHeading(paragraph) && !looksLikeHeading(next) && next.length > paragraph.length) {
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
