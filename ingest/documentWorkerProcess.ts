import { DocumentLoadError } from '../core/errors.ts';
import { processDocument } from './documentProcessing.ts';
import type { WorkerJob, WorkerReply } from './documentWorker.ts';

/**
 * The child process side of documentWorker.ts: reads one document per message and answers every
 * failure; a file that exhausts the heap ends this process, never the ingestion.
 */
process.on('message', (job: WorkerJob) => {
  const file = { absolutePath: job.absolutePath, relativePath: job.relativePath, bytes: Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), limits: job.limits };
  processDocument(file, { hash: job.hash, mtime: job.mtime }).then(
    (document) => process.send!({ id: job.id, ok: true, document } satisfies WorkerReply),
    (error: unknown) => {
      const reply: WorkerReply =
        error instanceof DocumentLoadError
          ? { id: job.id, ok: false, code: error.code, reason: error.reason }
          : { id: job.id, ok: false, code: 'load_failed', reason: `the document could not be processed (${(error as Error)?.message ?? String(error)})`, stack: (error as Error)?.stack };
      process.send!(reply);
    },
  );
});
// The ingestion went away (killed, crashed): nothing is left to read for.
process.on('disconnect', () => process.exit(0));
