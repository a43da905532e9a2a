import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { access, mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Logger } from '../../core/logger.ts';
import { sanitizeUploadName } from './documentNames.ts';
import { resolveInsideFolder } from './documentsFolder.ts';
import { checkContent, checkExtension, HEAD_BYTES } from './documentTypes.ts';

export type UploadOutcome =
  | { ok: true; name: string; size: number; replaced: boolean }
  /** `reason` is German (shown on the admin page), `code` English and machine-readable. */
  | { ok: false; status: 400 | 408 | 413 | 415; code: string; reason: string; name?: string };

export interface UploadOptions {
  docsDir: string;
  maxBytes: number;
  logger: Logger;
  /** A body that sends nothing for this long is given up (408); default 30 s. */
  idleTimeoutMs?: number;
}

/** Hidden temporary files an upload streams into before it is checked and renamed into place. */
const TEMP_UPLOAD = /^\.upload-[0-9a-f]{16}\.tmp$/;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/** Room for multipart boundaries and headers on top of the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('de-DE', { maximumFractionDigits: 2 })} MB`;
}

function tooLargeOutcome(name: string, limitText: string): UploadOutcome {
  return { ok: false, status: 413, code: 'file_too_large', reason: `${name} überschreitet ${limitText}.`, name };
}

function incompleteOutcome(name: string): UploadOutcome {
  return { ok: false, status: 400, code: 'upload_incomplete', reason: `Der Upload von ${name} endete, bevor die Datei vollständig war.`, name };
}

function malformed(error: Error, logger: Logger): UploadOutcome {
  logger.info({ reason: error.message }, 'admin: malformed multipart upload');
  return { ok: false, status: 400, code: 'malformed_upload', reason: 'Die Upload-Anfrage ist fehlerhaft (multipart/form-data).' };
}

/** Passes bytes through and keeps the first `limit` of them for the content checks. */
class HeadCapture extends Transform {
  private readonly parts: Buffer[] = [];
  private kept = 0;
  size = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.size += chunk.length;
    if (this.kept < this.limit) {
      const part = chunk.subarray(0, this.limit - this.kept);
      this.parts.push(part);
      this.kept += part.length;
    }
    done(null, chunk);
  }
  head(): Buffer {
    return Buffer.concat(this.parts);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

async function removeQuietly(file: string, logger: Logger): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err: error, file }, 'admin: temporary upload not removed');
  }
}

/**
 * Receives one document from a multipart/form-data request and stores it in the documents folder.
 * The file streams to a hidden temporary file in the same folder (never into memory), is checked
 * (size, extension, content) and only then renamed into place, so ingestion never sees half a file.
 */
export async function receiveDocumentUpload(req: IncomingMessage, options: UploadOptions): Promise<UploadOutcome> {
  const { docsDir, maxBytes } = options;
  const limitText = `die Grenze von ${formatMegabytes(maxBytes)} (MAX_UPLOAD_SIZE_MB)`;
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    return { ok: false, status: 415, code: 'not_multipart', reason: 'Bitte senden Sie das Dokument als multipart/form-data mit einem Dateifeld.' };
  }
  const declaredLength = Number(req.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes + MULTIPART_OVERHEAD_BYTES) {
    return tooLargeOutcome(`Der Upload (${formatMegabytes(declaredLength)})`, limitText);
  }
  await mkdir(docsDir, { recursive: true });

  return new Promise<UploadOutcome>((resolve, reject) => {
    let settled = false;
    let fileWork: Promise<UploadOutcome> | undefined;
    let fileStream: Readable | undefined;
    const stopWatchingIdle = watchIdle(req, options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, () =>
      finish({ ok: false, status: 408, code: 'upload_stalled', reason: 'Der Upload stockte: Zu lange kamen keine Daten an. Bitte versuchen Sie es erneut.' }),
    );
    const finish = (outcome: UploadOutcome): void => {
      if (settled) return;
      settled = true;
      stopWatchingIdle();
      if (!outcome.ok) {
        // Stop parsing; whatever the client still sends is discarded by the HTTP server. A file still
        // streaming to its temporary file is ended, so that the temporary file is removed.
        req.unpipe(parser);
        req.resume();
        fileStream?.destroy(new UploadStopped(outcome.reason));
      }
      resolve(outcome);
    };

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers send UTF-8 file names; busboy's default would read them as Latin-1.
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 4096, parts: 12 },
      });
    } catch (error) {
      resolve(malformed(error as Error, options.logger));
      return;
    }

    parser.on('file', (_field: string, stream: Readable, info: busboy.FileInfo) => {
      // Busboy reports a body that ends early on the file stream too; unheard, that error would end the process.
      stream.on('error', () => undefined);
      if (fileWork || settled) {
        stream.resume();
        return;
      }
      fileStream = stream;
      fileWork = storeFile(stream, info.filename ?? '', options, limitText);
      fileWork.then(
        (outcome) => {
          if (!outcome.ok) finish(outcome);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          stopWatchingIdle();
          req.unpipe(parser);
          req.resume();
          reject(error);
        },
      );
    });
    // Further files in the same request are skipped by busboy (files: 1); the first one counts.
    parser.on('error', (error: Error) => finish(malformed(error, options.logger)));
    parser.on('close', () => {
      if (!fileWork) {
        finish({ ok: false, status: 400, code: 'no_file', reason: 'Die Anfrage enthält keine Datei: Bitte ein Formularfeld vom Typ „file“ verwenden.' });
        return;
      }
      // Rejections are handled where fileWork is created.
      fileWork.then(finish, () => undefined);
    });
    req.once('close', () => {
      if (!req.complete) finish({ ok: false, status: 400, code: 'upload_aborted', reason: 'Der Upload wurde abgebrochen.' });
    });
    req.pipe(parser);
  });
}

