/** Typed errors that carry what a person needs to act on them. */

export class WegweiserError extends Error {
  constructor(
    message: string,
    /** Machine-readable code for logs and API replies. */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A single document could not be read; ingestion reports it and goes on with the rest. */
export class DocumentLoadError extends WegweiserError {
  constructor(
    /** Path relative to the documents folder. */
    readonly file: string,
    /** A reason a person understands, in English ("the PDF is password-protected"). */
    readonly reason: string,
    code = 'document_unreadable',
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, code, options);
  }
}

/** The index on disk is missing, incomplete or was built by another embedder. */
export class IndexError extends WegweiserError {}

/** A configuration value is missing or invalid; start-up stops with this message. */
export class ConfigError extends WegweiserError {
  constructor(message: string) {
    super(message, 'config_invalid');
  }
}

/** Another ingestion holds the lock. */
export class IngestLockedError extends WegweiserError {
  constructor(readonly lockPath: string) {
    super(
      `Another ingestion is already running (lock ${lockPath}). Wait for it to finish; a lock left by a crashed run is recovered automatically after a short time.`,
      'ingest_locked',
    );
  }
}
