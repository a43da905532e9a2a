import type { IncomingMessage } from 'node:http';
import type { Request } from 'restify';

/** A request body that cannot be used; the reply is 400 (or 413) with this reason. */
export class BadRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    /** The rest of the body is not read: the reply must close the connection. */
    readonly closeConnection = false,
  ) {
    super(message);
    this.name = 'BadRequestError';
  }
}

export interface JsonBodyOptions {
  /** Refuse other content types with 415: a JSON body cannot then come from a plain HTML form. */
  requireJsonType?: boolean;
  /** A body that sends nothing for this long is refused with 408; default 30 s. */
  idleTimeoutMs?: number;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Whether the request declares a JSON body (application/json, also with charset or as +json). */
export function isJsonRequest(req: Pick<IncomingMessage, 'headers'>): boolean {
  return JSON_TYPE.test(String(req.headers['content-type'] ?? ''));
}

/**
 * Reads and parses a JSON body of at most `maxBytes`. The server installs no global body parser, so
 * that streaming routes (uploads) keep their raw request. A body that stalls or breaks off ends in a
 * BadRequestError, never in an unhandled stream error.
 */
export async function readJsonBody(req: Request, maxBytes: number, options: JsonBodyOptions = {}): Promise<unknown> {
  if (options.requireJsonType && !isJsonRequest(req)) {
    req.resume();
    throw new BadRequestError('the body must be sent as Content-Type: application/json', 415);
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes) throw new BadRequestError(`request body is larger than ${maxBytes} bytes`, 413, true);
  const body = await collectBody(req as IncomingMessage, maxBytes, options.idleTimeoutMs ?? 30_000);
  const text = body.toString('utf8').trim();
  if (text === '') throw new BadRequestError('request body is empty; a JSON object was expected');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadRequestError(`request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Collects the body; a body that stalls, breaks off or grows too large rejects with a BadRequestError. */
function collectBody(req: IncomingMessage, maxBytes: number, idleTimeoutMs: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const settle = (error?: BadRequestError) => {
      if (done) return;
      done = true;
      req.socket?.setTimeout(0);
      req.off('timeout', onIdle);
      req.off('data', onData);
      if (error) {
        // The rest is neither read nor kept; the reply closes the connection.
        req.resume();
        reject(error);
      } else resolve(Buffer.concat(chunks));
    };
    const onIdle = () => settle(new BadRequestError('the request body stalled: no data arrived for too long', 408, true));
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) settle(new BadRequestError(`request body is larger than ${maxBytes} bytes`, 413, true));
      else chunks.push(chunk);
    };
    // On the request, not the socket: the HTTP server destroys a timed-out socket nobody claims.
    req.setTimeout(idleTimeoutMs, onIdle);
    req.on('data', onData);
    req.once('end', () => settle());
    req.once('error', (error: Error) => settle(new BadRequestError(`the request body broke off (${error.message})`, 400, true)));
    req.once('close', () => {
      if (!req.complete) settle(new BadRequestError('the request body broke off before it was complete', 400, true));
    });
  });
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
