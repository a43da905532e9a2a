import type { IncomingMessage } from 'node:http';
import type { Request, Response, Server } from 'restify';
import type { AssistantService } from '../../core/answering/assistantService.ts';
import type { AppConfig } from '../../core/config.ts';
import { pseudonymize, type Logger } from '../../core/logger.ts';
import { MemoryLeases } from '../../core/state/memoryLeases.ts';
import type { LeaseStore } from '../../core/state/leases.ts';
import { fileFeedbackStore, type FeedbackStore } from '../feedbackStore.ts';
import type { ClientAddressOf } from '../http/clientAddress.ts';
import type { RateLimiterFactory } from '../rateLimiter.ts';
import { RepeatedEvents } from '../repeatedEvents.ts';
import { MemoryRateLimiter } from '../state/memoryRateLimiter.ts';
import { createAdminAuthenticator, type AdminPrincipal } from './adminAuth.ts';
import { serveAdminPage } from './adminPage.ts';
import { buildAdminStatus } from './adminStatus.ts';
import { createAuditLog, type AuditLog } from './auditLog.ts';
import { checkDocumentPath } from './documentNames.ts';
import { deleteFolderDocument, DocumentPathError } from './documentsFolder.ts';
import { receiveDocumentUpload, removeStaleUploads } from './documentUpload.ts';
import { createIngestionLauncher, type IngestionLauncher } from './ingestionProcess.ts';
import { MemoryJobStore } from './memoryJobStore.ts';
import { ReindexBusyError, ReindexJobs, type ReindexJobStore } from './reindexJobs.ts';

export interface AdminDeps {
  config: AppConfig;
  assistant: AssistantService;
  logger: Logger;
  /** Replaces the ingestion child process (tests of failure paths). */
  launcher?: IngestionLauncher;
  /**
   * Where feedback, audit entries, jobs and the failed sign-ins are kept and counted; default: this
   * process and DATA_DIR (STATE_STORE=memory).
   */
  stores?: { feedback: FeedbackStore; audit: AuditLog; reindexJobs: ReindexJobStore; leases: LeaseStore; rateLimiter: RateLimiterFactory };
  /** The client's address behind the trusted proxies; default: the socket's peer. */
  clientAddress?: ClientAddressOf;
}

export interface AdminRoutes {
  readonly jobs: ReindexJobs;
  /** Stops a running re-indexing job; also called when the server closes. */
  close(): Promise<void>;
}

const API = '/api/admin';
const MAX_JSON_BODY_BYTES = 16 * 1024;
const DEFAULT_FEEDBACK_ENTRIES = 500;
const MAX_FEEDBACK_ENTRIES = 10_000;

type Handler = (req: Request, res: Response, principal: AdminPrincipal) => Promise<void>;

function replyJson(res: Response, status: number, body: unknown): void {
  res.header('Cache-Control', 'no-store');
  res.send(status, body);
}

/** Refusals and failures: a German sentence for the admin page, an English code for programs. */
function replyError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  replyJson(res, status, { error: message, code, ...extra });
}

/** What a 500 reply says: that the action failed and the kind of failure (an errno code), never a path or message. */
function serverFailureMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const kind = typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? ` (${code})` : '';
  return `Die Aktion ist fehlgeschlagen${kind}; die Einzelheiten stehen im Server-Protokoll.`;
}

/** Reads a small JSON body, whether or not the server installed a body parser before us. */
async function readJsonBody(req: Request): Promise<unknown> {
  const parsed = (req as Request & { body?: unknown }).body;
  if (parsed !== undefined) {
    if (typeof parsed === 'string' || Buffer.isBuffer(parsed)) return parsed.length === 0 ? {} : JSON.parse(parsed.toString());
    return parsed;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as IncomingMessage) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY_BYTES) throw new SyntaxError('request body is too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return text === '' ? {} : JSON.parse(text);
}

/**
 * Mounts the admin API under /api/admin (every route authenticated and audited) and the admin page
 * under /admin. The API runs ingestion as a child process, never in the server process.
 */
