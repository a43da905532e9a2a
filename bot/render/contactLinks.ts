import type { Contact } from '../../core/types.ts';

/**
 * E-mail addresses and phone numbers of contact records, as links a person can act on (mailto:, tel:).
 */
export interface ContactLink {
  kind: 'email' | 'phone';
  /** As written in the document. */
  display: string;
  url: string;
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/** tel: URIs carry only digits and a leading plus (RFC 3966 global numbers). */
export function telUri(phone: string): string {
  const compact = phone.replace(/\(0\)/g, '').replace(/[^\d+]/g, '');
  return `tel:${compact}`;
}

/** Links for the e-mail addresses and phone numbers of extracted contact records (at most `limit`). */
export function contactRecordLinks(contacts: readonly Contact[], limit = 6): ContactLink[] {
  const links: ContactLink[] = [];
  const seen = new Set<string>();
  const add = (link: ContactLink) => {
    const key = link.url.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    links.push(link);
  };
  for (const contact of contacts) {
    for (const email of contact.emails) {
      const address = email.trim().replace(/\.+$/, '');
      if (EMAIL.test(address)) add({ kind: 'email', display: address, url: `mailto:${address}` });
    }
  }
  for (const contact of contacts) {
    for (const phone of contact.phones) {
      const display = phone.trim();
      // Years, dates and postcodes are too short to be phone numbers.
      if (display.replace(/\D/g, '').length >= 7) add({ kind: 'phone', display, url: telUri(display) });
    }
  }
  return links.slice(0, limit);
}
