import type { LoadedDocument } from '../../core/types.ts';
import type { DocumentLoader, SourceFile } from './documentLoader.ts';
import { extractHtmlContent, type HtmlContent } from './htmlContent.ts';
import { ensureHasText, ensureNotEmpty, ensureTextual, sectionLocator, titleFromFileName } from './loaderSupport.ts';
import { decodeText, sniffHtmlCharset } from './textDecoding.ts';
import { joinParagraphs } from './textCleanup.ts';

/** A saved web page: main content only, split at h1–h3, in the page's declared or detected charset. */
export const htmlLoader: DocumentLoader = {
  format: 'html',
  extensions: ['.html', '.htm', '.xhtml'],
  async load(file: SourceFile): Promise<LoadedDocument> {
    ensureNotEmpty(file);
    ensureTextual(file, 'HTML');
    const { text } = decodeText(file.bytes, sniffHtmlCharset(file.bytes));
    const content = extractHtmlContent(text);
    const title = content.pageTitle ?? content.firstHeading ?? titleFromFileName(file.relativePath);
    const document = htmlContentToDocument(file, content, title, 'html');
    ensureHasText(file, document.sections, 'the web page contains no readable text once menus, banners and scripts are removed');
    return document;
  },
};

/** Sections labelled by their heading; text before the first heading is labelled with the title. */
export function htmlContentToDocument(
  file: SourceFile,
  content: HtmlContent,
  title: string,
  format: LoadedDocument['format'],
): LoadedDocument {
  const sections = content.sections
    .map((section) => ({
      locator: sectionLocator(section.heading ?? title),
      ...(section.heading ? { heading: section.heading } : {}),
      ...(section.parentHeadings.length > 0 ? { headingPath: section.parentHeadings } : {}),
      text: joinParagraphs(section.paragraphs),
    }))
    .filter((section) => section.text.length > 0);
  const publisher = content.siteName && content.siteName !== title ? content.siteName : undefined;
  return { source: file.relativePath, title, ...(publisher ? { publisher } : {}), format, sections };
}