/** Why a file stream was ended from our side (abort, stall, malformed body); not a server fault. */
class UploadStopped extends Error {}

/** Calls `onIdle` when the request sends nothing for `ms`; returns the function that stops watching. */
function watchIdle(req: IncomingMessage, ms: number, onIdle: () => void): () => void {
  const listener = () => onIdle();
  // On the request, not the socket: the HTTP server destroys a timed-out socket nobody claims.
  req.setTimeout(ms, listener);
  return () => {
    req.socket?.setTimeout(0);
    req.off('timeout', listener);
  };
}

/**
 * Removes temporary upload files that a crash or kill left behind. Only files untouched for a while:
 * another server process sharing the folder may be streaming into a fresh one right now.
 */
export async function removeStaleUploads(docsDir: string, logger: Logger, olderThanMs = 10 * 60_000): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir(docsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err: error }, 'admin: cannot look for left-over uploads');
    return 0;
  }
  let removed = 0;
  for (const entry of entries) {
    if (!TEMP_UPLOAD.test(entry)) continue;
    const file = path.join(docsDir, entry);
    try {
      if (Date.now() - (await stat(file)).mtimeMs < olderThanMs) continue;
      await unlink(file);
      removed += 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err: error, file: entry }, 'admin: left-over upload not removed');
    }
  }
  if (removed > 0) logger.info({ removed }, 'admin: removed temporary files of interrupted uploads');
  return removed;
}

async function storeFile(stream: Readable, rawName: string, options: UploadOptions, limitText: string): Promise<UploadOutcome> {
  const { docsDir, maxBytes, logger } = options;
  // Listen before the first await: busboy may reach the limit while we are still preparing.
  let tooLarge = false;
  let piping = false;
  stream.once('limit', () => {
    tooLarge = true;
    // Ends the pipeline at once instead of writing the rest of an oversized file. (Busboy's file
    // stream emits no 'close' when destroyed without an error, so an error it must be.)
    if (piping) stream.destroy(new Error('upload size limit reached'));
  });
  const checked = sanitizeUploadName(rawName);
  if (!checked.ok) {
    stream.resume();
    return { ok: false, status: 400, code: checked.code, reason: checked.reason };
  }
  const name = checked.name;
  const extension = checkExtension(name);
  if (!extension.ok) {
    stream.resume();
    return { ok: false, status: 415, code: extension.code, reason: extension.reason, name };
  }
  const finalPath = await resolveInsideFolder(docsDir, name);
  const tempPath = path.join(path.dirname(finalPath), `.upload-${randomBytes(8).toString('hex')}.tmp`);
  if (tooLarge) {
    stream.resume();
    return tooLargeOutcome(name, limitText);
  }
  const capture = new HeadCapture(HEAD_BYTES);
  // Errors of the incoming file (the body ended early, the client went away) are the client's.
  let incomingError: Error | undefined;
  stream.once('error', (error: Error) => {
    incomingError = error;
  });
  if (stream.destroyed) {
    stream.resume();
    return incompleteOutcome(name);
  }
  const target = createWriteStream(tempPath, { flags: 'wx', mode: 0o640 });
  try {
    piping = true;
    await pipeline(stream, capture, target);
  } catch (error) {
    // A write stream destroyed while still opening creates the file afterwards; wait for it.
    if (!target.closed) await once(target, 'close');
    await removeQuietly(tempPath, logger);
    if (tooLarge) return tooLargeOutcome(name, limitText);
    if (incomingError || error instanceof UploadStopped) {
      logger.info({ name, reason: (incomingError ?? (error as Error)).message }, 'admin: upload ended early');
      return incompleteOutcome(name);
    }
    throw error;
  }
  if (tooLarge || (stream as Readable & { truncated?: boolean }).truncated || capture.size > maxBytes) {
    await removeQuietly(tempPath, logger);
    return tooLargeOutcome(name, limitText);
  }
  if (capture.size === 0) {
    await removeQuietly(tempPath, logger);
    return { ok: false, status: 400, code: 'empty_file', reason: `${name} ist leer.`, name };
  }
  const content = await checkContent(name, tempPath, capture.head());
  if (!content.ok) {
    await removeQuietly(tempPath, logger);
    return { ok: false, status: 415, code: content.code, reason: `${name}: ${content.reason}`, name };
  }
  const replaced = await exists(finalPath);
  await rename(tempPath, finalPath);
  logger.info({ name, size: capture.size, replaced }, 'admin: document stored');
  return { ok: true, name, size: capture.size, replaced };
}
