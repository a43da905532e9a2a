import type { Redis } from 'ioredis';
import type { Logger } from '../../core/logger.ts';
import type { AuditEntry, AuditLog, AuditRecord } from '../admin/auditLog.ts';
import { parseField } from './redisFeedbackStore.ts';

/**
 * The admin audit log as a Redis stream shared by all replicas: one entry per admin action, in the
 * order Redis received them, with the same fields as the JSON lines files. Read it with
 * `XRANGE <prefix>audit - +`; retention with `XTRIM <prefix>audit MINID <ms since epoch>`.
 */

const STREAM = 'audit';

export function createRedisAuditLog(redis: Redis, logger: Logger, now: () => Date = () => new Date()): AuditLog {
  return {
    async record(entry: AuditEntry) {
      const record: AuditRecord = { ts: now().toISOString(), ...entry };
      try {
        await redis.xadd(STREAM, '*', 'entry', JSON.stringify(record));
      } catch (error) {
        // The admin action itself already happened; a lost audit entry must be loud in the logs.
        logger.error({ err: error, action: entry.action }, 'admin: audit log write failed');
      }
    },
  };
}

/** The newest `limit` audit records, newest first (for tests and operators' scripts). */
export async function readRedisAuditLog(redis: Redis, limit = 1000): Promise<AuditRecord[]> {
  const raw = (await redis.xrevrange(STREAM, '+', '-', 'COUNT', limit)) as Array<[string, string[]]>;
  return raw.map(([, fields]) => parseField(fields, 'entry') as AuditRecord).filter((record) => record !== undefined);
}
