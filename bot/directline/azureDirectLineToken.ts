import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { AppConfig } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';

/**
 * POST /api/directline/token: with Azure Bot Service (DIRECT_LINE_SECRET set), exchanges the secret
 * for a short-lived conversation token server-side, so the secret never reaches the browser.
 */
export function registerAzureTokenRoute(server: Server, deps: { config: AppConfig; logger: Logger; fetchImpl?: typeof fetch }): void {
  const log = deps.logger.child({ component: 'directline-token' });
  const fetchImpl = deps.fetchImpl ?? fetch;
  server.post('/api/directline/token', async (_req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    const secret = deps.config.DIRECT_LINE_SECRET;
    if (!secret) {
      res.send(404, { error: 'Azure Direct Line is not configured; the page uses the built-in endpoint' });
      return;
    }
    const url = `${deps.config.DIRECT_LINE_ENDPOINT.replace(/\/+$/, '')}/v3/directline/tokens/generate`;
    try {
      const response = await fetchImpl(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
        // A fresh random user id per token: Azure needs one, we need no identity in the web chat.
        body: JSON.stringify({ user: { id: `dl_${randomBytes(12).toString('base64url')}` } }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) {
        log.error({ status: response.status }, 'Direct Line token exchange was refused');
        res.send(502, { error: 'the Direct Line service refused the token request' });
        return;
      }
      const body = (await response.json()) as { token?: string; conversationId?: string; expires_in?: number };
      if (!body.token) throw new Error('no token in the Direct Line response');
      res.send(200, { token: body.token, conversationId: body.conversationId, expires_in: body.expires_in });
    } catch (error) {
      log.error({ err: error }, 'Direct Line token exchange failed');
      res.send(502, { error: 'the Direct Line service is not reachable' });
    }
  });
}
