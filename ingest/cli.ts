import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type AppConfig } from '../core/config.ts';
import { createEmbeddings } from '../core/embeddings/createEmbeddings.ts';
import type { EmbeddingsProvider } from '../core/embeddings/embeddingsProvider.ts';
import { ConfigError, IngestLockedError, WegweiserError } from '../core/errors.ts';
import { readCurrentManifest, sameEmbedder } from '../core/index/indexReader.ts';
import type { IngestReport } from '../core/index/ingestReport.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { closeRedis, connectRedis } from '../core/state/redisConnection.ts';
import { RedisLeases } from '../core/state/redisLeases.ts';
import type { IngestLock } from './ingestLock.ts';
import { acquireLeaseIngestLock, INGEST_LEASE } from './leaseIngestLock.ts';
import { BarProgress, JsonLinesProgress, LineProgress, SilentProgress, formatReport, type ProgressSink } from './cliOutput.ts';
import { IngestAbortedError, runIngestion, tidyIndexDir } from './ingestPipeline.ts';
import { loadLimitsFromConfig } from './loaders/loadLimits.ts';
import { DEFAULT_DEBOUNCE_MS, watchDocs } from './watchDocs.ts';

const USAGE = `Usage: npm run ingest -- [options]

Reads the documents folder and brings the search index up to date (only new and changed files are read).

Options:
  --docs DIR          documents folder (default: DOCS_DIR, data/docs)
  --index DIR         index folder (default: INDEX_DIR, data/index)
  --full              read and embed every document again
  --json              print only the final report as JSON on stdout
  --progress-jsonl    print progress and the report as JSON lines on stdout
  --if-missing        do nothing when a usable index exists
  --watch             keep running; re-ingest after files change
  --debounce-ms N     quiet period before a watch run (default ${DEFAULT_DEBOUNCE_MS})
  -h, --help          show this help

Exit codes: 0 index written, 1 nothing usable written, 2 usage or configuration error, 3 another ingestion runs,
130/143 stopped by SIGINT/SIGTERM (or because the process that started it ended); the previous index stays live.`;

const EXIT = { ok: 0, nothingWritten: 1, usage: 2, locked: 3, interrupted: 130, terminated: 143 } as const;

class UsageError extends Error {}

interface CliArgs {
  docs?: string;
  index?: string;
  full: boolean;
  json: boolean;
  progressJsonl: boolean;
  ifMissing: boolean;
  watch: boolean;
  debounceMs: number;
  help: boolean;
}

function parseCliArgs(argv: string[]): CliArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        docs: { type: 'string' },
        index: { type: 'string' },
        full: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        'progress-jsonl': { type: 'boolean', default: false },
        'if-missing': { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        'debounce-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const debounceText = values['debounce-ms'];
  const debounceMs = debounceText === undefined ? DEFAULT_DEBOUNCE_MS : Number(debounceText);
  if (!Number.isInteger(debounceMs) || debounceMs < 0) throw new UsageError(`--debounce-ms must be a whole number of milliseconds, got "${debounceText}"`);
  if (values.json && values['progress-jsonl']) throw new UsageError('--json and --progress-jsonl cannot be combined');
  if (values.watch && values['if-missing']) throw new UsageError('--watch and --if-missing cannot be combined');
  if (values.docs === '' || values.index === '') throw new UsageError('--docs and --index need a folder');
  return {
    ...(values.docs !== undefined ? { docs: values.docs } : {}),
    ...(values.index !== undefined ? { index: values.index } : {}),
    full: values.full,
    json: values.json,
    progressJsonl: values['progress-jsonl'],
    ifMissing: values['if-missing'],
    watch: values.watch,
    debounceMs,
    help: values.help,
  };
}

/** Human output goes to stdout unless a machine format owns it. */
class Output {
  constructor(private readonly args: CliArgs) {}

  progressSink(): ProgressSink {
    if (this.args.progressJsonl) return new JsonLinesProgress();
    if (this.args.json) return new SilentProgress();
    return process.stderr.isTTY ? new BarProgress() : new LineProgress();
  }

