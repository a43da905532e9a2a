import { DocumentLoadError } from '../core/errors.ts';
import type { DocumentFormat } from '../core/types.ts';
import { chunkDocument, type DraftChunk } from './chunker.ts';
import type { SourceFile } from './loaders/documentLoader.ts';
import { DEFAULT_LOAD_LIMITS } from './loaders/loadLimits.ts';
import { loaderForFile } from './loaders/loaderRegistry.ts';

/** What reading one document yields for the index: its description and its chunks with facts. */
export interface ProcessedDocument {
  title: string;
  format: DocumentFormat;
  sectionCount: number;
  drafts: DraftChunk[];
}

/**
 * Reads one document with its loader, checks the text against the per-document cap and chunks it.
 * Runs in the document worker process (documentWorker.ts), so that a file which exhausts memory ends
 * that process, not the ingestion.
 */
export async function processDocument(file: SourceFile, meta: { hash: string; mtime: string }): Promise<ProcessedDocument> {
  const loader = loaderForFile(file.relativePath);
  if (!loader) throw new DocumentLoadError(file.relativePath, 'no loader reads this file type', 'unsupported_type');
  const document = await loader.load(file);
  const limit = (file.limits ?? DEFAULT_LOAD_LIMITS).textChars;
  const characters = document.sections.reduce((sum, section) => sum + section.text.length, 0);
  if (characters > limit) {
    throw new DocumentLoadError(
      file.relativePath,
      `the document holds ${(characters / 1e6).toLocaleString('en', { maximumFractionDigits: 1 })} million characters of text, more than MAX_TEXT_PER_DOCUMENT_MB (${(limit / 1e6).toLocaleString('en')} million) allows`,
      'too_large',
    );
  }
  return { title: document.title, format: document.format, sectionCount: document.sections.length, drafts: chunkDocument(document, meta) };
}
