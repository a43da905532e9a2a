import { randomUUID } from 'node:crypto';
import type { AssistantService } from '../../core/answering/assistantService.ts';
import { WegweiserError } from '../../core/errors.ts';
import type { IngestProgress, IngestReport } from '../../core/index/ingestReport.ts';
import type { Logger } from '../../core/logger.ts';
import { keepRenewed, type LeaseStore } from '../../core/state/leases.ts';
import { EXIT_LOCKED, EXIT_NOTHING_WRITTEN, EXIT_WRITTEN, type IngestionLauncher, type IngestionOutcome, type IngestionRun } from './ingestionProcess.ts';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobError {
  /** 'locked' | 'nothing_written' | 'config_invalid' | 'crashed' | 'reload_failed' | 'abandoned' */
  code: string;
  /** German, for the admin page; details reported by the ingestion itself are quoted as they came. */
  message: string;
}

export interface ReindexJob {
  id: string;
  state: JobState;
  full: boolean;
  requestedBy: string;
  progress: { phase: string; done: number; total: number; file?: string };
  report?: IngestReport;
  error?: JobError;
  /** True when the assistant switched to the new index after this job. */
  reloaded?: boolean;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export class ReindexBusyError extends WegweiserError {
  constructor(readonly runningJobId: string) {
    super(`Es läuft bereits eine Indexierung (${runningJobId}). Bitte warten Sie, bis sie abgeschlossen ist.`, 'reindex_busy');
  }
}

/** The jobs kept for polling and the status page. */
export const KEPT_JOBS = 20;
/** The lease of the running job; renewed while it runs, so it runs out soon after its replica died. */
const JOB_LEASE = 'reindex-job';
const JOB_LEASE_MS = 30_000;
/** Progress is written to the store at most this often (the CLI reports every file). */
const PROGRESS_SAVE_MS = 250;

/**
 * Where jobs are kept: in this process (memoryJobStore.ts) or in the shared store
 * (state/redisJobStore.ts), so that a job started through one replica can be followed through any.
 */
export interface ReindexJobStore {
  save(job: ReindexJob): Promise<void>;
  get(id: string): Promise<ReindexJob | undefined>;
  /** The last KEPT_JOBS jobs, newest first. */
  recent(): Promise<ReindexJob[]>;
}

interface ActiveSlot {
  job: ReindexJob;
  run?: IngestionRun;
  finished: Promise<void>;
}

/**
 * Runs re-indexing jobs one at a time — across all replicas, through a lease in the state store —
 * and keeps the last few for polling. The ingestion runs as a child of the replica that accepted the
 * job; after a run that wrote an index that replica reloads at once, and the others switch when
 * their next poll of CURRENT sees the new version. Questions in flight finish on the old one.
 */
export class ReindexJobs {
  private active: ActiveSlot | undefined;
  private saving: Promise<void> = Promise.resolve();
  private lastSaved = 0;

  constructor(
    private readonly deps: {
      launcher: IngestionLauncher;
      assistant: AssistantService;
      logger: Logger;
      store: ReindexJobStore;
      leases: LeaseStore;
      /** Called once per job when it ends (audit log). */
      onFinished?: (job: ReindexJob) => void;
    },
  ) {}

  /** A job by id; a job whose replica stopped before it ended is reported as failed. */
  async get(id: string): Promise<ReindexJob | undefined> {
    const job = await this.deps.store.get(id);
    return job ? this.withLiveness(job) : undefined;
  }

  /** The most recent job that has ended, for the status page. */
  async lastFinished(): Promise<ReindexJob | undefined> {
    for (const job of await this.deps.store.recent()) {
      const checked = await this.withLiveness(job);
      if (checked.state === 'succeeded' || checked.state === 'failed') return checked;
    }
    return undefined;
  }

  async runningJob(): Promise<ReindexJob | undefined> {
    const holder = await this.deps.leases.holderOf(JOB_LEASE);
    return holder ? this.deps.store.get(holder) : undefined;
  }

