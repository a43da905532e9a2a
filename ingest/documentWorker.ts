import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentLoadError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { ProcessedDocument } from './documentProcessing.ts';
import type { LoadLimits } from './loaders/loadLimits.ts';

/** A document sent to the worker process. */
export interface WorkerJob {
  id: number;
  absolutePath: string;
  relativePath: string;
  bytes: Uint8Array;
  hash: string;
  mtime: string;
  limits: LoadLimits;
}

export type WorkerReply =
  | { id: number; ok: true; document: ProcessedDocument }
  | { id: number; ok: false; code: string; reason: string; stack?: string | undefined };

interface Pending {
  id: number;
  relativePath: string;
  resolve(document: ProcessedDocument): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENTRY = path.join(HERE, 'documentWorkerProcess.ts');
const REPO_ROOT = path.resolve(HERE, '..');
const STDERR_TAIL_CHARS = 2000;
/** An idle reader process is ended after this long; until then the next run reuses it. */
const IDLE_MS = 30_000;

/**
 * Reads documents in a child process with a heap limit (LOADER_MEMORY_MB, --max-old-space-size) and a
 * time limit (LOADER_TIMEOUT_S). A file that exhausts the heap, crashes the reader or takes too long is
 * reported by name (`too_large`, `load_failed`, `load_timeout`); the next file gets a fresh process,
 * and the ingestion goes on. A process, not a worker thread: V8 may end the whole process when a
 * thread with resource limits runs out of heap, which is what happened in tests with worker threads.
 */
export class DocumentWorker {
  private child: ChildProcess | undefined;
  private pending: Pending | undefined;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: LoadLimits,
    private logger?: Logger,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Starts the reader process ahead of the first file, so its start overlaps other work. */
  warmUp(logger?: Logger): void {
    if (logger) this.logger = logger;
    this.ensureChild();
    this.scheduleIdleClose();
  }

  process(file: { absolutePath: string; relativePath: string; bytes: Buffer }, meta: { hash: string; mtime: string }): Promise<ProcessedDocument> {
    if (this.pending) return Promise.reject(new Error('the document worker reads one file at a time'));
    clearTimeout(this.idleTimer);
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise<ProcessedDocument>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          new DocumentLoadError(file.relativePath, `reading the document took longer than LOADER_TIMEOUT_S (${Math.round(this.limits.timeoutMs / 1000)} s) allows`, 'load_timeout'),
        );
      }, this.limits.timeoutMs);
      this.pending = { id, relativePath: file.relativePath, resolve, reject, timer };
      const job: WorkerJob = { id, absolutePath: file.absolutePath, relativePath: file.relativePath, bytes: file.bytes, ...meta, limits: this.limits };
      child.send(job, (error) => {
        if (error) this.fail(new DocumentLoadError(file.relativePath, `the document could not be handed to the reader (${error.message})`, 'load_failed'));
      });
    });
  }

  /** Ends the worker process; a document still being read fails with `load_failed`. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const child = this.child;
    this.child = undefined;
    const pending = this.pending;
    this.settle();
    pending?.reject(new DocumentLoadError(pending.relativePath, 'the ingestion was stopped while this document was read', 'load_failed'));
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    let stderrTail = '';
    const child = fork(ENTRY, [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx', `--max-old-space-size=${this.limits.workerHeapMb}`],
      // Buffers and nested objects travel as structured clones.
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // An idle reader never keeps the ingestion's process alive; a pending job's timer does while it runs.
    child.unref();
    child.channel?.unref();
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    // Events of a process already given up (killed after a failure) concern no current job.
    child.on('message', (reply: WorkerReply) => {
      if (this.child !== child) return;
      const pending = this.pending;
      if (!pending || pending.id !== reply.id) return;
      this.settle();
      if (reply.ok) pending.resolve(reply.document);
      else {
        if (reply.stack) this.logger?.error({ file: pending.relativePath, stack: reply.stack }, 'document could not be processed');
        pending.reject(new DocumentLoadError(pending.relativePath, reply.reason, reply.code));
      }
    });
    child.on('error', (error) => {
      this.logger?.error({ err: error }, 'document reader process failed');
      if (this.child !== child) return;
      this.child = undefined;
      if (this.pending) this.fail(new DocumentLoadError(this.pending.relativePath, `the document reader could not run (${error.message})`, 'load_failed'));
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      const pending = this.pending;
      if (!pending) return;
      if (/heap out of memory|Reached heap limit|Allocation failed/i.test(stderrTail)) {
        this.fail(new DocumentLoadError(pending.relativePath, `reading the document needed more memory than LOADER_MEMORY_MB (${this.limits.workerHeapMb} MB) allows`, 'too_large'));
      } else {
        this.logger?.error({ file: pending.relativePath, code, signal, stderr: stderrTail.slice(-500) }, 'document reader process ended unexpectedly');
        this.fail(new DocumentLoadError(pending.relativePath, `the document reader stopped unexpectedly (${signal ?? `exit code ${code}`})`, 'load_failed'));
      }
    });
    this.child = child;
    return child;
  }

  private settle(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
    this.scheduleIdleClose();
  }

  private scheduleIdleClose(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.close(), this.idleMs).unref();
  }

  /** Rejects the running job and ends the process (it may still be busy with a runaway file). */
  private fail(error: DocumentLoadError): void {
    const pending = this.pending;
    this.settle();
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    pending?.reject(error);
  }
}

const shared = new Map<string, DocumentWorker>();

/**
 * The reader process for these limits, shared by the runs of one process (watch mode, tests), so that
 * its start (a second or two: loaders and pdf.js) is paid once, not per run.
 */
export function sharedDocumentWorker(limits: LoadLimits, logger?: Logger): DocumentWorker {
  const key = JSON.stringify(limits);
  let worker = shared.get(key);
  if (!worker) {
    worker = new DocumentWorker(limits, logger);
    shared.set(key, worker);
  }
  return worker;
}
