import type { AssistantService } from '../../core/answering/assistantService.ts';
import type { EmbedderInfo, FailedFile } from '../../core/index/indexFormat.ts';
import { listFolderDocuments } from './documentsFolder.ts';
import type { ReindexJob } from './reindexJobs.ts';

export interface StatusDocument {
  /** Path relative to the documents folder. */
  name: string;
  /** Present on disk in the documents folder. */
  inFolder: boolean;
  size?: number;
  mtime?: string;
  /** In the live index (with its chunk count). */
  indexed: boolean;
  chunkCount?: number;
  title?: string;
  format?: string;
  /** Why the last ingestion could not read it (the ingestion's English text) and its code. */
  failedReason?: string;
  failedCode?: string;
  /** On disk, changed after the index was built or never indexed: a re-index would pick it up. */
  pending: boolean;
}

export interface AdminStatus {
  ready: boolean;
  index?: {
    versionId: string;
    createdAt: string;
    chunkCount: number;
    fileCount: number;
    embedder: EmbedderInfo;
  };
  lastIngestion?: {
    at: string;
    source: 'admin-job' | 'index';
    jobId?: string;
    state?: string;
    /** Counts per outcome; added/updated/unchanged/removed only when the run was an admin job with a report. */
    summary: { added?: number; updated?: number; unchanged?: number; removed?: number; failed: number; chunkCount: number };
    error?: string;
  };
  runningJob?: { id: string; progress: ReindexJob['progress'] };
  failed: FailedFile[];
  documents: StatusDocument[];
}

/** Puts together what the admin page shows: the live index, the last run and the documents folder. */
export async function buildAdminStatus(input: {
  assistant: AssistantService;
  docsDir: string;
  lastJob?: ReindexJob;
  runningJob?: ReindexJob;
}): Promise<AdminStatus> {
  const manifest = input.assistant.currentManifest();
  const folder = await listFolderDocuments(input.docsDir);
  const failedBySource = new Map((manifest?.failed ?? []).map((f) => [f.source, f]));
  const indexedBySource = new Map((manifest?.files ?? []).map((f) => [f.source, f]));

  const names = new Set([...folder.map((d) => d.name), ...indexedBySource.keys(), ...failedBySource.keys()]);
  const onDisk = new Map(folder.map((d) => [d.name, d]));
  const documents: StatusDocument[] = [...names]
    .sort((a, b) => a.localeCompare(b, 'de'))
    .map((name) => {
      const disk = onDisk.get(name);
      const indexed = indexedBySource.get(name);
      const failed = failedBySource.get(name);
      const pending =
        disk !== undefined &&
        failed === undefined &&
        (indexed === undefined || indexed.size !== disk.size || Date.parse(indexed.mtime) !== Date.parse(disk.mtime));
      return {
        name,
        inFolder: Boolean(disk),
        ...(disk ? { size: disk.size, mtime: disk.mtime } : {}),
        indexed: Boolean(indexed),
        ...(indexed ? { chunkCount: indexed.chunkCount, title: indexed.title, format: indexed.format } : {}),
        ...(failed ? { failedReason: failed.reason, failedCode: failed.code } : {}),
        pending,
      };
    });

  const status: AdminStatus = { ready: input.assistant.isReady(), failed: manifest?.failed ?? [], documents };
  if (manifest) {
    status.index = {
      versionId: manifest.id,
      createdAt: manifest.createdAt,
      chunkCount: manifest.chunkCount,
      fileCount: manifest.files.length,
      embedder: manifest.embedder,
    };
  }
  const job = input.lastJob;
  if (job?.finishedAt && (!manifest || job.finishedAt >= manifest.createdAt)) {
    const report = job.report;
    status.lastIngestion = {
      at: job.finishedAt,
      source: 'admin-job',
      jobId: job.id,
      state: job.state,
      summary: report
        ? {
            added: report.added.length,
            updated: report.updated.length,
            unchanged: report.unchanged.length,
            removed: report.removed.length,
            failed: report.failed.length,
            chunkCount: report.chunkCount,
          }
        : { failed: manifest?.failed.length ?? 0, chunkCount: manifest?.chunkCount ?? 0 },
      ...(job.error ? { error: job.error.message } : {}),
    };
  } else if (manifest) {
    // Built by the command line or watch mode: the manifest is all we know about that run.
    status.lastIngestion = {
      at: manifest.createdAt,
      source: 'index',
      summary: { failed: manifest.failed.length, chunkCount: manifest.chunkCount },
    };
  }
  if (input.runningJob) status.runningJob = { id: input.runningJob.id, progress: input.runningJob.progress };
  return status;
}
