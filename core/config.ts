import path from 'node:path';
import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

/**
 * Every setting comes from the environment and is checked here, once, by one schema.
 * `.env.example` documents each variable; keep both in step.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url({ message: 'must be a URL such as https://example.org' }).optional());

const int = (min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

/** scheme://host[:port|:*] without a path. */
const SERVICE_URL_PATTERN = /^https?:\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:(\d{1,5}|\*))?$/;

function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter((item) => item !== '');
}

function compilesAsProxyList(list: string[]): boolean {
  try {
    proxyAddr.compile(list);
    return true;
  } catch {
    return false;
  }
}

export const configSchema = z.object({
  PORT: int(1, 65535).default(3978),
  /** Default: 127.0.0.1 without a bot identity (MicrosoftAppId), else 0.0.0.0; see resolveHost. */
  HOST: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DOCS_DIR: z.string().default('data/docs'),
  INDEX_DIR: z.string().default('data/index'),
  /** Feedback and audit logs live below this folder. */
  DATA_DIR: z.string().default('data'),
  MAX_FILE_SIZE_MB: z.coerce.number({ message: 'must be a number' }).positive({ message: 'must be positive' }).default(50),
  INGEST_ON_START: bool.default(true),
  /** How often the bot reads INDEX_DIR/CURRENT to switch to a new version (polling: shared volumes deliver no file events). */
  INDEX_POLL_INTERVAL_MS: int(100, 600_000).default(1000),

  EMBEDDINGS: z.enum(['local', 'azure-openai', 'openai-compatible']).default('local'),

  ANSWER_ENGINE: z.enum(['extractive', 'llm']).default('extractive'),
  LLM_PROVIDER: z.enum(['azure-openai', 'openai-compatible']).default('openai-compatible'),
  LLM_TIMEOUT_MS: int(100, 600_000).default(20_000),
  RETRIEVAL_TOP_K: int(1, 50).default(8),
  /** Added to the extractive engine's fitted answer thresholds: above 0 it declines more, below 0 it answers more. */
  ANSWER_THRESHOLD_OFFSET: z.coerce
    .number({ message: 'must be a number' })
    .min(-3, { message: 'must be between -3 and 3' })
    .max(3, { message: 'must be between -3 and 3' })
    .default(0),
  /** Ding German–English dictionary (Debian trans-de-en) for English questions; empty: not used. */
  DING_DICTIONARY_FILE: z.string().trim().default('/usr/share/trans/de-en'),
  /** Follow-up questions offered after an answer (each checked against the index first); 0 turns them off. */
  FOLLOW_UP_SUGGESTIONS: int(0, 5).default(3),

  AZURE_OPENAI_ENDPOINT: optionalUrl,
  /** Without a key, Microsoft Entra ID (DefaultAzureCredential) is used. */
  AZURE_OPENAI_API_KEY: optionalString,
  AZURE_OPENAI_API_VERSION: z.string().default('2024-10-21'),
  AZURE_OPENAI_CHAT_DEPLOYMENT: optionalString,
  AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT: optionalString,

  OPENAI_BASE_URL: optionalUrl,
  OPENAI_API_KEY: optionalString,
  OPENAI_CHAT_MODEL: optionalString,
  OPENAI_EMBEDDINGS_MODEL: optionalString,

  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optionalString,

  /** Public address of the bot (https://bot.example), used in source links; default: the request's host. */
  PUBLIC_BASE_URL: optionalUrl,
  /** CSP frame-ancestors of the embeddable chat (/?embed=1): the intranet origins allowed to frame it. */
  WEBCHAT_EMBED_ORIGINS: z.string().trim().default('*'),
  /** Version and developer name written into the Teams app package (`npm run package:teams`). */
  TEAMS_APP_VERSION: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, { message: 'must be a version such as 1.0.0' })
    .default('1.0.0'),
  TEAMS_DEVELOPER_NAME: z.string().trim().min(1).default('Wegweiser'),

  DIRECT_LINE_SECRET: optionalString,
  /** Base URL of the Azure Direct Line service used for the token exchange. */
  DIRECT_LINE_ENDPOINT: z.url({ message: 'must be a URL' }).default('https://directline.botframework.com'),

  STATE_STORAGE: z.enum(['memory', 'blob']).default('memory'),
  BLOB_STORAGE_CONNECTION_STRING: optionalString,
  BLOB_STORAGE_CONTAINER: z.string().default('wegweiser-state'),

  /**
   * Where state that several bot replicas must share lives: `memory` (one process, the embedded
   * default) or `redis` (REDIS_URL): Direct Line conversations, conversation memory, rate limits,
   * feedback, audit log, the ingestion lock and re-index jobs.
   */
  STATE_STORE: z.enum(['memory', 'redis']).default('memory'),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\/[^\s]+$/, { message: 'must be a Redis URL such as redis://localhost:6379 (rediss:// for TLS)' })
      .optional(),
  ),
  /** Prefix of every key, so that several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w.:-]{1,64}$/, { message: 'must be 1-64 letters, digits or . _ : -' })
    .default('wegweiser:'),

  MAX_MESSAGE_LENGTH: int(10, 100_000).default(1000),
  RATE_LIMIT_PER_MINUTE: int(1, 100_000).default(20),
  /** Secret mixed into pseudonymous user ids in logs and feedback. */
  PSEUDONYM_SECRET: z.string().default('wegweiser-local'),

  ADMIN_TOKEN: optionalString.pipe(
    z.string().min(16, { message: 'must be at least 16 characters long' }).optional(),
  ),
  ADMIN_ENTRA_TENANT_ID: optionalString,
  ADMIN_ENTRA_AUDIENCE: optionalString,
  ADMIN_ENTRA_ISSUER: optionalUrl,
  ADMIN_ENTRA_JWKS_URL: optionalUrl,
  ADMIN_ENTRA_ROLE: z.string().default('Wegweiser.Admin'),
  ADMIN_ENTRA_GROUP: optionalString,
  MAX_UPLOAD_SIZE_MB: z.coerce.number({ message: 'must be a number' }).positive({ message: 'must be positive' }).default(50),

  // --- Reliability and security limits ------------------------------------------------------------
  /** A request body (JSON or upload) that sends nothing for this long is refused with 408. */
  REQUEST_IDLE_TIMEOUT_MS: int(100, 600_000).default(30_000),
  /**
   * Without a bot identity, /api/messages is unauthenticated: its replies may only go to these
   * origins (space- or comma-separated, `*` as port allowed, e.g. http://localhost:* for the Emulator).
   */
  ALLOWED_SERVICE_URLS: z
    .string()
    .trim()
    .default('')
    .transform((value) => splitList(value))
    .pipe(z.array(z.string().regex(SERVICE_URL_PATTERN, { message: 'must list origins such as http://localhost:* or https://host:3978' }))),
  /** Reverse proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, loopback, linklocal, uniquelocal). */
  TRUSTED_PROXIES: z
    .string()
    .trim()
    .default('')
    .transform((value) => splitList(value))
    .refine(compilesAsProxyList, { message: 'must list IP addresses, CIDR ranges or loopback, linklocal, uniquelocal' }),
  /** New built-in Direct Line conversations per client address and minute. */
  DIRECT_LINE_CONVERSATIONS_PER_MINUTE: int(1, 100_000).default(30),
  /** Failed admin sign-ins per client address and minute; beyond it the address gets 429 for the rest of the minute. */
  ADMIN_AUTH_FAILURES_PER_MINUTE: int(1, 100_000).default(10),
  /** Feedback entries per conversation and minute; more are not stored. */
  FEEDBACK_PER_MINUTE: int(1, 100_000).default(10),
  /** PPTX/DOCX: largest total uncompressed size of the archive. */
  MAX_ARCHIVE_UNCOMPRESSED_MB: z.coerce.number({ message: 'must be a number' }).positive({ message: 'must be positive' }).default(500),
  /** PPTX/DOCX: largest uncompressed size of one XML part (a slide, the document body). */
  MAX_ARCHIVE_ENTRY_MB: z.coerce.number({ message: 'must be a number' }).positive({ message: 'must be positive' }).default(64),
  /** PPTX/DOCX: most entries in the archive. */
  MAX_ARCHIVE_ENTRIES: int(10, 1_000_000).default(10_000),
  /** Most text one document may yield (millions of characters); more is reported as too_large. */
  MAX_TEXT_PER_DOCUMENT_MB: z.coerce.number({ message: 'must be a number' }).positive({ message: 'must be positive' }).default(20),
  /** Heap of the worker process that reads documents; a file that needs more is reported, the run goes on. */
  LOADER_MEMORY_MB: int(256, 16_384).default(1024),
  /** Reading one document may take this long before it is given up and reported. */
  LOADER_TIMEOUT_S: int(1, 86_400).default(300),
});

