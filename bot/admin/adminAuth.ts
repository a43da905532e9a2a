import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { AppConfig } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';

/** Who called the admin API, as written to the audit log. */
export interface AdminPrincipal {
  method: 'admin-token' | 'entra';
  /** 'admin-token', or the Entra user's preferred_username (falling back to the object id). */
  actor: string;
  /** Entra object id of the user or app, when signed in with Entra ID. */
  oid?: string;
}

export type AuthOutcome =
  | { ok: true; principal: AdminPrincipal }
  | {
      ok: false;
      status: 401 | 403 | 503;
      /** Machine-readable, English (`invalid_token`): for clients and the server log. */
      code: string;
      /** German reason for the admin page and the audit log, which admins read. */
      reason: string;
      /** Value of the WWW-Authenticate header (RFC 6750) for 401/403. */
      challenge?: string;
    };

export interface AdminAuthenticator {
  /** False when neither ADMIN_TOKEN nor Entra ID is configured: the admin API stays closed. */
  readonly enabled: boolean;
  authenticate(authorizationHeader: string | undefined): Promise<AuthOutcome>;
}

export type AdminAuthConfig = Pick<
  AppConfig,
  | 'ADMIN_TOKEN'
  | 'ADMIN_ENTRA_TENANT_ID'
  | 'ADMIN_ENTRA_AUDIENCE'
  | 'ADMIN_ENTRA_ISSUER'
  | 'ADMIN_ENTRA_JWKS_URL'
  | 'ADMIN_ENTRA_ROLE'
  | 'ADMIN_ENTRA_GROUP'
>;

export const ADMIN_DISABLED_REASON = 'Die Verwaltungsschnittstelle ist abgeschaltet: Setzen Sie ADMIN_TOKEN oder ADMIN_ENTRA_TENANT_ID.';
const REALM = 'Bearer realm="wegweiser-admin"';

/** Compares secrets in constant time; hashing first makes the lengths equal, as timingSafeEqual requires. */
function secretsMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}

function stringClaims(payload: JWTPayload, name: string): string[] {
  const value = payload[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function claim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function describeJoseError(error: unknown): { code: string; reason: string } {
  if (error instanceof joseErrors.JWTExpired) return { code: 'token_expired', reason: 'Das Token ist abgelaufen. Bitte melden Sie sich neu an.' };
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return { code: 'token_claim_rejected', reason: `Das Token wird nicht akzeptiert: Der Claim „${error.claim}“ passt nicht zu dieser Anwendung.` };
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return { code: 'token_signature_invalid', reason: 'Die Signatur des Tokens ist ungültig.' };
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return { code: 'token_key_unknown', reason: 'Das Token wurde nicht mit einem Schlüssel des eingestellten Mandanten signiert.' };
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return { code: 'token_algorithm_rejected', reason: 'Das Signaturverfahren des Tokens ist nicht zulässig.' };
  if (error instanceof joseErrors.JWTInvalid || error instanceof joseErrors.JWSInvalid) return { code: 'token_malformed', reason: 'Das Token ist fehlerhaft aufgebaut.' };
  if (error instanceof joseErrors.JOSEError) return { code: 'token_rejected', reason: `Das Token wurde abgelehnt (${error.code}).` };
  return { code: 'token_rejected', reason: 'Das Token konnte nicht geprüft werden.' };
}

/**
 * Checks admin credentials: the shared ADMIN_TOKEN, or a Microsoft Entra ID access token carrying the
 * admin app role or group. Never open by default: with nothing configured every call gets 503.
 */
export function createAdminAuthenticator(config: AdminAuthConfig, logger: Logger): AdminAuthenticator {
  const adminToken = config.ADMIN_TOKEN;
  const tenant = config.ADMIN_ENTRA_TENANT_ID;
  const entra = tenant
    ? {
        jwks: createRemoteJWKSet(
          new URL(config.ADMIN_ENTRA_JWKS_URL ?? `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/discovery/v2.0/keys`),
        ),
        issuer: config.ADMIN_ENTRA_ISSUER ?? `https://login.microsoftonline.com/${tenant}/v2.0`,
        // Several audiences (client id and App ID URI) may be listed, comma-separated.
        audience: (config.ADMIN_ENTRA_AUDIENCE ?? '')
          .split(',')
          .map((a) => a.trim())
          .filter((a) => a !== ''),
        role: config.ADMIN_ENTRA_ROLE,
        group: config.ADMIN_ENTRA_GROUP,
      }
    : undefined;
  const enabled = Boolean(adminToken) || Boolean(entra);

  async function verifyEntraToken(token: string): Promise<AuthOutcome> {
    if (!entra) throw new Error('Entra ID is not configured');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, entra.jwks, {
        issuer: entra.issuer,
        audience: entra.audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
        clockTolerance: 60,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid || !(error instanceof joseErrors.JOSEError)) {
        // The signing keys could not be fetched: an outage on our side, not a bad token.
        logger.error({ err: error }, 'admin: Entra ID signing keys unavailable');
        return {
          ok: false,
          status: 503,
          code: 'signing_keys_unavailable',
          reason: 'Die Signaturschlüssel von Entra ID (signing keys) sind gerade nicht abrufbar. Bitte versuchen Sie es gleich noch einmal.',
        };
      }
      const { code, reason } = describeJoseError(error);
      logger.info({ code }, 'admin: Entra token rejected');
      return { ok: false, status: 401, code, reason, challenge: `${REALM}, error="invalid_token"` };
    }
    const oid = claim(payload, 'oid') ?? claim(payload, 'sub');
    const actor = claim(payload, 'preferred_username') ?? claim(payload, 'upn') ?? oid ?? 'entra-unknown';
    const hasRole = stringClaims(payload, 'roles').includes(entra.role);
    const inGroup = entra.group !== undefined && stringClaims(payload, 'groups').includes(entra.group);
    if (!hasRole && !inGroup) {
      const needs = entra.group ? `die App-Rolle „${entra.role}“ oder die Gruppe ${entra.group}` : `die App-Rolle „${entra.role}“`;
      return {
        ok: false,
        status: 403,
        code: 'admin_role_missing',
        reason: `Angemeldet als ${actor}, aber dem Token fehlt ${needs}.`,
        challenge: `${REALM}, error="insufficient_scope"`,
      };
    }
    return { ok: true, principal: { method: 'entra', actor, ...(oid ? { oid } : {}) } };
  }

  return {
    enabled,
    async authenticate(header) {
      if (!enabled) return { ok: false, status: 503, code: 'admin_disabled', reason: ADMIN_DISABLED_REASON };
      const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
      const token = match?.[1];
      if (!token) {
        return {
          ok: false,
          status: 401,
          code: header ? 'authorization_malformed' : 'signin_required',
          reason: header
            ? 'Der Authorization-Header muss die Form „Bearer <Token>“ haben.'
            : 'Bitte melden Sie sich an (Authorization: Bearer <Token>).',
          challenge: header ? `${REALM}, error="invalid_request"` : REALM,
        };
      }
      if (adminToken && secretsMatch(token, adminToken)) {
        return { ok: true, principal: { method: 'admin-token', actor: 'admin-token' } };
      }
      if (entra && looksLikeJwt(token)) return verifyEntraToken(token);
      return { ok: false, status: 401, code: 'invalid_token', reason: 'Das Admin-Token ist ungültig.', challenge: `${REALM}, error="invalid_token"` };
    },
  };
}