  /** Starts a job; throws ReindexBusyError while another one runs (on any replica). */
  async start(options: { full: boolean; requestedBy: string }): Promise<ReindexJob> {
    const id = randomUUID();
    const lease = await this.deps.leases.tryAcquire(JOB_LEASE, JOB_LEASE_MS, id);
    if (!lease) throw new ReindexBusyError((await this.deps.leases.holderOf(JOB_LEASE)) ?? 'unknown');
    const job: ReindexJob = {
      id,
      state: 'queued',
      full: options.full,
      requestedBy: options.requestedBy,
      progress: { phase: 'queued', done: 0, total: 0 },
      createdAt: new Date().toISOString(),
    };
    try {
      await this.deps.store.save(job);
    } catch (error) {
      await lease.release();
      throw error;
    }
    const stopRenewing = keepRenewed(lease, JOB_LEASE_MS, (error) => this.deps.logger.error({ err: error, jobId: id }, 'admin: re-index job lease lost'));
    const slot: ActiveSlot = { job, finished: Promise.resolve() };
    this.active = slot;
    slot.finished = this.execute(slot)
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error, jobId: id }, 'admin: re-index job failed');
        this.fail(job, { code: 'crashed', message: (error as Error).message });
      })
      .then(() => this.persist(job, true))
      .finally(async () => {
        stopRenewing();
        // Released only after the final state is stored, so no reader sees a job without owner.
        await lease.release().catch((error: unknown) => this.deps.logger.warn({ err: error, jobId: id }, 'admin: cannot release the re-index lease'));
        this.active = undefined;
        this.deps.onFinished?.(job);
      });
    return job;
  }

  /** Stops a job running in this process (server shutdown) and waits until it has ended. */
  async close(): Promise<void> {
    const slot = this.active;
    if (!slot) return;
    slot.run?.cancel();
    await slot.finished;
  }

  /** Writes the job to the store, in order; progress at most every PROGRESS_SAVE_MS. */
  private persist(job: ReindexJob, force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastSaved < PROGRESS_SAVE_MS) return this.saving;
    this.lastSaved = now;
    const snapshot = structuredClone(job);
    this.saving = this.saving
      .then(() => this.deps.store.save(snapshot))
      .catch((error: unknown) => this.deps.logger.error({ err: error, jobId: job.id }, 'admin: cannot store the re-index job'));
    return this.saving;
  }

  private async withLiveness(job: ReindexJob): Promise<ReindexJob> {
    if (job.state !== 'queued' && job.state !== 'running') return job;
    if ((await this.deps.leases.holderOf(JOB_LEASE)) === job.id) return job;
    return {
      ...job,
      state: 'failed',
      error: { code: 'abandoned', message: 'Der Server, der diesen Auftrag ausführte, wurde vor dem Ende beendet. Bitte starten Sie die Indexierung erneut.' },
    };
  }

  private async execute(slot: ActiveSlot): Promise<void> {
    const { job } = slot;
    const { logger } = this.deps;
    job.state = 'running';
    job.startedAt = new Date().toISOString();
    void this.persist(job, true);
    let outcome: IngestionOutcome;
    try {
      slot.run = this.deps.launcher.start({
        full: job.full,
        onProgress: (progress: IngestProgress) => {
          job.progress = { ...progress };
          void this.persist(job);
        },
      });
      outcome = await slot.run.done;
    } catch (error) {
      logger.error({ err: error, jobId: job.id }, 'admin: ingestion could not be started');
      this.fail(job, { code: 'crashed', message: `Die Indexierung konnte nicht gestartet werden (${(error as Error).message}).` });
      return;
    }
    if (outcome.report) job.report = outcome.report;

    if (outcome.exitCode === EXIT_WRITTEN) {
      try {
        job.reloaded = await this.deps.assistant.reload();
      } catch (error) {
        logger.error({ err: error, jobId: job.id }, 'admin: assistant could not load the new index');
        this.fail(job, {
          code: 'reload_failed',
          message: `Der Index wurde geschrieben, aber der Assistent konnte ihn nicht laden; er antwortet weiter aus der vorigen Version (${(error as Error).message}).`,
        });
        return;
      }
      job.state = 'succeeded';
      job.finishedAt = new Date().toISOString();
      return;
    }
    this.fail(job, describeFailure(outcome));
  }

  private fail(job: ReindexJob, error: JobError): void {
    job.state = 'failed';
    job.error = error;
    job.finishedAt = new Date().toISOString();
  }
}

/** The line of the CLI's stderr that says what went wrong (an error message, not the stack or banner). */
function errorLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('{') && !line.startsWith('at ') && !/^Node\.js v\d/.test(line));
  return lines.findLast((line) => /^(\w*Error\b|Error:)/.test(line)) ?? lines.at(-1) ?? '';
}

function describeFailure(outcome: IngestionOutcome): JobError {
  const reported = outcome.error?.message ?? errorLine(outcome.stderrTail);
  const detail = reported ? ` Meldung der Indexierung: ${reported}` : '';
  switch (outcome.exitCode) {
    case EXIT_LOCKED:
      return {
        code: 'locked',
        message: 'Eine andere Indexierung (zum Beispiel über die Kommandozeile oder den Beobachtungsmodus) hält die Index-Sperre. Bitte versuchen Sie es erneut, wenn sie abgeschlossen ist.',
      };
    case EXIT_NOTHING_WRITTEN:
      return {
        code: 'nothing_written',
        message: `Es wurde kein brauchbarer Index geschrieben; der Assistent antwortet weiter aus dem vorigen Index.${detail}`,
      };
    case null:
      return { code: 'crashed', message: `Die Indexierung wurde abgebrochen (Signal ${outcome.signal ?? 'unbekannt'}).` };
    default:
      return {
        code: outcome.exitCode === 2 ? 'config_invalid' : 'crashed',
        message: `Die Indexierung endete mit dem Exit-Code ${outcome.exitCode}.${detail}`,
      };
  }
}