export function registerAdminRoutes(server: Server, deps: AdminDeps): AdminRoutes {
  const { config, assistant } = deps;
  const logger = deps.logger.child({ component: 'admin' });
  const authenticator = createAdminAuthenticator(config, logger);
  const audit: AuditLog = deps.stores?.audit ?? createAuditLog(config.dataDir, logger);
  const feedback = deps.stores?.feedback ?? fileFeedbackStore(config.dataDir);
  const jobs = new ReindexJobs({
    launcher: deps.launcher ?? createIngestionLauncher(config, logger),
    assistant,
    logger,
    store: deps.stores?.reindexJobs ?? new MemoryJobStore(),
    leases: deps.stores?.leases ?? new MemoryLeases(),
    onFinished: (job) =>
      void audit.record({
        actor: job.requestedBy,
        action: 'reindex.finished',
        target: 'index',
        outcome: job.state === 'succeeded' ? 'success' : 'failure',
        jobId: job.id,
        ...(job.error ? { reason: job.error.message } : {}),
      }),
  });
  if (!authenticator.enabled) logger.warn('admin API disabled: set ADMIN_TOKEN or ADMIN_ENTRA_TENANT_ID to enable it');
  // Uploads interrupted by a crash or kill left their temporary files behind.
  void removeStaleUploads(config.docsDir, logger);

  // Failed sign-ins are limited per client address; a flood of them leaves one audit line per client
  // and minute in full plus one line with the count of the rest, instead of one line per attempt.
  const clientAddress = deps.clientAddress ?? ((req: Request) => req.socket.remoteAddress ?? 'unknown');
  const authFailureLimit = { name: 'admin-auth-failures', limit: config.ADMIN_AUTH_FAILURES_PER_MINUTE };
  const authFailures = deps.stores?.rateLimiter(authFailureLimit) ?? new MemoryRateLimiter(authFailureLimit);
  let summaryWritten: Promise<void> = Promise.resolve();
  const refusedSignIns = new RepeatedEvents((client, suppressed) => {
    logger.warn({ client, suppressed }, 'admin: further refused calls from this client in the last minute');
    summaryWritten = audit.record({
      actor: 'anonymous',
      action: 'refused-calls',
      outcome: 'denied',
      reason: `further refused calls from client ${client} within a minute`,
      client,
      count: suppressed,
    });
  });

  const protect =
    (action: string, handler: Handler) =>
    async (req: Request, res: Response): Promise<void> => {
      const client = pseudonymize(`address:${clientAddress(req)}`, config.PSEUDONYM_SECRET);
      const refuse = async (status: number, code: string, reason: string, challenge?: string) => {
        if (challenge) res.header('WWW-Authenticate', challenge);
        if (refusedSignIns.first(client)) await audit.record({ actor: 'anonymous', action, outcome: 'denied', reason, client });
        // Drain an unread request body so the client receives the refusal instead of a reset.
        req.resume();
        replyError(res, status, code, reason);
      };
      if (authenticator.enabled) {
        if (await authFailures.isLimited(client)) {
          res.header('Retry-After', '60');
          await refuse(429, 'too_many_failed_signins', 'Zu viele fehlgeschlagene Anmeldungen von dieser Adresse. Bitte versuchen Sie es in einer Minute erneut.');
          return;
        }
      }
      const outcome = await authenticator.authenticate(req.headers.authorization);
      if (!outcome.ok) {
        if (outcome.status === 503) {
          req.resume();
          replyError(res, outcome.status, outcome.code, outcome.reason);
          return;
        }
        if (outcome.status === 401) await authFailures.tryAcquire(client);
        await refuse(outcome.status, outcome.code, outcome.reason, outcome.challenge);
        return;
      }
      try {
        await handler(req, res, outcome.principal);
      } catch (error) {
        logger.error({ err: error, action }, 'admin: request failed');
        await audit.record({ actor: outcome.principal.actor, action, outcome: 'failure', reason: (error as Error).message });
        // File-system messages name absolute paths; the reply names only the kind of failure.
        if (!res.headersSent) replyError(res, 500, 'internal_error', serverFailureMessage(error));
      }
    };

  server.post(
    `${API}/reindex`,
    protect('reindex', async (req, res, principal) => {
      let body: unknown;
      try {
        body = await readJsonBody(req);
      } catch (error) {
        replyError(res, 400, 'invalid_json', `Der Inhalt der Anfrage muss JSON sein, zum Beispiel {"full": true} (${(error as Error).message}).`);
        return;
      }
      const full = typeof body === 'object' && body !== null && (body as { full?: unknown }).full === true;
      try {
        const job = await jobs.start({ full, requestedBy: principal.actor });
        await audit.record({ actor: principal.actor, action: 'reindex', target: full ? 'index (full)' : 'index', outcome: 'success', jobId: job.id });
        res.header('Location', `${API}/jobs/${job.id}`);
        replyJson(res, 202, { jobId: job.id });
      } catch (error) {
        if (!(error instanceof ReindexBusyError)) throw error;
        await audit.record({ actor: principal.actor, action: 'reindex', target: 'index', outcome: 'failure', reason: 'busy', jobId: error.runningJobId });
        replyError(res, 409, error.code, error.message, { jobId: error.runningJobId });
      }
    }),
  );

  server.get(
    `${API}/jobs/:id`,
    protect('job.read', async (req, res) => {
      const job = await jobs.get(String(req.params.id ?? ''));
      if (!job) {
        replyError(res, 404, 'job_not_found', 'Diesen Auftrag gibt es nicht (aufbewahrt werden nur die letzten Aufträge).');
        return;
      }
      replyJson(res, 200, job);
    }),
  );

  server.get(
    `${API}/status`,
    protect('status', async (_req, res) => {
      const lastJob = await jobs.lastFinished();
      const runningJob = await jobs.runningJob();
      const status = await buildAdminStatus({
        assistant,
        docsDir: config.docsDir,
        ...(lastJob ? { lastJob } : {}),
        ...(runningJob ? { runningJob } : {}),
      });
      replyJson(res, 200, {
        ...status,
        embeddingsConfigured: config.EMBEDDINGS,
        maxUploadSizeMb: config.MAX_UPLOAD_SIZE_MB,
      });
    }),
  );

  server.post(
    `${API}/documents`,
    protect('upload', async (req, res, principal) => {
      const outcome = await receiveDocumentUpload(req, {
        docsDir: config.docsDir,
        maxBytes: Math.round(config.MAX_UPLOAD_SIZE_MB * 1024 * 1024),
        logger,
        idleTimeoutMs: config.REQUEST_IDLE_TIMEOUT_MS,
      });
      if (!outcome.ok) {
        await audit.record({
          actor: principal.actor,
          action: 'upload',
          ...(outcome.name ? { target: outcome.name } : {}),
          outcome: 'failure',
          reason: outcome.reason,
        });
        if (outcome.status === 413 || outcome.status === 408) res.header('Connection', 'close');
        replyError(res, outcome.status, outcome.code, outcome.reason);
        return;
      }
      await audit.record({ actor: principal.actor, action: 'upload', target: outcome.name, outcome: 'success' });
      replyJson(res, 201, { name: outcome.name, size: outcome.size, replaced: outcome.replaced });
    }),
  );

  server.del(
    `${API}/documents/:name`,
    protect('delete', async (req, res, principal) => {
      const raw = String(req.params.name ?? '');
      const checked = checkDocumentPath(raw);
      if (!checked.ok) {
        await audit.record({ actor: principal.actor, action: 'delete', target: raw.slice(0, 200), outcome: 'failure', reason: checked.reason });
        replyError(res, 400, checked.code, checked.reason);
        return;
      }
      let deleted: boolean;
      try {
        deleted = await deleteFolderDocument(config.docsDir, checked.name);
      } catch (error) {
        if (!(error instanceof DocumentPathError)) throw error;
        await audit.record({ actor: principal.actor, action: 'delete', target: checked.name, outcome: 'failure', reason: error.message });
        replyError(res, 400, error.code, error.message);
        return;
      }
      if (!deleted) {
        replyError(res, 404, 'document_not_found', `Im Dokumentenordner gibt es kein Dokument „${checked.name}“.`);
        return;
      }
      await audit.record({ actor: principal.actor, action: 'delete', target: checked.name, outcome: 'success' });
      res.header('Cache-Control', 'no-store');
      res.send(204);
    }),
  );

  server.get(
    `${API}/feedback`,
    protect('feedback.read', async (req, res, principal) => {
      const requested = Number(new URL(req.url ?? '', 'http://admin.invalid').searchParams.get('limit'));
      const limit = Number.isInteger(requested) && requested > 0 ? Math.min(requested, MAX_FEEDBACK_ENTRIES) : DEFAULT_FEEDBACK_ENTRIES;
      const entries = await feedback.read({ limit });
      await audit.record({ actor: principal.actor, action: 'feedback.read', outcome: 'success' });
      replyJson(res, 200, { entries });
    }),
  );

  serveAdminPage(server);

  server.server.once('close', () => {
    refusedSignIns.close();
    void jobs.close();
  });

  return {
    jobs,
    async close() {
      refusedSignIns.close();
      await summaryWritten;
      await jobs.close();
    },
  };
}
