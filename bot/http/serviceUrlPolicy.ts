/**
 * Where an unauthenticated activity may have its replies posted. Without a bot identity nobody vouches
 * for an activity's serviceUrl, so the bot would otherwise send requests to any address a client names.
 */
export class ServiceUrlPolicy {
  private readonly allowed: Array<{ protocol: string; hostname: string; port: string | '*' }>;

  /** `origins` as in ALLOWED_SERVICE_URLS: scheme://host[:port|:*]. */
  constructor(origins: readonly string[]) {
    this.allowed = origins.map((origin) => {
      const wildcard = /:\*$/.test(origin);
      const url = new URL(wildcard ? origin.replace(/:\*$/, '') : origin);
      return { protocol: url.protocol, hostname: url.hostname.toLowerCase(), port: wildcard ? '*' : portOf(url) };
    });
  }

  allows(serviceUrl: string): boolean {
    let url: URL;
    try {
      url = new URL(serviceUrl);
    } catch {
      return false;
    }
    const port = portOf(url);
    return this.allowed.some(
      (entry) => entry.protocol === url.protocol && entry.hostname === url.hostname.toLowerCase() && (entry.port === '*' || entry.port === port),
    );
  }
}

function portOf(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** The origin of a service URL for messages and logs (no path, which may carry ids). */
export function originOf(serviceUrl: string): string {
  try {
    return new URL(serviceUrl).origin;
  } catch {
    return 'an invalid URL';
  }
}
