import { z } from 'zod';
import { failedFileSchema } from './indexFormat.ts';

/**
 * What one ingestion run did. The CLI prints it, the admin API reads it from the CLI's
 * `--progress-jsonl` output, so the schema lives in core where both can reach it.
 */
export const ingestReportSchema = z.object({
  /** The version written by this run; absent when nothing was written. */
  versionId: z.string().optional(),
  /**
   * True when a usable index is live after this run: the version written now, or, when nothing changed,
   * the previous version (then `versionId` names it and `notes` says so). False: nothing usable exists.
   */
  written: z.boolean(),
  /** Relative paths of documents new in the index. */
  added: z.array(z.string()),
  /** Relative paths of documents whose content changed and were re-read. */
  updated: z.array(z.string()),
  /** Relative paths of documents reused without re-reading or re-embedding. */
  unchanged: z.array(z.string()),
  /** Relative paths of documents that left the index (deleted from the documents folder). */
  removed: z.array(z.string()),
  failed: z.array(failedFileSchema),
  /** Chunks in the index after this run. */
  chunkCount: z.number().int(),
  /** Chunks whose embeddings were computed in this run (0 when nothing changed). */
  chunksEmbedded: z.number().int(),
  /** Pages, slides and sections of all indexed documents. */
  pagesOrSections: z.number().int(),
  durationMs: z.number(),
  docsDir: z.string(),
  /** Remarks a person should know about, e.g. why a full rebuild happened. */
  notes: z.array(z.string()).default([]),
});
export type IngestReport = z.infer<typeof ingestReportSchema>;

export const ingestPhaseSchema = z.enum(['scan', 'load', 'embed', 'write']);
export type IngestPhase = z.infer<typeof ingestPhaseSchema>;

/** One progress step; `file` names the document being read during `load`. */
export const ingestProgressSchema = z.object({
  phase: ingestPhaseSchema,
  done: z.number().int(),
  total: z.number().int(),
  file: z.string().optional(),
});
export type IngestProgress = z.infer<typeof ingestProgressSchema>;

/**
 * One line of `ingest/cli.ts --progress-jsonl` output (the admin API runs the CLI as a child process).
 * The last line is the report, or an error when the run failed (exit code 1, 2 or 3).
 */
export const ingestCliLineSchema = z.discriminatedUnion('type', [
  ingestProgressSchema.extend({ type: z.literal('progress') }),
  z.object({ type: z.literal('report'), report: ingestReportSchema }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('info'), message: z.string() }),
]);
export type IngestCliLine = z.infer<typeof ingestCliLineSchema>;
