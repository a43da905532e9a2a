import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';
import type { AppConfig } from '../../core/config.ts';
import { EXAMPLE_QUESTIONS } from '../botTexts.ts';
import { colorIcon } from '../teams/png.ts';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

const require = createRequire(import.meta.url);

/** The official Web Chat UMD bundle, served from node_modules (no CDN). */
function webChatBundlePath(): string {
  const entry = require.resolve('botframework-webchat');
  return path.join(path.dirname(entry), '..', 'dist', 'webchat.js');
}

/**
 * React's UMD build for the page's own answer parts (answerParts.js): Web Chat's bundle carries a
 * React of its own but does not expose it.
 */
function reactBundlePath(): string {
  return path.join(path.dirname(require.resolve('react/package.json')), 'umd', 'react.production.min.js');
}

interface Asset {
  file: string;
  type: string;
  cache: string;
}

const ASSETS: Record<string, Asset> = {
  '/webchat/app.js': { file: path.join(PUBLIC_DIR, 'app.js'), type: 'text/javascript; charset=utf-8', cache: 'no-cache' },
  '/webchat/app.css': { file: path.join(PUBLIC_DIR, 'app.css'), type: 'text/css; charset=utf-8', cache: 'no-cache' },
  '/webchat/webchat.js': { file: webChatBundlePath(), type: 'text/javascript; charset=utf-8', cache: 'public, max-age=86400' },
  '/webchat/react.js': { file: reactBundlePath(), type: 'text/javascript; charset=utf-8', cache: 'public, max-age=86400' },
  '/webchat/answerParts.js': { file: path.join(PUBLIC_DIR, 'answerParts.js'), type: 'text/javascript; charset=utf-8', cache: 'no-cache' },
  '/embed.js': { file: path.join(PUBLIC_DIR, 'embed.js'), type: 'text/javascript; charset=utf-8', cache: 'public, max-age=3600' },
};

/**
 * Web Chat injects its styles at run time, hence 'unsafe-inline' for styles only; scripts come from
 * this server alone. The embed variant may be framed by the intranet pages named in WEBCHAT_EMBED_ORIGINS.
 */
function pageSecurityHeaders(config: AppConfig, embedded: boolean): Record<string, string> {
  const connect = ["'self'"];
  if (config.DIRECT_LINE_SECRET) {
    const endpoint = new URL(config.DIRECT_LINE_ENDPOINT);
    connect.push(endpoint.origin, `wss://${endpoint.host}`);
  }
  const ancestors = embedded ? config.WEBCHAT_EMBED_ORIGINS : "'self'";
  return {
    'Content-Security-Policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      `connect-src ${connect.join(' ')}`,
      "form-action 'none'",
      "base-uri 'none'",
      `frame-ancestors ${ancestors}`,
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

async function sendFile(res: Response, asset: Asset, extraHeaders: Record<string, string> = {}): Promise<void> {
  const body = await readFile(asset.file);
  res.writeHead(200, {
    'Content-Type': asset.type,
    'Content-Length': body.length,
    'Cache-Control': asset.cache,
    'X-Content-Type-Options': 'nosniff',
    ...extraHeaders,
  });
  res.end(body);
}

/** GET / (the chat page), its assets, /embed.js (the intranet snippet) and /api/webchat/config. */
export function registerWebChatRoutes(server: Server, config: AppConfig): void {
  const page: Asset = { file: path.join(PUBLIC_DIR, 'index.html'), type: 'text/html; charset=utf-8', cache: 'no-cache' };
  server.get('/', async (req: Request, res: Response) => {
    const embedded = new URL(req.url ?? '/', 'http://local').searchParams.get('embed') === '1';
    await sendFile(res, page, pageSecurityHeaders(config, embedded));
  });
  for (const [route, asset] of Object.entries(ASSETS)) {
    server.get(route, async (_req: Request, res: Response) => {
      await sendFile(res, asset);
    });
  }
  const icon = colorIcon();
  server.get('/favicon.ico', (_req: Request, res: Response, next) => {
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': icon.length, 'Cache-Control': 'public, max-age=86400' });
    res.end(icon);
    next();
  });
  server.get('/api/webchat/config', async (_req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    res.send(200, {
      mode: config.DIRECT_LINE_SECRET ? 'azure' : 'local',
      ...(config.DIRECT_LINE_SECRET ? { domain: `${config.DIRECT_LINE_ENDPOINT.replace(/\/+$/, '')}/v3/directline` } : {}),
      locale: 'de-DE',
      examples: EXAMPLE_QUESTIONS,
    });
  });
}
