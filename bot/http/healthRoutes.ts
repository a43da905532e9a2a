import type { Request, Response, Server } from 'restify';
import type { AssistantService } from '../../core/answering/assistantService.ts';

/** GET /healthz (the process is up) and GET /readyz (an index is loaded and questions can be answered). */
export function registerHealthRoutes(server: Server, assistant: AssistantService): void {
  server.get('/healthz', (_req: Request, res: Response, next) => {
    res.header('Cache-Control', 'no-store');
    res.send(200, { status: 'ok' });
    next();
  });
  server.get('/readyz', (_req: Request, res: Response, next) => {
    res.header('Cache-Control', 'no-store');
    if (assistant.isReady()) {
      const manifest = assistant.currentManifest();
      res.send(200, { status: 'ready', ...(manifest ? { indexVersion: manifest.id, documents: manifest.files.length } : {}) });
    } else {
      res.send(503, { status: 'not ready', reason: 'no search index is loaded yet (run `npm run ingest` or wait for the first ingestion)' });
    }
    next();
  });
}
