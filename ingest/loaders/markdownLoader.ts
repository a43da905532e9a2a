import type { LoadedDocument } from '../../core/types.ts';
import type { DocumentLoader, SourceFile } from './documentLoader.ts';
import { ensureHasText, ensureNotEmpty, ensureTextual, shortFirstLine, titleFromFileName } from './loaderSupport.ts';
import { blocksToSections, type HeadedBlock } from './plainTextSections.ts';
import { tableLines } from './tableText.ts';
import { normaliseText, singleLine } from './textCleanup.ts';
import { decodeText } from './textDecoding.ts';

/** Markdown: `#`–`###` (and setext) headings start sections; inline markup is reduced to its text. */
export const markdownLoader: DocumentLoader = {
  format: 'markdown',
  extensions: ['.md', '.markdown'],
  async load(file: SourceFile): Promise<LoadedDocument> {
    ensureNotEmpty(file);
    ensureTextual(file, 'Markdown');
    const source = normaliseText(decodeText(file.bytes).text);
    const { body, frontMatterTitle } = splitFrontMatter(source);
    const blocks = parseMarkdownBlocks(body);
    const firstHeading = blocks.find((b) => b.heading)?.heading;
    const title =
      frontMatterTitle ?? firstHeading ?? shortFirstLine(blocks[0]?.paragraphs[0] ?? '') ?? titleFromFileName(file.relativePath);
    const sections = blocksToSections(blocks, title);
    ensureHasText(file, sections, 'the Markdown file contains no text');
    return { source: file.relativePath, title, format: 'markdown', sections };
  },
};

function splitFrontMatter(text: string): { body: string; frontMatterTitle?: string } {
  const match = /^---\n([\s\S]*?)\n(?:---|\.\.\.)\n/.exec(text);
  if (!match?.[1]) return { body: text };
  const titleLine = /^title:\s*["']?(.+?)["']?\s*$/m.exec(match[1]);
  const body = text.slice(match[0].length);
  return titleLine?.[1] ? { body, frontMatterTitle: singleLine(titleLine[1]) } : { body };
}

const ATX_HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)\s*$/;
const FENCE = /^ {0,3}(```|~~~)/;
const TABLE_SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

export function parseMarkdownBlocks(markdown: string): HeadedBlock[] {
  const lines = markdown.replace(/<!--[\s\S]*?-->/g, '').split('\n');
  const blocks: HeadedBlock[] = [];
  let current: HeadedBlock = { paragraphs: [] };
  let paragraph: string[] = [];
  let inFence = false;
  const flushParagraph = () => {
    const text = paragraph.join('\n').trim();
    if (text) current.paragraphs.push(text);
    paragraph = [];
  };
  const startSection = (heading: string, level: number) => {
    flushParagraph();
    if (current.paragraphs.length > 0 || current.heading) blocks.push(current);
    current = { heading, level, paragraphs: [] };
  };

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      paragraph.push(line);
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx?.[1] && atx[2] !== undefined) {
      const text = inlineText(atx[2]);
      if (atx[1].length <= 3) startSection(text, atx[1].length);
      else {
        flushParagraph();
        paragraph.push(text);
        flushParagraph();
      }
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(lines[i + 1] ?? '');
    if (underline && line.trim() && paragraph.length === 0 && !/^\s*([-*+]|\d+\.)\s/.test(line)) {
      startSection(inlineText(line), underline[1]?.startsWith('=') ? 1 : 2);
      i += 1;
      continue;
    }
    if (!line.trim()) {
      flushParagraph();
      continue;
    }
    const table = tableAt(lines, i);
    if (table) {
      // A table is a paragraph of its own, its header row first (see tableText.ts).
      flushParagraph();
      paragraph.push(...tableLines(table.rows, table.headed));
      flushParagraph();
      i = table.end - 1;
      continue;
    }
    if (TABLE_SEPARATOR.test(line) && line.includes('-')) continue;
    paragraph.push(blockLine(line));
  }
  flushParagraph();
  if (current.paragraphs.length > 0 || current.heading) blocks.push(current);
  return blocks;
}

/**
 * A GFM table starting at line `start`: a row with pipes directly above a separator row (`|---|:--:|`),
 * then every following line with a pipe. `end` is the index after its last row. A pipe-framed row
 * without a separator (a table without header) counts too, with the rows after it.
 */
function tableAt(lines: readonly string[], start: number): { rows: string[][]; headed: boolean; end: number } | undefined {
  const line = lines[start] ?? '';
  if (!line.includes('|') || TABLE_SEPARATOR.test(line)) return undefined;
  const separated = TABLE_SEPARATOR.test(lines[start + 1] ?? '') && (lines[start + 1] ?? '').includes('-');
  if (!separated && !PIPE_FRAMED.test(line)) return undefined;
  const rows = [tableCells(line)];
  let end = start + (separated ? 2 : 1);
  while (end < lines.length && (lines[end] ?? '').includes('|') && (lines[end] ?? '').trim() !== '') {
    if (!TABLE_SEPARATOR.test(lines[end] ?? '')) rows.push(tableCells(lines[end] ?? ''));
    end += 1;
  }
  return { rows, headed: separated, end };
}

const PIPE_FRAMED = /^\s*\|.*\|\s*$/;

/** Cells of a table row: split at unescaped pipes, outer pipes dropped, inline markup reduced. */
function tableCells(line: string): string[] {
  const cells = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '').split(/(?<!\\)\|/);
  return cells.map((cell) => inlineText(cell.trim().replace(/\\\|/g, '|')));
}

/** Block-level prefixes: quotes dropped, list markers unified. */
function blockLine(line: string): string {
  let text = line.replace(/^\s*(>\s?)+/, '');
  text = text.replace(/^(\s*)[-*+]\s+(\[[ xX]\]\s+)?/, '$1• ');
  if (/^\s*([-*_]\s*){3,}$/.test(text)) return '';
  return inlineText(text);
}

/** Inline markup to plain text; link targets are kept because they often are the contact or sign-up address. */
export function inlineText(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(\s*(?:mailto:)?([^)\s]+)(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, url: string) =>
      url.startsWith('#') || label.trim() === url ? label : `${label} (${url})`,
    )
    .replace(/<((?:https?:\/\/|mailto:)[^>]+)>/g, (_m, url: string) => url.replace(/^mailto:/, ''))
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[\s(])\*(?=\S)([^*\n]*?\S)\*/g, '$1$2')
    .replace(/(^|[\s(])_(?=\S)([^_\n]*?\S)_(?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
    .trimEnd();
}
