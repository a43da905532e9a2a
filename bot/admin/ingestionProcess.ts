import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { configSchema, type AppConfig } from '../../core/config.ts';
import { ingestProgressSchema, ingestReportSchema, type IngestProgress, type IngestReport } from '../../core/index/ingestReport.ts';
import type { Logger } from '../../core/logger.ts';

/** What one ingestion run ended with. */
export interface IngestionOutcome {
  /** 0 = index written, 1 = nothing written, 2 = usage/config error, 3 = locked; null when killed. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  report?: IngestReport;
  /** The error the CLI reported on stdout (`{"type":"error",code,message}`), if any. */
  error?: { code: string; message: string };
  /** The last lines the CLI wrote to stderr, for the error a person sees. */
  stderrTail: string;
}

export interface IngestionRun {
  readonly done: Promise<IngestionOutcome>;
  /** Ends the run (SIGTERM); the ingestion is crash-safe, the live index stays as it was. */
  cancel(): void;
}

/** The seam between the admin API and ingestion: bot/ never imports ingest/, it runs the CLI. */
export interface IngestionLauncher {
  start(options: { full: boolean; onProgress: (progress: IngestProgress) => void }): IngestionRun;
}

export const EXIT_WRITTEN = 0;
export const EXIT_NOTHING_WRITTEN = 1;
export const EXIT_USAGE = 2;
export const EXIT_LOCKED = 3;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const STDERR_TAIL_CHARS = 4000;

/**
 * The child gets the server's effective configuration as environment variables, so it embeds with
 * exactly the provider the running assistant searches with, even when the config was built in code.
 */
function environmentFor(config: AppConfig): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(configSchema.shape) as Array<keyof typeof configSchema.shape>) {
    const value = config[key];
    if (value === undefined) delete env[key];
    else env[key] = String(value);
  }
  return env;
}

export function createIngestionLauncher(config: AppConfig, logger: Logger): IngestionLauncher {
  return {
    start({ full, onProgress }) {
      const args = [
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'ingest', 'cli.ts'),
        '--docs',
        config.docsDir,
        '--index',
        config.indexDir,
        '--progress-jsonl',
        ...(full ? ['--full'] : []),
      ];
      const child: ChildProcess = spawn(process.execPath, args, {
        cwd: REPO_ROOT,
        env: environmentFor(config),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      logger.info({ pid: child.pid, full }, 'admin: ingestion started');

      let report: IngestReport | undefined;
      let reportedError: { code: string; message: string } | undefined;
      let stderr = '';
      const stdoutLines = createInterface({ input: child.stdout! });
      stdoutLines.on('line', (line) => {
        const trimmed = line.trim();
        if (!trimmed.startsWith('{')) return;
        let message: unknown;
        try {
          message = JSON.parse(trimmed);
        } catch {
          logger.debug({ line: trimmed.slice(0, 200) }, 'admin: ingestion printed a line that is not JSON');
          return;
        }
        const type = (message as { type?: unknown }).type;
        if (type === 'progress') {
          const progress = ingestProgressSchema.safeParse(message);
          if (progress.success) onProgress(progress.data);
        } else if (type === 'report') {
          const parsed = ingestReportSchema.safeParse((message as { report?: unknown }).report);
          if (parsed.success) report = parsed.data;
          else logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'admin: ingestion report did not match the schema');
        } else if (type === 'error') {
          const { code, message: text } = message as { code?: unknown; message?: unknown };
          if (typeof text === 'string') reportedError = { code: typeof code === 'string' ? code : 'ingest_failed', message: text };
        }
      });
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (text: string) => {
        stderr = (stderr + text).slice(-STDERR_TAIL_CHARS);
      });

      const done = new Promise<IngestionOutcome>((resolve, reject) => {
        child.once('error', reject);
        // 'close' (not 'exit') waits until stdout is fully read, so the final report is never lost.
        child.once('close', (exitCode, signal) => {
          logger.info({ pid: child.pid, exitCode, signal }, 'admin: ingestion finished');
          resolve({ exitCode, signal, ...(report ? { report } : {}), ...(reportedError ? { error: reportedError } : {}), stderrTail: stderr });
        });
      });
      return {
        done,
        cancel: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        },
      };
    },
  };
}
