import type { AnswerResult, Chunk, Citation, Contact } from '../types.ts';

/** Digits of a phone number as they run in text: separators inside a number dropped. */
function phoneDigits(text: string): string {
  return text.replace(/\(0\)/g, '').replace(/[\s/()\-–]+/g, '');
}

/**
 * The contact records of the cited chunks whose e-mail address or phone number the answer text names,
 * reduced to those details. Channels turn only these into call and mail actions: a number that stands
 * in a document paragraph, but in no extracted contact, never becomes a button.
 */
export function contactsNamedInAnswer(answer: AnswerResult, chunkOf: (citation: Citation) => Chunk | undefined): Contact[] {
  if (!answer.answered) return [];
  const lowerText = answer.answer.toLowerCase();
  const compactText = phoneDigits(answer.answer);
  const named: Contact[] = [];
  const seen = new Set<string>();
  for (const citation of answer.citations) {
    for (const contact of chunkOf(citation)?.facts.contacts ?? []) {
      const emails = contact.emails.filter((email) => email.length > 0 && lowerText.includes(email.toLowerCase()));
      const phones = contact.phones.filter((phone) => {
        const digits = phoneDigits(phone);
        return /\d{7,}/.test(digits.replace(/^\+/, '')) && compactText.includes(digits);
      });
      if (emails.length === 0 && phones.length === 0) continue;
      const key = JSON.stringify([contact.name, emails, phones]);
      if (seen.has(key)) continue;
      seen.add(key);
      named.push({ ...contact, emails, phones });
    }
  }
  return named;
}
