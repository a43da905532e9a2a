import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, bearer, makeWorkspace, removeWorkspace, startAdminServer, type AdminHarness } from './adminHarness.ts';

const TENANT = '7d3c2f1e-0000-4000-8000-00000000beef';
const AUDIENCE = 'api://wegweiser-admin';
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const ROLE = 'Wegweiser.Admin';
const GROUP = '5f0e9a1b-1111-4222-8333-444455556666';
const KID = 'test-key-1';

describe('admin API authentication', () => {
  let jwksServer: Server;
  let jwksHits = 0;
  let privateKey: CryptoKey;
  let foreignKey: CryptoKey;
  let harness: AdminHarness;
  let root: string;

  async function token(
    claims: Record<string, unknown>,
    options: { issuer?: string; audience?: string; expiresAt?: number; key?: CryptoKey } = {},
  ): Promise<string> {
    return new SignJWT({ oid: 'a1b2c3d4-0000-0000-0000-000000000001', preferred_username: 'admin@amt.example', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 60)
      .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 600)
      .sign(options.key ?? privateKey);
  }

  async function status(headers: Record<string, string>): Promise<Response> {
    return fetch(`${harness.baseUrl}/api/admin/status`, { headers });
  }

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    foreignKey = (await generateKeyPair('RS256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    jwksServer = createServer((req, res) => {
      jwksHits += 1;
      if (req.url !== '/discovery/v2.0/keys') {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    root = await makeWorkspace();
    harness = await startAdminServer(root, {
      ADMIN_TOKEN,
      ADMIN_ENTRA_TENANT_ID: TENANT,
      ADMIN_ENTRA_AUDIENCE: AUDIENCE,
      ADMIN_ENTRA_ISSUER: ISSUER,
      ADMIN_ENTRA_JWKS_URL: `http://127.0.0.1:${port}/discovery/v2.0/keys`,
      ADMIN_ENTRA_ROLE: ROLE,
      ADMIN_ENTRA_GROUP: GROUP,
      // This suite sends many refused tokens on purpose; the throttle has its own test.
      ADMIN_AUTH_FAILURES_PER_MINUTE: '1000',
    });
  });

  afterAll(async () => {
    await harness?.close();
    await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
    await removeWorkspace(root);
  });

  it('accepts an Entra token with the admin app role, verified against the tenant JWKS', async () => {
    const response = await status(bearer(await token({ roles: [ROLE] })));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ready: boolean; documents: unknown[] };
    expect(body.ready).toBe(false);
    expect(Array.isArray(body.documents)).toBe(true);
    expect(jwksHits).toBeGreaterThan(0);
  });

  it('accepts an Entra token of a member of the admin group', async () => {
    const response = await status(bearer(await token({ groups: ['other-group', GROUP] })));
    expect(response.status).toBe(200);
  });

  it('refuses a valid token without the admin role or group with 403', async () => {
    const response = await status(bearer(await token({ roles: ['Wegweiser.Reader'], groups: ['other-group'] })));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('insufficient_scope');
    expect(((await response.json()) as { error: string }).error).toContain(ROLE);
  });

  it.each([
    ['wrong audience', { audience: 'api://another-app' }, 'token_claim_rejected', '„aud“'],
    ['wrong issuer', { issuer: 'https://login.microsoftonline.com/another-tenant/v2.0' }, 'token_claim_rejected', '„iss“'],
    ['expired', { expiresAt: Math.floor(Date.now() / 1000) - 3600 }, 'token_expired', 'abgelaufen'],
  ] as const)('refuses a token with %s with 401', async (_label, options, code, reason) => {
    const response = await status(bearer(await token({ roles: [ROLE] }, options)));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    const body = (await response.json()) as { error: string; code: string };
    expect(body.code).toBe(code);
    expect(body.error).toContain(reason);
  });

  it('refuses a token signed by a key that is not in the tenant JWKS with 401', async () => {
    const response = await status(bearer(await token({ roles: [ROLE] }, { key: foreignKey })));
    expect(response.status).toBe(401);
  });

  it('refuses a request without Authorization header with 401 and a Bearer challenge', async () => {
    const response = await status({});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a malformed Authorization header with 401', async () => {
    const response = await status({ Authorization: `Basic ${Buffer.from('admin:secret').toString('base64')}` });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid_request');
  });

  it('refuses a wrong admin token and accepts the right one', async () => {
    expect((await status(bearer('test-admin-token-0123456789abcdeX'))).status).toBe(401);
    expect((await status(bearer('short'))).status).toBe(401);
    expect((await status(bearer(ADMIN_TOKEN))).status).toBe(200);
  });

  it('protects every admin route, not only the status', async () => {
    const calls: Array<[string, string]> = [
      ['POST', '/api/admin/reindex'],
      ['GET', '/api/admin/jobs/123'],
      ['POST', '/api/admin/documents'],
      ['DELETE', '/api/admin/documents/digitaljourney.html'],
      ['GET', '/api/admin/feedback'],
    ];
    for (const [method, route] of calls) {
      const response = await fetch(`${harness.baseUrl}${route}`, { method, headers: bearer('wrong-token-wrong-token') });
      expect(response.status, `${method} ${route}`).toBe(401);
    }
  });
});

describe('admin API without any admin credentials configured', () => {
  it('answers 503 "admin API disabled" instead of being open', async () => {
    const root = await makeWorkspace();
    const harness = await startAdminServer(root, {});
    try {
      const response = await fetch(`${harness.baseUrl}/api/admin/status`, { headers: bearer('anything-at-all-123') });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ code: 'admin_disabled', error: expect.stringMatching(/abgeschaltet: Setzen Sie ADMIN_TOKEN oder ADMIN_ENTRA_TENANT_ID/) });
      const noHeader = await fetch(`${harness.baseUrl}/api/admin/reindex`, { method: 'POST' });
      expect(noHeader.status).toBe(503);
    } finally {
      await harness.close();
      await removeWorkspace(root);
    }
  });
});

describe('admin API when the Entra ID signing keys cannot be fetched', () => {
  it('answers 503 (our outage), not 401 (the caller is not at fault)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const root = await makeWorkspace();
    const harness = await startAdminServer(root, {
      ADMIN_ENTRA_TENANT_ID: TENANT,
      ADMIN_ENTRA_AUDIENCE: AUDIENCE,
      ADMIN_ENTRA_JWKS_URL: `http://127.0.0.1:${port}/keys`,
    });
    try {
      const { privateKey } = await generateKeyPair('RS256');
      const jwt = await new SignJWT({ roles: [ROLE] })
        .setProtectedHeader({ alg: 'RS256', kid: KID })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('5m')
        .sign(privateKey);
      const response = await fetch(`${harness.baseUrl}/api/admin/status`, { headers: bearer(jwt) });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ code: 'signing_keys_unavailable', error: expect.stringMatching(/Signaturschlüssel/) });
    } finally {
      await harness.close();
      await removeWorkspace(root);
    }
  });
});
