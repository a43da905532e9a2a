import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { AssistantService } from '../../core/answering/assistantService.ts';
import type { Logger } from '../../core/logger.ts';

/** Content types of the document formats the index reads; other files are not served. */
const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.markdown': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const PREFIX = '/sources/';

/** Why a requested path is refused: 400 for a malformed or escaping path, 404 for anything not there. */
export class SourcePathError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
  }
}

/**
 * Turns the raw URL path after /sources/ (or another prefix) into a path relative to the documents
 * folder. Works on the undecoded URL so that encoded separators and dots are caught, not normalised away.
 */
export function relativeSourcePath(rawUrl: string, prefix = PREFIX): string {
  const pathname = rawUrl.split(/[?#]/, 1)[0] ?? '';
  if (!pathname.startsWith(prefix)) throw new SourcePathError('not a source path', 404);
  const segments = pathname.slice(prefix.length).split('/');
  const decoded: string[] = [];
  for (const segment of segments) {
    let part: string;
    try {
      part = decodeURIComponent(segment);
    } catch {
      throw new SourcePathError('malformed percent-encoding', 400);
    }
    if (part === '' || part === '.' || part === '..') throw new SourcePathError('empty, "." or ".." path segment', 400);
    if (/[/\\\0]/.test(part) || /^[A-Za-z]:/.test(part)) throw new SourcePathError('separator, drive or NUL inside a path segment', 400);
    // Hidden files (".env", ".git") are never documents.
    if (part.startsWith('.')) throw new SourcePathError('hidden file', 404);
    decoded.push(part);
  }
  if (decoded.length === 0) throw new SourcePathError('no file named', 404);
  return decoded.join('/');
}

/** The real path of a document inside docsDir; symlinks leading outside the folder count as missing. */
export async function resolveSourceFile(docsDir: string, relative: string): Promise<string> {
  const root = await realpath(docsDir).catch(() => {
    throw new SourcePathError('documents folder missing', 404);
  });
  const candidate = path.resolve(root, relative);
  if (!candidate.startsWith(root + path.sep)) throw new SourcePathError('outside the documents folder', 400);
  const real = await realpath(candidate).catch(() => {
    throw new SourcePathError('no such document', 404);
  });
  if (!real.startsWith(root + path.sep)) throw new SourcePathError('link leads outside the documents folder', 404);
  const info = await stat(real);
  if (!info.isFile()) throw new SourcePathError('not a file', 404);
  return real;
}

/** Whether the index questions are answered from holds this document; only those are served. */
export function isIndexed(assistant: AssistantService, relative: string): boolean {
  return assistant.currentManifest()?.files.some((file) => file.source === relative) ?? false;
}

/**
 * GET /sources/<path>: the original files of indexed documents, read-only, so that citation links open
 * the file (PDFs at the cited page via #page=N) and the source viewer can offer the download. Files in
 * the documents folder that are not in the index (not yet ingested, failed, the folder's notes) are not
 * served. HTML documents are sandboxed: they come from our origin and must not run scripts there.
 */
export function registerSourcesRoute(server: Server, deps: { docsDir: string; assistant: AssistantService; logger: Logger }): void {
  const log = deps.logger.child({ component: 'sources' });
  const handler = async (req: Request, res: Response) => {
    try {
      const relative = relativeSourcePath(req.url ?? '');
      const type = CONTENT_TYPES[path.extname(relative).toLowerCase()];
      if (!type) throw new SourcePathError('not a document type', 404);
      if (!isIndexed(deps.assistant, relative)) throw new SourcePathError('not in the index', 404);
      const file = await resolveSourceFile(deps.docsDir, relative);
      const info = await stat(file);
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': info.size,
        'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(path.basename(file))}`,
        'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
        'Last-Modified': info.mtime.toUTCString(),
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const stream = createReadStream(file);
        stream.on('error', reject);
        res.on('close', resolve);
        stream.pipe(res);
      });
    } catch (error) {
      if (error instanceof SourcePathError) {
        res.send(error.status, { error: error.status === 404 ? 'not found' : `bad path: ${error.message}` });
        return;
      }
      log.error({ err: error }, 'serving a source document failed');
      if (!res.headersSent) res.send(404, { error: 'not found' });
      else res.destroy();
    }
  };
  server.get('/sources/*', handler);
  server.head('/sources/*', handler);
}
