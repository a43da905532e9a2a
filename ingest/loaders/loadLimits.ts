/** Resource limits every document is read within (MAX_ARCHIVE_*, MAX_TEXT_PER_DOCUMENT_MB, LOADER_*). */
export interface LoadLimits {
  /** PPTX/DOCX: the sum of all entries' uncompressed sizes. */
  archiveTotalBytes: number;
  /** PPTX/DOCX: one XML part's uncompressed size. */
  archiveEntryBytes: number;
  /** PPTX/DOCX: number of entries. */
  archiveEntries: number;
  /** Characters of text one document may yield. */
  textChars: number;
  /** Heap of the worker process that reads documents. */
  workerHeapMb: number;
  /** Time one document may take to read. */
  timeoutMs: number;
}

const MB = 1024 * 1024;

/** The defaults of the configuration schema (core/config.ts), for callers without a configuration. */
export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  archiveTotalBytes: 500 * MB,
  archiveEntryBytes: 64 * MB,
  archiveEntries: 10_000,
  textChars: 20_000_000,
  workerHeapMb: 1024,
  timeoutMs: 300_000,
};

/** The limits a configuration sets. */
export function loadLimitsFromConfig(config: {
  MAX_ARCHIVE_UNCOMPRESSED_MB: number;
  MAX_ARCHIVE_ENTRY_MB: number;
  MAX_ARCHIVE_ENTRIES: number;
  MAX_TEXT_PER_DOCUMENT_MB: number;
  LOADER_MEMORY_MB: number;
  LOADER_TIMEOUT_S: number;
}): LoadLimits {
  return {
    archiveTotalBytes: Math.round(config.MAX_ARCHIVE_UNCOMPRESSED_MB * MB),
    archiveEntryBytes: Math.round(config.MAX_ARCHIVE_ENTRY_MB * MB),
    archiveEntries: config.MAX_ARCHIVE_ENTRIES,
    textChars: Math.round(config.MAX_TEXT_PER_DOCUMENT_MB * 1_000_000),
    workerHeapMb: config.LOADER_MEMORY_MB,
    timeoutMs: config.LOADER_TIMEOUT_S * 1000,
  };
}
