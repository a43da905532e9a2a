import { PDFParse, VerbosityLevel } from 'pdf-parse';
import type { InfoResult } from 'pdf-parse';
import { DocumentLoadError } from '../../core/errors.ts';
import type { DocumentSection, LoadedDocument } from '../../core/types.ts';
import type { DocumentLoader, SourceFile } from './documentLoader.ts';
import {
  ensureHasText,
  ensureNotEmpty,
  isMeaningfulTitle,
  pageLocator,
  slideLocator,
  titleFromFileName,
} from './loaderSupport.ts';
import { describeNonPdfContent, hasPdfSignature } from './pdfSignature.ts';
import { readLayoutPages, type LayoutPage } from './pdfLayout.ts';
import { cleanPages, continueSentencesAcrossPages, structurePageText } from './pdfPageText.ts';
import { singleLine } from './textCleanup.ts';

/** Text per page via pdf-parse (pdf.js); a presentation exported to PDF is cited by slide. */
export const pdfLoader: DocumentLoader = {
  format: 'pdf',
  extensions: ['.pdf'],
  async load(file: SourceFile): Promise<LoadedDocument> {
    ensureNotEmpty(file);
    if (!hasPdfSignature(file.bytes)) {
      throw new DocumentLoadError(file.relativePath, describeNonPdfContent(file.bytes), 'wrong_content_type');
    }
    const { info, pages } = await readPdf(file);
    const asSlides = looksLikeSlideDeck(info);
    const cleaned = cleanPages(pages);
    const { pages: joined, continued } = asSlides
      ? { pages: cleaned, continued: cleaned.map(() => false) }
      : continueSentencesAcrossPages(cleaned);

    const sections: DocumentSection[] = [];
    joined.forEach((paragraphs, index) => {
      const page = structurePageText(paragraphs, { continuesPreviousPage: continued[index] ?? false });
      if (!page.text) return;
      const number = pages[index]?.number ?? index + 1;
      sections.push({
        locator: asSlides ? slideLocator(number) : pageLocator(number),
        ...(page.heading ? { heading: page.heading } : {}),
        text: page.text,
      });
    });
    ensureHasText(file, sections, 'the PDF contains no extractable text; it may be a scan — OCR it first');

    const metadataTitle = typeof info.info?.Title === 'string' ? singleLine(info.info.Title) : undefined;
    const title = isMeaningfulTitle(metadataTitle)
      ? metadataTitle
      : (sections[0]?.heading ?? titleFromFileName(file.relativePath));
    return { source: file.relativePath, title, format: 'pdf', sections };
  },
};

interface PdfContent {
  info: InfoResult;
  pages: LayoutPage[];
}

/**
 * pdf-parse opens the document (telling password protection from damage) and reads metadata and page
 * sizes; the text with line positions comes from pdf.js, see pdfLayout.ts.
 */
async function readPdf(file: SourceFile): Promise<PdfContent> {
  // Copies, because pdf.js may take ownership of (detach) the buffer it is given.
  const parser = new PDFParse({ data: new Uint8Array(file.bytes), verbosity: VerbosityLevel.ERRORS });
  try {
    const info = await parser.getInfo({ parsePageInfo: true });
    const pages = await readLayoutPages(new Uint8Array(file.bytes));
    return { info, pages };
  } catch (error) {
    throw toLoadError(file, error);
  } finally {
    await parser.destroy();
  }
}

function toLoadError(file: SourceFile, error: unknown): DocumentLoadError {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return new DocumentLoadError(file.relativePath, 'the PDF is password-protected', 'pdf_encrypted', { cause: error });
  }
  return new DocumentLoadError(
    file.relativePath,
    `the PDF is damaged and cannot be read (${message}); export or download it again`,
    'pdf_corrupt',
    { cause: error },
  );
}

/** Applications that write slide decks; a PDF they produced in landscape is a presentation. */
const PRESENTATION_SOFTWARE = /impress|powerpoint|keynote|google slides|präsentationen|beamer|prezi/i;

/**
 * A PDF is treated as exported slides when its creator or producer is presentation software and its
 * pages are landscape in a screen format (4:3 … 16:9). Both are required: a landscape report from a
 * word processor stays "Seite N".
 */
export function looksLikeSlideDeck(info: InfoResult): boolean {
  const creator = `${String(info.info?.Creator ?? '')} ${String(info.info?.Producer ?? '')}`;
  if (!PRESENTATION_SOFTWARE.test(creator)) return false;
  const pages = info.pages.filter((p) => p.width > 0 && p.height > 0);
  if (pages.length === 0) return false;
  const screenShaped = pages.filter((p) => {
    const ratio = p.width / p.height;
    return ratio >= 1.3 && ratio <= 1.85;
  });
  return screenShaped.length / pages.length >= 0.8;
}
