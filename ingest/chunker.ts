import { createHash } from 'node:crypto';
import { extractFacts } from '../core/facts/extractFacts.ts';
import { splitSentences } from '../core/facts/sentences.ts';
import type { Chunk, DocumentSection, LoadedDocument } from '../core/types.ts';

/**
 * Structure-respecting chunking: a slide or a short page/section stays one chunk, so a citation
 * "Folie 8" points at exactly what was retrieved. Longer sections are cut at paragraph borders first,
 * then at sentence borders (German-aware, core/facts/sentences.ts), and only as a last resort at word
 * borders; consecutive chunks share a few whole sentences so a fact on a border is found in both.
 */
export interface ChunkingOptions {
  /** A section up to this many characters is one chunk. */
  singleChunkMax: number;
  /** Preferred chunk size when a section is split. */
  target: number;
  /** Hard upper bound for a split chunk. */
  max: number;
  /** Whole sentences of up to this many characters are repeated at the start of the next chunk. */
  overlap: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = { singleChunkMax: 1200, target: 900, max: 1000, overlap: 150 };

/** A chunk before it gets its vector label. */
export type DraftChunk = Omit<Chunk, 'label'>;

interface Segment {
  start: number;
  end: number;
  paragraph: number;
  /** The segment is a whole paragraph, or a sentence of running text: it may be repeated as overlap. */
  carriable: boolean;
  /** A table row after the table's header row: the span of that header line, repeated when the row starts a chunk. */
  header?: { start: number; end: number };
}

function paragraphSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  const separator = /\n[ \t]*\n\s*/g;
  let start = 0;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    spans.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  spans.push({ start, end: text.length });
  return spans.filter((s) => text.slice(s.start, s.end).trim() !== '');
}

/** Cuts an over-long sentence (a flattened table, a list without punctuation) at word borders. */
function splitAtWords(text: string, start: number, end: number, max: number): Array<{ start: number; end: number }> {
  const pieces: Array<{ start: number; end: number }> = [];
  let pieceStart = start;
  while (end - pieceStart > max) {
    let cut = text.lastIndexOf(' ', pieceStart + max);
    if (cut <= pieceStart) cut = pieceStart + max;
    pieces.push({ start: pieceStart, end: cut });
    pieceStart = cut;
    while (pieceStart < end && /\s/.test(text[pieceStart] ?? '')) pieceStart++;
  }
  if (pieceStart < end) pieces.push({ start: pieceStart, end });
  return pieces;
}

/** A paragraph whose lines are all table rows (" | ", see ingest/loaders/tableText.ts). */
function isTable(body: string): boolean {
  const lines = body.split('\n');
  return lines.length > 1 && lines.every((line) => line.includes(' | '));
}

/** List items, key–value lines and table rows: a sentence cut out of them reads without its key. */
const STRUCTURED_START = /^(?:[-–•*·▪►◦]\s|\d{1,2}[.)]\s|\p{Lu}[\p{L}\p{N} ./&()-]{0,38}?[:?]\s)/u;

/**
 * Sentences of each paragraph; the rows of a table are its segments instead, so a table is cut only
 * between rows, and a row that starts a chunk gets the table's header row (a first row without figures)
 * in front of it.
 */
function segmentsOf(text: string, max: number): Segment[] {
  const segments: Segment[] = [];
  paragraphSpans(text).forEach((paragraph, index) => {
    const body = text.slice(paragraph.start, paragraph.end);
    if (isTable(body)) {
      const firstLineEnd = paragraph.start + body.indexOf('\n');
      const header = /\d/.test(text.slice(paragraph.start, firstLineEnd)) ? undefined : { start: paragraph.start, end: firstLineEnd };
      let lineStart = paragraph.start;
      for (const line of body.split('\n')) {
        const lineEnd = lineStart + line.length;
        for (const piece of splitAtWords(text, lineStart, lineEnd, max)) {
          segments.push({ ...piece, paragraph: index, carriable: false, ...(header && lineStart > header.start ? { header } : {}) });
        }
        lineStart = lineEnd + 1;
      }
      return;
    }
    const structured = STRUCTURED_START.test(body);
    const sentences = splitSentences(body);
    for (const sentence of sentences) {
      const whole = sentences.length === 1;
      for (const piece of splitAtWords(text, paragraph.start + sentence.start, paragraph.start + sentence.end, max)) {
        segments.push({ ...piece, paragraph: index, carriable: whole || !structured });
      }
    }
  });
  return segments;
}

/**
 * Renders segments back to text: original spacing inside a paragraph, a blank line between paragraphs,
 * and the header row in front of table rows that continue a table from the chunk before.
 */
