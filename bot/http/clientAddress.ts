import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/** The address a request came from, as limits and logs should see it. */
export type ClientAddressOf = (req: IncomingMessage) => string;

/**
 * The client's address: the socket's peer, or, when that peer is one of TRUSTED_PROXIES, the address
 * the proxies report in X-Forwarded-For (read from the right, skipping trusted hops). Without trusted
 * proxies the header is ignored, since any client can send it. proxy-addr is the package Express uses.
 */
export function clientAddressResolver(trustedProxies: readonly string[]): ClientAddressOf {
  const trust = proxyAddr.compile([...trustedProxies]);
  return (req) => {
    if (!req.socket?.remoteAddress) return 'unknown';
    return proxyAddr(req, trust) || 'unknown';
  };
}