type RawConfig = z.infer<typeof configSchema>;

export interface AppConfig extends Omit<RawConfig, 'HOST'> {
  /** The interface to listen on: HOST, or the default chosen by resolveHost. */
  HOST: string;
  /** Why HOST has its value when it was not set (logged at start). */
  hostReason?: string;
  /** Absolute folders, resolved against the working directory. */
  docsDir: string;
  indexDir: string;
  dataDir: string;
  maxFileSizeBytes: number;
}

/**
 * Without a bot identity the messaging endpoint accepts unsigned requests, so the server then listens
 * on the loopback interface only, unless HOST says otherwise.
 */
function resolveHost(raw: RawConfig): { HOST: string; hostReason?: string } {
  if (raw.HOST) return { HOST: raw.HOST };
  if (raw.MicrosoftAppId) return { HOST: '0.0.0.0' };
  return {
    HOST: '127.0.0.1',
    hostReason: 'no bot identity (MicrosoftAppId) is configured, so only this machine may connect; set HOST=0.0.0.0 to accept other machines',
  };
}

/** Reads and checks the configuration; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'} ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  const raw = parsed.data;
  const crossChecks: string[] = [];
  const usesAzure = raw.EMBEDDINGS === 'azure-openai' || (raw.ANSWER_ENGINE === 'llm' && raw.LLM_PROVIDER === 'azure-openai');
  const usesOpenAI =
    raw.EMBEDDINGS === 'openai-compatible' || (raw.ANSWER_ENGINE === 'llm' && raw.LLM_PROVIDER === 'openai-compatible');
  if (usesAzure && !raw.AZURE_OPENAI_ENDPOINT) crossChecks.push('AZURE_OPENAI_ENDPOINT must be set for Azure OpenAI');
  if (raw.EMBEDDINGS === 'azure-openai' && !raw.AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT)
    crossChecks.push('AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT must be set when EMBEDDINGS=azure-openai');
  if (raw.ANSWER_ENGINE === 'llm' && raw.LLM_PROVIDER === 'azure-openai' && !raw.AZURE_OPENAI_CHAT_DEPLOYMENT)
    crossChecks.push('AZURE_OPENAI_CHAT_DEPLOYMENT must be set when ANSWER_ENGINE=llm and LLM_PROVIDER=azure-openai');
  if (usesOpenAI && !raw.OPENAI_BASE_URL) crossChecks.push('OPENAI_BASE_URL must be set for an OpenAI-compatible server');
  if (raw.EMBEDDINGS === 'openai-compatible' && !raw.OPENAI_EMBEDDINGS_MODEL)
    crossChecks.push('OPENAI_EMBEDDINGS_MODEL must be set when EMBEDDINGS=openai-compatible');
  if (raw.ANSWER_ENGINE === 'llm' && raw.LLM_PROVIDER === 'openai-compatible' && !raw.OPENAI_CHAT_MODEL)
    crossChecks.push('OPENAI_CHAT_MODEL must be set when ANSWER_ENGINE=llm and LLM_PROVIDER=openai-compatible');
  if (raw.MicrosoftAppId && raw.MicrosoftAppType !== 'UserAssignedMSI' && !raw.MicrosoftAppPassword)
    crossChecks.push('MicrosoftAppPassword must be set when MicrosoftAppId is set (unless MicrosoftAppType=UserAssignedMSI)');
  if (raw.MicrosoftAppType !== 'MultiTenant' && raw.MicrosoftAppId && !raw.MicrosoftAppTenantId)
    crossChecks.push(`MicrosoftAppTenantId must be set when MicrosoftAppType=${raw.MicrosoftAppType}`);
  if (raw.STATE_STORAGE === 'blob' && !raw.BLOB_STORAGE_CONNECTION_STRING)
    crossChecks.push('BLOB_STORAGE_CONNECTION_STRING must be set when STATE_STORAGE=blob');
  if (raw.STATE_STORE === 'redis' && !raw.REDIS_URL) crossChecks.push('REDIS_URL must be set when STATE_STORE=redis');
  if (raw.ADMIN_ENTRA_TENANT_ID && !raw.ADMIN_ENTRA_AUDIENCE)
    crossChecks.push('ADMIN_ENTRA_AUDIENCE must be set when ADMIN_ENTRA_TENANT_ID is set');
  if (crossChecks.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${crossChecks.join('\n  - ')}`);

  return {
    ...raw,
    ...resolveHost(raw),
    docsDir: path.resolve(cwd, raw.DOCS_DIR),
    indexDir: path.resolve(cwd, raw.INDEX_DIR),
    dataDir: path.resolve(cwd, raw.DATA_DIR),
    maxFileSizeBytes: Math.round(raw.MAX_FILE_SIZE_MB * 1024 * 1024),
  };
}