function render(text: string, segments: readonly Segment[]): string {
  const runs: string[] = [];
  let runStart = 0;
  for (let i = 1; i <= segments.length; i++) {
    if (i === segments.length || segments[i]!.paragraph !== segments[i - 1]!.paragraph) {
      const first = segments[runStart]!;
      const header = first.header ? `${text.slice(first.header.start, first.header.end)}\n` : '';
      runs.push(header + text.slice(first.start, segments[i - 1]!.end).trim());
      runStart = i;
    }
  }
  return runs.join('\n\n');
}

function paragraphRemainder(segments: readonly Segment[], from: number): number {
  const paragraph = segments[from]!.paragraph;
  let end = from;
  while (end + 1 < segments.length && segments[end + 1]!.paragraph === paragraph) end++;
  return segments[end]!.end - segments[from]!.start;
}

/** Splits one section's text into chunk texts. */
export function splitSectionText(rawText: string, options: ChunkingOptions = DEFAULT_CHUNKING): string[] {
  const text = rawText.trim();
  if (text === '') return [];
  if (text.length <= options.singleChunkMax) return [text];

  const segments = segmentsOf(text, options.max);
  const chunks: string[] = [];
  let current: Segment[] = [];
  // How many segments at the start of `current` were carried over from the previous chunk.
  let carried = 0;

  const emit = () => {
    chunks.push(render(text, current));
    const overlap: Segment[] = [];
    let length = 0;
    for (let i = current.length - 1; i > 0; i--) {
      const size = current[i]!.end - current[i]!.start;
      if (length + size > options.overlap || !current[i]!.carriable) break;
      overlap.unshift(current[i]!);
      length += size;
    }
    current = overlap;
    carried = overlap.length;
  };

  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (current.length > carried) {
      const withSegment = render(text, [...current, segment]).length;
      const currentLength = render(text, current).length;
      const startsParagraph = segment.paragraph !== current[current.length - 1]!.paragraph;
      const tooLong = withSegment > options.max;
      // At a paragraph border, cut early when the whole next paragraph would not fit any more.
      const paragraphWontFit =
        startsParagraph && currentLength >= options.target / 2 && currentLength + 2 + paragraphRemainder(segments, i) > options.max;
      if (tooLong || paragraphWontFit) emit();
    }
    if (current.length > 0 && current.length === carried && render(text, [...current, segment]).length > options.max) {
      current = [];
      carried = 0;
    }
    current.push(segment);
  }
  if (current.length > carried) chunks.push(render(text, current));
  return chunks;
}

export function chunkId(source: string, label: string, index: number, text: string): string {
  return createHash('sha256').update(`${source}\n${label}\n${index}\n${text}`).digest('hex').slice(0, 32);
}

export interface FileInfo {
  hash: string;
  mtime: string;
}

/** Chunks of a whole document with metadata and extracted facts. */
export function chunkDocument(document: LoadedDocument, file: FileInfo, options: ChunkingOptions = DEFAULT_CHUNKING): DraftChunk[] {
  const chunks: DraftChunk[] = [];
  for (const section of document.sections) {
    for (const text of splitSectionText(section.text, options)) {
      chunks.push(makeChunk(document, section, text, chunks.length, file));
    }
  }
  return chunks;
}

function makeChunk(document: LoadedDocument, section: DocumentSection, text: string, index: number, file: FileInfo): DraftChunk {
  const heading = section.heading?.trim() || undefined;
  return {
    id: chunkId(document.source, section.locator.label, index, text),
    source: document.source,
    title: document.title,
    ...(document.publisher ? { publisher: document.publisher } : {}),
    format: document.format,
    locator: section.locator,
    ...(heading ? { heading } : {}),
    ...(section.headingPath && section.headingPath.length > 0 ? { headingPath: section.headingPath } : {}),
    text,
    fileHash: file.hash,
    fileMtime: file.mtime,
    facts: extractFacts(text, { ...(heading ? { heading } : {}), title: document.title }),
  };
}

/**
 * The text that is embedded: title and heading give a continuation chunk the context its own text
 * lacks ("Kosten: 250 Euro" under the heading of the programme it belongs to).
 */
export function embeddingText(chunk: Pick<Chunk, 'title' | 'heading' | 'text'>): string {
  const parts = [chunk.title];
  if (chunk.heading && !chunk.text.startsWith(chunk.heading) && chunk.heading !== chunk.title) parts.push(chunk.heading);
  parts.push(chunk.text);
  return parts.join('\n');
}
