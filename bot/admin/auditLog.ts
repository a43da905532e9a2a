import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../core/logger.ts';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  /** 'admin-token', the Entra user name, or 'anonymous' for refused calls. */
  actor: string;
  /** What was attempted, e.g. 'reindex', 'upload', 'delete', 'status'. */
  action: string;
  /** The object acted on: a document name, a job id. */
  target?: string;
  outcome: AuditOutcome;
  jobId?: string;
  /** Short English reason for failures and refusals. */
  reason?: string;
  /** Pseudonym of the client address, for refused calls. */
  client?: string;
  /** How many events one aggregated line stands for (a flood of refused calls). */
  count?: number;
}

export interface AuditRecord extends AuditEntry {
  ts: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

export function auditFileFor(dataDir: string, date: Date): string {
  const month = date.toISOString().slice(0, 7);
  return path.join(dataDir, 'audit', `audit-${month}.jsonl`);
}

/**
 * Append-only JSON lines, one file per month (UTC) so old months can be archived or deleted by
 * retention rules without touching the current file.
 */
export function createAuditLog(dataDir: string, logger: Logger, now: () => Date = () => new Date()): AuditLog {
  // Writes are chained so lines from concurrent requests never interleave.
  let queue: Promise<void> = Promise.resolve();
  return {
    record(entry) {
      const date = now();
      const line = `${JSON.stringify({ ts: date.toISOString(), ...entry } satisfies AuditRecord)}\n`;
      const file = auditFileFor(dataDir, date);
      const write = queue.then(async () => {
        await mkdir(path.dirname(file), { recursive: true });
        await appendFile(file, line, { encoding: 'utf8', mode: 0o640 });
      });
      queue = write.catch((error: unknown) => {
        // The admin action itself already happened; a lost audit line must be loud in the logs.
        logger.error({ err: error, action: entry.action, file }, 'admin: audit log write failed');
      });
      return queue;
    },
  };
}
