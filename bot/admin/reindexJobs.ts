import { randomUUID } from 'node:crypto';
import type { AssistantService } from '../../core/answering/assistantService.ts';
import { WegweiserError } from '../../core/errors.ts';
import type { IngestProgress, IngestReport } from '../../core/index/ingestReport.ts';
import type { Logger } from '../../core/logger.ts';
import { EXIT_LOCKED, EXIT_NOTHING_WRITTEN, EXIT_WRITTEN, type IngestionLauncher, type IngestionOutcome, type IngestionRun } from './ingestionProcess.ts';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobError {
  /** 'locked' | 'nothing_written' | 'config_invalid' | 'crashed' | 'reload_failed' */
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

const KEPT_JOBS = 20;

/**
 * Runs re-indexing jobs one at a time and keeps the last few for polling. After a run that wrote an
 * index the assistant reloads, so the next question is answered from the new version while questions
 * in flight finish on the old one.
 */
export class ReindexJobs {
  private readonly jobs = new Map<string, ReindexJob>();
  private active: { job: ReindexJob; run?: IngestionRun; finished: Promise<void> } | undefined;

  constructor(
    private readonly deps: {
      launcher: IngestionLauncher;
      assistant: AssistantService;
      logger: Logger;
      /** Called once per job when it ends (audit log). */
      onFinished?: (job: ReindexJob) => void;
    },
  ) {}

  get(id: string): ReindexJob | undefined {
    return this.jobs.get(id);
  }

  /** The most recent job that has ended, for the status page. */
  lastFinished(): ReindexJob | undefined {
    return [...this.jobs.values()].reverse().find((job) => job.state === 'succeeded' || job.state === 'failed');
  }

  runningJob(): ReindexJob | undefined {
    return this.active?.job;
  }

  /** Starts a job; throws ReindexBusyError while another one runs. */
  start(options: { full: boolean; requestedBy: string }): ReindexJob {
    if (this.active) throw new ReindexBusyError(this.active.job.id);
    const job: ReindexJob = {
      id: randomUUID(),
      state: 'queued',
      full: options.full,
      requestedBy: options.requestedBy,
      progress: { phase: 'queued', done: 0, total: 0 },
      createdAt: new Date().toISOString(),
    };
    this.remember(job);
    const slot: { job: ReindexJob; run?: IngestionRun; finished: Promise<void> } = { job, finished: Promise.resolve() };
    this.active = slot;
    slot.finished = this.execute(slot).finally(() => {
      this.active = undefined;
      this.deps.onFinished?.(job);
    });
    return job;
  }

  /** Stops a running job (server shutdown) and waits until it has ended. */
  async close(): Promise<void> {
    const slot = this.active;
    if (!slot) return;
    slot.run?.cancel();
    await slot.finished;
  }

  private remember(job: ReindexJob): void {
    this.jobs.set(job.id, job);
    while (this.jobs.size > KEPT_JOBS) {
      const oldest = this.jobs.keys().next().value;
      if (oldest === undefined) break;
      this.jobs.delete(oldest);
    }
  }

  private async execute(slot: { job: ReindexJob; run?: IngestionRun }): Promise<void> {
    const { job } = slot;
    const { logger } = this.deps;
    job.state = 'running';
    job.startedAt = new Date().toISOString();
    let outcome: IngestionOutcome;
    try {
      slot.run = this.deps.launcher.start({
        full: job.full,
        onProgress: (progress: IngestProgress) => {
          job.progress = { ...progress };
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
