import { createHmac } from 'node:crypto';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stderr (stdout stays free for CLI output such as `--json`).
 * Authorization headers and secrets are redacted; user messages are never logged at info level.
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'wegweiser',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: {
        paths: ['req.headers.authorization', 'headers.authorization', '*.apiKey', '*.password', '*.secret', '*.token'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}

/** A stable pseudonym for a user id: the same user maps to the same short id, which cannot be reversed. */
export function pseudonymize(userId: string, secret: string): string {
  return createHmac('sha256', secret).update(userId).digest('hex').slice(0, 16);
}
