/**
 * E-mail addresses and phone numbers in an answer, as links a person can act on (mailto:, tel:).
 */
export interface ContactLink {
  kind: 'email' | 'phone';
  /** As written in the answer. */
  display: string;
  url: string;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// German numbers as written in documents: +49 621 / 107 08 302, 0621 10708-302, (0621) 1234567.
const PHONE = /(?:\+\d{1,3}|\(?0\d{1,5}\)?)(?:[ \t]*[-/]?[ \t]*\(?\d[\d]*\)?){2,}/g;

/** tel: URIs carry only digits and a leading plus (RFC 3966 global numbers). */
export function telUri(phone: string): string {
  const compact = phone.replace(/\(0\)/g, '').replace(/[^\d+]/g, '');
  return `tel:${compact}`;
}

export function findContactLinks(text: string, limit = 6): ContactLink[] {
  const links: ContactLink[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(EMAIL)) {
    const address = match[0].replace(/\.+$/, '');
    const url = `mailto:${address}`;
    if (seen.has(url.toLowerCase())) continue;
    seen.add(url.toLowerCase());
    links.push({ kind: 'email', display: address, url });
  }
  for (const match of text.matchAll(PHONE)) {
    const display = match[0].trim();
    const digits = display.replace(/\D/g, '');
    // Years, dates and postcodes are too short to be phone numbers.
    if (digits.length < 7) continue;
    const url = telUri(display);
    if (seen.has(url)) continue;
    seen.add(url);
    links.push({ kind: 'phone', display, url });
  }
  return links.slice(0, limit);
}
