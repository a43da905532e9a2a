import mammoth from 'mammoth';
import type { LoadedDocument } from '../../core/types.ts';
import type { DocumentLoader, SourceFile } from './documentLoader.ts';
import { extractHtmlContent } from './htmlContent.ts';
import { htmlContentToDocument } from './htmlLoader.ts';
import { ensureHasText, ensureNotEmpty, isMeaningfulTitle, shortFirstLine, titleFromFileName } from './loaderSupport.ts';
import { corruptOffice, openOfficeZip, readCoreTitle } from './ooxml.ts';
import { singleLine } from './textCleanup.ts';

/**
 * Word documents via mammoth's HTML, so headings survive and split the document into sections. The
 * HTML goes through the same main-content extraction as web pages, because admins often save web
 * pages as DOCX, cookie banner and menus included.
 */
export const docxLoader: DocumentLoader = {
  format: 'docx',
  extensions: ['.docx'],
  async load(file: SourceFile): Promise<LoadedDocument> {
    ensureNotEmpty(file);
    const zip = await openOfficeZip(file, 'docx');
    if (!zip.file('word/document.xml')) throw corruptOffice(file, 'docx', 'word/document.xml is missing; this is not a Word document');

    const html = await convertToHtml(file);
    const content = extractHtmlContent(`<!DOCTYPE html><html><body>${html}</body></html>`);
    const coreTitle = await readCoreTitle(zip);
    const firstParagraph = content.sections[0]?.paragraphs[0];
    const title =
      content.firstHeading ??
      (isMeaningfulTitle(coreTitle) ? singleLine(coreTitle) : undefined) ??
      (firstParagraph ? shortFirstLine(firstParagraph, 120) : undefined) ??
      titleFromFileName(file.relativePath);
    const document = htmlContentToDocument(file, content, title, 'docx');
    ensureHasText(file, document.sections, 'the Word document contains no text');
    return document;
  },
};

/** Word's built-in heading styles are mapped by mammoth already; these add German and "Title" names. */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Titel'] => h1:fresh",
  "p[style-name='Überschrift 1'] => h1:fresh",
  "p[style-name='Überschrift 2'] => h2:fresh",
  "p[style-name='Überschrift 3'] => h3:fresh",
];

/** Images carry no text; without this mammoth would inline every picture as base64 into the HTML. */
const SKIP_IMAGES = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

async function convertToHtml(file: SourceFile): Promise<string> {
  try {
    const result = await mammoth.convertToHtml({ buffer: file.bytes }, { styleMap: STYLE_MAP, convertImage: SKIP_IMAGES });
    return result.value;
  } catch (error) {
    throw corruptOffice(file, 'docx', error instanceof Error ? error.message : String(error), error);
  }
}
