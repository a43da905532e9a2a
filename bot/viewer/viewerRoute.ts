import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';
import type { AssistantService } from '../../core/answering/assistantService.ts';
import type { Logger } from '../../core/logger.ts';
import { escapeHtml } from '../render/htmlText.ts';
import { relativeSourcePath, SourcePathError } from '../http/sourcesRoute.ts';
import { renderSourcePage } from './sourcePage.ts';

const PREFIX = '/view/';
const STYLESHEET = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public', 'viewer.css');
/** A link names a few cited passages; more is not a citation link. */
const MAX_PASSAGES = 20;
const CHUNK_ID = /^[\w-]{1,64}$/;

/** The page has no script and loads nothing but its own stylesheet. */
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

function sendPage(res: Response, status: number, html: string): void {
  const body = Buffer.from(html, 'utf8');
  res.writeHead(status, { ...PAGE_HEADERS, 'Content-Length': body.length });
  res.end(body);
}

function problemPage(title: string, text: string): string {
  return `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – Wegweiser</title>
<link rel="stylesheet" href="/viewer/viewer.css"></head>
<body><header class="site-header"><p class="product">Wegweiser · Quellenansicht</p><h1>${escapeHtml(title)}</h1></header>
<main id="inhalt"><p>${escapeHtml(text)}</p></main></body>
</html>
`;
}

/**
 * GET /view/<path>: the source viewer, for indexed documents only (the document is read through
 * AssistantService.chunksOfSource, never from the folder). `?passage=<chunk id>` (repeatable) marks
 * the cited passages.
 */
export function registerSourceViewer(server: Server, deps: { assistant: AssistantService; logger: Logger }): void {
  const log = deps.logger.child({ component: 'viewer' });
  let stylesheet: Buffer | undefined;

  server.get('/viewer/viewer.css', async (_req: Request, res: Response) => {
    stylesheet ??= await readFile(STYLESHEET);
    res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Content-Length': stylesheet.length, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.end(stylesheet);
  });

  server.get('/view/*', async (req: Request, res: Response) => {
    let relative: string;
    try {
      relative = relativeSourcePath(req.url ?? '', PREFIX);
    } catch (error) {
      if (!(error instanceof SourcePathError)) throw error;
      const status = error.status;
      sendPage(res, status, problemPage('Ungültige Adresse', 'Diese Adresse nennt kein Dokument. Bitte öffnen Sie die Quelle über den Link unter der Antwort.'));
      return;
    }
    const file = deps.assistant.currentManifest()?.files.find((entry) => entry.source === relative);
    const chunks = file ? await deps.assistant.chunksOfSource(relative) : [];
    if (!file || chunks.length === 0) {
      log.info({ status: 404 }, 'viewer: document not in the index');
      sendPage(res, 404, problemPage('Dokument nicht gefunden', 'Dieses Dokument ist nicht (mehr) im Index des Wegweisers. Vielleicht wurde es entfernt oder umbenannt.'));
      return;
    }
    const requested = new URL(req.url ?? '', 'http://viewer.invalid').searchParams.getAll('passage');
    const cited = requested.filter((id) => CHUNK_ID.test(id)).slice(0, MAX_PASSAGES);
    sendPage(res, 200, renderSourcePage({ file, chunks, cited }, ''));
  });
}
