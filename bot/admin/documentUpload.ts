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
  | { ok: false; status: 400 | 408 | 413 | 415; reason: string; name?: string };

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
  return `${(bytes / (1024 * 1024)).toLocaleString('en', { maximumFractionDigits: 2 })} MB`;
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
  const limitText = `the limit of ${formatMegabytes(maxBytes)} (MAX_UPLOAD_SIZE_MB)`;
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    return { ok: false, status: 415, reason: 'send the document as multipart/form-data with one file field' };
  }
  const declaredLength = Number(req.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes + MULTIPART_OVERHEAD_BYTES) {
    return { ok: false, status: 413, reason: `upload of ${formatMegabytes(declaredLength)} exceeds ${limitText}` };
  }
  await mkdir(docsDir, { recursive: true });

  return new Promise<UploadOutcome>((resolve, reject) => {
    let settled = false;
    let fileWork: Promise<UploadOutcome> | undefined;
    let fileStream: Readable | undefined;
    const stopWatchingIdle = watchIdle(req, options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, () =>
      finish({ ok: false, status: 408, reason: 'the upload stalled: no data arrived for too long' }),
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
      resolve({ ok: false, status: 400, reason: `malformed multipart request: ${(error as Error).message}` });
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
    parser.on('error', (error: Error) => finish({ ok: false, status: 400, reason: `malformed multipart request: ${error.message}` }));
    parser.on('close', () => {
      if (!fileWork) {
        finish({ ok: false, status: 400, reason: 'no file in the upload: use a form field of type file' });
        return;
      }
      // Rejections are handled where fileWork is created.
      fileWork.then(finish, () => undefined);
    });
    req.once('close', () => {
      if (!req.complete) finish({ ok: false, status: 400, reason: 'upload aborted by the client' });
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
    return { ok: false, status: 400, reason: checked.reason };
  }
  const name = checked.name;
  const extension = checkExtension(name);
  if (!extension.ok) {
    stream.resume();
    return { ok: false, status: 415, reason: extension.reason, name };
  }
  const finalPath = await resolveInsideFolder(docsDir, name);
  const tempPath = path.join(path.dirname(finalPath), `.upload-${randomBytes(8).toString('hex')}.tmp`);
  if (tooLarge) {
    stream.resume();
    return { ok: false, status: 413, reason: `${name} exceeds ${limitText}`, name };
  }
  const capture = new HeadCapture(HEAD_BYTES);
  // Errors of the incoming file (the body ended early, the client went away) are the client's.
  let incomingError: Error | undefined;
  stream.once('error', (error: Error) => {
    incomingError = error;
  });
  if (stream.destroyed) {
    stream.resume();
    return { ok: false, status: 400, reason: `the upload of ${name} ended before the file was complete`, name };
  }
  const target = createWriteStream(tempPath, { flags: 'wx', mode: 0o640 });
  try {
    piping = true;
    await pipeline(stream, capture, target);
  } catch (error) {
    // A write stream destroyed while still opening creates the file afterwards; wait for it.
    if (!target.closed) await once(target, 'close');
    await removeQuietly(tempPath, logger);
    if (tooLarge) return { ok: false, status: 413, reason: `${name} exceeds ${limitText}`, name };
    if (incomingError || error instanceof UploadStopped) {
      const detail = (incomingError ?? (error as Error)).message;
      return { ok: false, status: 400, reason: `the upload of ${name} ended before the file was complete (${detail})`, name };
    }
    throw error;
  }
  if (tooLarge || (stream as Readable & { truncated?: boolean }).truncated || capture.size > maxBytes) {
    await removeQuietly(tempPath, logger);
    return { ok: false, status: 413, reason: `${name} exceeds ${limitText}`, name };
  }
  if (capture.size === 0) {
    await removeQuietly(tempPath, logger);
    return { ok: false, status: 400, reason: `${name} is empty`, name };
  }
  const content = await checkContent(name, tempPath, capture.head());
  if (!content.ok) {
    await removeQuietly(tempPath, logger);
    return { ok: false, status: 415, reason: `${name}: ${content.reason}`, name };
  }
  const replaced = await exists(finalPath);
  await rename(tempPath, finalPath);
  logger.info({ name, size: capture.size, replaced }, 'admin: document stored');
  return { ok: true, name, size: capture.size, replaced };
}
