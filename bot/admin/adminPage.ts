import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

const ASSETS: Record<string, { file: string; type: string }> = {
  '/admin': { file: 'admin.html', type: 'text/html; charset=utf-8' },
  '/admin/admin.js': { file: 'admin.js', type: 'text/javascript; charset=utf-8' },
  '/admin/admin.css': { file: 'admin.css', type: 'text/css; charset=utf-8' },
};

/** The page holds no secrets (the token is pasted in the browser), so it is served without sign-in. */
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

export function serveAdminPage(server: Server): void {
  for (const [route, asset] of Object.entries(ASSETS)) {
    server.get(route, async (_req: Request, res: Response) => {
      const body = await readFile(path.join(PUBLIC_DIR, asset.file));
      res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': body.length, ...SECURITY_HEADERS });
      res.end(body);
    });
  }
}
