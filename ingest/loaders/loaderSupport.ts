import path from 'node:path';
import { DocumentLoadError } from '../../core/errors.ts';
import type { DocumentSection, Locator } from '../../core/types.ts';
import type { SourceFile } from './documentLoader.ts';
import { singleLine } from './textCleanup.ts';

/** Checks every loader needs before parsing; one place so the reasons read the same for every format. */

export function ensureNotEmpty(file: SourceFile): void {
  if (file.bytes.length === 0) {
    throw new DocumentLoadError(file.relativePath, 'the file is empty (0 bytes)', 'empty_file');
  }
}

/** Throws `no_text` when no section carries any text. */
export function ensureHasText(file: SourceFile, sections: readonly DocumentSection[], reason: string): void {
  if (!sections.some((s) => s.text.trim().length > 0)) {
    throw new DocumentLoadError(file.relativePath, reason, 'no_text');
  }
}

/** "workshop-digitalisierungsstrategie.docx" → "workshop digitalisierungsstrategie". */
export function titleFromFileName(relativePath: string): string {
  const base = path.posix.basename(relativePath.replace(/\\/g, '/'));
  const stem = base.replace(/\.[^.]+$/, '');
  return stem.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim() || base;
}

/** Placeholder titles that authoring tools write into metadata; they name no content. */
const PLACEHOLDER_TITLE =
  /^(untitled|unbenannt|ohne titel|neue?s? (dokument|präsentation)|(präsentation|presentation|dokument|document|folie|slide|foliensatz)\s*\d*|pptxgenjs presentation|powerpoint[- ]präsentation|microsoft (word|powerpoint|excel)\b.*|titel|title)$/i;

/** Whether a metadata title is worth showing to a person instead of the file name. */
export function isMeaningfulTitle(candidate: string | undefined): candidate is string {
  if (!candidate) return false;
  const title = singleLine(candidate);
  if (title.length < 3 || title.length > 250) return false;
  if (PLACEHOLDER_TITLE.test(title)) return false;
  if (/\.(pdf|docx?|pptx?|odt|odp|html?|txt|md|indd|tex)$/i.test(title)) return false;
  if (/^[\w.-]+$/.test(title) && /[_.]/.test(title)) return false;
  return /\p{L}{2}/u.test(title);
}

/** First non-empty line when it is short enough to serve as a heading or title. */
export function shortFirstLine(text: string, maxLength = 150): string | undefined {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line || line.length > maxLength) return undefined;
  return line;
}

export function pageLocator(number: number): Locator {
  return { kind: 'page', number, label: `Seite ${number}` };
}

export function slideLocator(number: number): Locator {
  return { kind: 'slide', number, label: `Folie ${number}` };
}

export function sectionLocator(label: string): Locator {
  return { kind: 'section', label };
}

/**
 * A text-format file (HTML, Markdown, plain text) that really holds a PDF, an Office file or other
 * binary data gets a clear reason instead of garbage text. UTF-16 files contain NUL bytes legitimately.
 */
export function ensureTextual(file: SourceFile, formatName: string): void {
  const head = file.bytes.subarray(0, 8192);
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') {
    throw new DocumentLoadError(file.relativePath, `the file is named as ${formatName} but contains a PDF`, 'wrong_content_type');
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new DocumentLoadError(
      file.relativePath,
      `the file is named as ${formatName} but contains a ZIP archive (perhaps a Word or PowerPoint file)`,
      'wrong_content_type',
    );
  }
  if (!utf16 && head.includes(0)) {
    throw new DocumentLoadError(file.relativePath, `the file is named as ${formatName} but contains binary data`, 'wrong_content_type');
  }
}