  report(report: IngestReport): void {
    if (this.args.progressJsonl) process.stdout.write(`${JSON.stringify({ type: 'report', report })}\n`);
    else if (this.args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(`${formatReport(report)}\n`);
  }

  info(message: string): void {
    if (this.args.progressJsonl) process.stdout.write(`${JSON.stringify({ type: 'info', message })}\n`);
    else if (!this.args.json) process.stdout.write(`${message}\n`);
    else process.stderr.write(`${message}\n`);
  }

  error(code: string, message: string): void {
    if (this.args.progressJsonl) process.stdout.write(`${JSON.stringify({ type: 'error', code, message })}\n`);
    process.stderr.write(`Error: ${message}\n`);
  }
}

/** Why an existing index cannot be used as it is, or undefined when it can. */
async function reasonToIngest(config: AppConfig, embeddings: EmbeddingsProvider): Promise<string | undefined> {
  try {
    const current = await readCurrentManifest(config.indexDir);
    if (!current) return 'no index exists yet';
    if (!sameEmbedder(current.manifest.embedder, embeddings.info)) return 'the index was built with other embeddings';
    return undefined;
  } catch (error) {
    return `the index cannot be read (${(error as Error).message})`;
  }
}

/** With a shared state store the lock lives there, so replicas and machines see one lock. */
type LockProvider = (() => Promise<IngestLock>) | undefined;

async function ingestOnce(
  config: AppConfig,
  embeddings: EmbeddingsProvider,
  output: Output,
  logger: Logger,
  full: boolean,
  acquireLock: LockProvider,
  signal?: AbortSignal,
): Promise<IngestReport> {
  const sink = output.progressSink();
  try {
    return await runIngestion({
      docsDir: config.docsDir,
      indexDir: config.indexDir,
      embeddings,
      full,
      maxFileSizeBytes: config.maxFileSizeBytes,
      limits: loadLimitsFromConfig(config),
      onProgress: (event) => sink.progress(event),
      logger,
      ...(acquireLock ? { acquireLock } : {}),
      ...(signal ? { signal } : {}),
    });
  } finally {
    sink.stop();
  }
}

/**
 * Stops a one-off run cleanly on SIGINT/SIGTERM, and when the process that started it is gone (npm,
 * tsx or a shell that did not pass the signal on; the admin server that crashed): the lock is
 * released, the reader process ended, nothing half-done made live. A second signal exits at once.
 */
function stopSignal(): { signal: AbortSignal; exitCode: () => number } {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(name === 'SIGINT' ? EXIT.interrupted : EXIT.terminated);
    received = name;
    controller.abort(new Error(`received ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent && !controller.signal.aborted) controller.abort(new Error('the process that started the ingestion ended'));
  }, 500).unref();
  return { signal: controller.signal, exitCode: () => (received === 'SIGINT' ? EXIT.interrupted : EXIT.terminated) };
}

function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConfigError) return EXIT.usage;
  if (error instanceof IngestLockedError) return EXIT.locked;
  return EXIT.nothingWritten;
}

function codeOf(error: unknown): string {
  if (error instanceof WegweiserError) return error.code;
  if (error instanceof UsageError) return 'usage';
  return 'ingest_failed';
}

async function watchForever(config: AppConfig, embeddings: EmbeddingsProvider, args: CliArgs, output: Output, logger: Logger, acquireLock: LockProvider): Promise<number> {
  const report = (error: unknown) => {
    output.error(codeOf(error), (error as Error).message);
    if (!(error instanceof WegweiserError)) logger.error({ err: error }, 'ingestion failed');
  };
  try {
    output.report(await ingestOnce(config, embeddings, output, logger, args.full, acquireLock));
  } catch (error) {
    report(error);
  }
  const watcher = await watchDocs({
    docsDir: config.docsDir,
    debounceMs: args.debounceMs,
    logger,
    onError: report,
    // The other ingestion may have started before the latest change; try again after it.
    isRetryable: (error) => error instanceof IngestLockedError,
    run: async () => output.report(await ingestOnce(config, embeddings, output, logger, false, acquireLock)),
  });
  output.info(`Watching ${config.docsDir} for changes (Ctrl+C to stop).`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await watcher.close();
  return EXIT.ok;
}

export async function main(argv: string[]): Promise<number> {
  let output = new Output({ full: false, json: false, progressJsonl: false, ifMissing: false, watch: false, debounceMs: 0, help: false });
  let logger: Logger | undefined;
  let closeStore: (() => Promise<void>) | undefined;
  try {
    const args = parseCliArgs(argv);
    output = new Output(args);
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const env = { ...process.env };
    if (args.docs !== undefined) env.DOCS_DIR = path.resolve(args.docs);
    if (args.index !== undefined) env.INDEX_DIR = path.resolve(args.index);
    const config = loadConfig(env);
    // The report already names every skipped file, so per-file warnings would only repeat it.
    logger = createLogger({ level: process.env.LOG_LEVEL ?? 'error', name: 'ingest' });
    if (args.ifMissing && !config.INGEST_ON_START) {
      output.info('INGEST_ON_START=false: not building an index at start-up.');
      return EXIT.ok;
    }
    const embeddings = await createEmbeddings(config);

    let acquireLock: LockProvider;
    if (config.STATE_STORE === 'redis') {
      const redis = await connectRedis({ url: config.REDIS_URL ?? '', keyPrefix: config.REDIS_KEY_PREFIX, logger });
      closeStore = () => closeRedis(redis);
      const leases = new RedisLeases(redis);
      const description = `${INGEST_LEASE} in the state store, key prefix ${config.REDIS_KEY_PREFIX}`;
      acquireLock = () => acquireLeaseIngestLock(leases, { description, logger: logger! });
    }
    if (args.ifMissing) {
      const reason = await reasonToIngest(config, embeddings);
      if (reason === undefined) {
        // The clean-up takes the same lock as a run, so it never removes what a running ingestion writes.
        await tidyIndexDir(config.indexDir, { logger, ...(acquireLock ? { acquireLock } : {}) });
        output.info(`An index exists in ${config.indexDir}; skipping ingestion (--if-missing).`);
        return EXIT.ok;
      }
      output.info(`Ingesting because ${reason}.`);
    }
    if (args.watch) return await watchForever(config, embeddings, args, output, logger, acquireLock);

    const stop = stopSignal();
    let report: IngestReport;
    try {
      report = await ingestOnce(config, embeddings, output, logger, args.full, acquireLock, stop.signal);
    } catch (error) {
      if (!(error instanceof IngestAbortedError)) throw error;
      output.error(error.code, error.message);
      return stop.exitCode();
    }
    output.report(report);
    return report.written ? EXIT.ok : EXIT.nothingWritten;
  } catch (error) {
    output.error(codeOf(error), (error as Error).message);
    if (error instanceof UsageError) process.stderr.write(`\n${USAGE}\n`);
    else if (!(error instanceof WegweiserError)) logger?.error({ err: error }, 'ingestion failed');
    return exitCodeFor(error);
  } finally {
    await closeStore?.();
  }
}

process.exitCode = await main(process.argv.slice(2));
