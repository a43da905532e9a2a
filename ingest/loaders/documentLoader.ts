import type { DocumentFormat, LoadedDocument } from '../../core/types.ts';
import type { LoadLimits } from './loadLimits.ts';

/** A file handed to a loader: its bytes are already read and size-checked by the pipeline. */
export interface SourceFile {
  absolutePath: string;
  /** Path relative to the documents folder, forward slashes; used as `LoadedDocument.source`. */
  relativePath: string;
  bytes: Buffer;
  /** Resource limits to read it within; DEFAULT_LOAD_LIMITS when absent. */
  limits?: LoadLimits;
}

/**
 * One loader per format. A loader throws `DocumentLoadError` (core/errors.ts) with a reason a person
 * understands when the file cannot be read; it never returns a document without text silently.
 */
export interface DocumentLoader {
  readonly format: DocumentFormat;
  /** Lower-case extensions including the dot, e.g. ['.pdf']. */
  readonly extensions: readonly string[];
  load(file: SourceFile): Promise<LoadedDocument>;
}
