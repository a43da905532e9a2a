import type { IncomingMessage } from 'node:http';
import type { Request } from 'restify';

/** A request body that cannot be used; the reply is 400 (or 413) with this reason. */
export class BadRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/**
 * Reads and parses a JSON body of at most `maxBytes`. The server installs no global body parser, so
 * that streaming routes (uploads) keep their raw request.
 */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes) throw new BadRequestError(`request body is larger than ${maxBytes} bytes`, 413);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as IncomingMessage) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BadRequestError(`request body is larger than ${maxBytes} bytes`, 413);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') throw new BadRequestError('request body is empty; a JSON object was expected');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadRequestError(`request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The address people reach this server under, for links in answers: PUBLIC_BASE_URL when set,
 * otherwise the request's host (and the scheme a TLS-terminating proxy reports).
 */
export function publicBaseUrlOf(req: Request, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '');
  const forwardedProto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim();
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : req.isSecure() ? 'https' : 'http';
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost').split(',')[0]?.trim() ?? 'localhost';
  // A Host header is client-controlled; only a plain host[:port] is used in links.
  return /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-fA-F:]+\](?::\d{1,5})?$/.test(host) ? `${proto}://${host}` : 'http://localhost';
}
