import type JSZip from 'jszip';
import type { DocumentSection, LoadedDocument } from '../../core/types.ts';
import type { DocumentLoader, SourceFile } from './documentLoader.ts';
import { ensureHasText, ensureNotEmpty, isMeaningfulTitle, slideLocator, titleFromFileName } from './loaderSupport.ts';
import {
  attribute,
  childrenOf,
  corruptOffice,
  findAll,
  findFirst,
  openOfficeZip,
  parseXml,
  readCoreTitle,
  readRelationships,
  readZipText,
  tagName,
  textOf,
  type XmlNode,
} from './ooxml.ts';
import { looksLikeHeaderRow, tableLines } from './tableText.ts';
import { joinParagraphs, normaliseText, singleLine } from './textCleanup.ts';

/** Text per slide in presentation order, with the speaker notes, cited as "Folie N". */
export const pptxLoader: DocumentLoader = {
  format: 'pptx',
  extensions: ['.pptx'],
  async load(file: SourceFile): Promise<LoadedDocument> {
    ensureNotEmpty(file);
    const zip = await openOfficeZip(file, 'pptx');
    const slidePaths = await slidesInPresentationOrder(file, zip);

    const sections: DocumentSection[] = [];
    for (const [index, slidePath] of slidePaths.entries()) {
      const slide = await readSlide(zip, slidePath);
      const notes = await readNotes(zip, slidePath);
      const text = joinParagraphs([slide.text, notes ? `Notizen:\n${notes}` : '']);
      if (!text) continue;
      sections.push({ locator: slideLocator(index + 1), ...(slide.heading ? { heading: slide.heading } : {}), text });
    }
    ensureHasText(file, sections, 'the presentation contains no text (only pictures or empty slides)');

    const coreTitle = await readCoreTitle(zip);
    const title = isMeaningfulTitle(coreTitle)
      ? singleLine(coreTitle)
      : (sections[0]?.heading ?? titleFromFileName(file.relativePath));
    return { source: file.relativePath, title, format: 'pptx', sections };
  },
};

const PRESENTATION = 'ppt/presentation.xml';

/** The order people see is `p:sldIdLst` in presentation.xml, not the slide file names. */
async function slidesInPresentationOrder(file: SourceFile, zip: JSZip): Promise<string[]> {
  const xml = await readZipText(zip, PRESENTATION);
  if (!xml) throw corruptOffice(file, 'pptx', `${PRESENTATION} is missing; this is not a PowerPoint presentation`);
  const relationships = await readRelationships(zip, PRESENTATION);
  const list = findFirst(parseXml(xml), 'p:sldIdLst');
  const slides: string[] = [];
  for (const slideId of list ? findAll(childrenOf(list), 'p:sldId') : []) {
    const target = relationships.get(attribute(slideId, 'r:id') ?? '')?.target;
    if (target && zip.file(target)) slides.push(target);
  }
  return slides;
}

interface SlideText {
  heading?: string;
  text: string;
}

const TITLE_PLACEHOLDERS = new Set(['title', 'ctrTitle']);
/** Placeholders whose text is furniture, not content (slide number, date). */
const SKIPPED_PLACEHOLDERS = new Set(['sldNum', 'dt', 'sldImg']);

async function readSlide(zip: JSZip, slidePath: string): Promise<SlideText> {
  const xml = (await readZipText(zip, slidePath)) ?? '';
  const tree = findFirst(parseXml(xml), 'p:spTree');
  if (!tree) return { text: '' };
  const titles: string[] = [];
  const blocks: string[] = [];
  collectShapes(childrenOf(tree), titles, blocks);
  const heading = titles[0] ?? shortSingleLine(blocks[0]);
  // Titles first: in the shape tree they may sit anywhere, but people read them first.
  return { ...(heading ? { heading } : {}), text: joinParagraphs([...titles, ...blocks]) };
}

function shortSingleLine(block: string | undefined): string | undefined {
  if (!block || block.includes('\n') || block.length > 120) return undefined;
  return block.replace(/^•\s*/, '');
}

/** Walks shapes, groups and tables in tree order; title placeholders go to `titles`. */
function collectShapes(nodes: readonly XmlNode[], titles: string[], blocks: string[]): void {
  for (const node of nodes) {
    const name = tagName(node);
    if (name === 'p:grpSp') {
      collectShapes(childrenOf(node), titles, blocks);
    } else if (name === 'p:sp') {
      const placeholder = findFirst(childrenOf(node), 'p:ph');
      const type = placeholder ? (attribute(placeholder, 'type') ?? 'body') : undefined;
      if (type && SKIPPED_PLACEHOLDERS.has(type)) continue;
      const body = findFirst(childrenOf(node), 'p:txBody');
      const text = body ? paragraphsText(childrenOf(body)) : '';
      if (!text) continue;
      if (type && TITLE_PLACEHOLDERS.has(type)) titles.push(singleLine(text));
      else blocks.push(text);
    } else if (name === 'p:graphicFrame') {
      const table = findFirst(childrenOf(node), 'a:tbl');
      if (table) blocks.push(tableText(table));
    }
  }
}

/** Each `a:p` becomes one line; bulleted paragraphs keep a bullet so list structure survives. */
function paragraphsText(nodes: readonly XmlNode[]): string {
  const lines = findAll(nodes, 'a:p').map((paragraph) => {
    const text = normaliseText(runText(childrenOf(paragraph)));
    if (!text) return '';
    const properties = findFirst(childrenOf(paragraph), 'a:pPr');
    const bulleted = properties && (findFirst(childrenOf(properties), 'a:buChar') || findFirst(childrenOf(properties), 'a:buAutoNum'));
    return bulleted ? `• ${text}` : text;
  });
  return lines.filter((l) => l.length > 0).join('\n');
}

function runText(nodes: readonly XmlNode[]): string {
  let text = '';
  for (const node of nodes) {
    const name = tagName(node);
    if (name === 'a:t') text += childrenOf(node).map((n) => textOf(n) ?? '').join('');
    else if (name === 'a:br') text += '\n';
    else if (name === 'a:r' || name === 'a:fld') text += runText(childrenOf(node));
  }
  return text;
}

/**
 * A table row becomes one line with cells separated by " | " (tableText.ts), the rows one paragraph, so
 * row context stays together. A cell covered by the merged cell to its left is no column of its own.
 */
function tableText(table: XmlNode): string {
  const rows = findAll(childrenOf(table), 'a:tr').map((row) =>
    findAll(childrenOf(row), 'a:tc')
      .filter((cell) => attribute(cell, 'hMerge') !== '1')
      .map((cell) => singleLine(paragraphsText(childrenOf(cell)))),
  );
  const properties = findFirst(childrenOf(table), 'a:tblPr');
  const headed = (properties !== undefined && attribute(properties, 'firstRow') === '1') || looksLikeHeaderRow(rows[0]);
  return tableLines(rows, headed).join('\n');
}

const NOTES_SLIDE_TYPE = /\/notesSlide$/;

async function readNotes(zip: JSZip, slidePath: string): Promise<string | undefined> {
  const relationships = await readRelationships(zip, slidePath);
  const notesPath = [...relationships.values()].find((r) => NOTES_SLIDE_TYPE.test(r.type))?.target;
  if (!notesPath) return undefined;
  const xml = await readZipText(zip, notesPath);
  if (!xml) return undefined;
  const tree = findFirst(parseXml(xml), 'p:spTree');
  if (!tree) return undefined;
  const bodies = findAll(childrenOf(tree), 'p:sp').filter((shape) => {
    const placeholder = findFirst(childrenOf(shape), 'p:ph');
    return placeholder !== undefined && attribute(placeholder, 'type') === 'body';
  });
  const text = joinParagraphs(bodies.map((shape) => paragraphsText(childrenOf(shape))));
  return text || undefined;
}
