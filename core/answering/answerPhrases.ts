import type { Language } from '../types.ts';

/** The few fixed phrases of extractive answers, in German and English. */
export interface AnswerPhrases {
  notFound: string;
  relatedHint: (title: string, source: string) => string;
  contactFor: (programme: string) => string;
  contact: string;
  phone: string;
  email: string;
  emailOf: (name: string) => string;
  phoneOf: (name: string) => string;
  noEmailFor: (name: string) => string;
  noPhoneFor: (name: string) => string;
  reach: (name: string, phone?: string, email?: string) => string;
  listIntro: (title: string) => string;
  offersIntro: string;
  conflicting: string;
  germanSourceNote: string;
  /** For a question with two parts when the documents answer only one. */
  partNotFound: (part: string) => string;
}

const de: AnswerPhrases = {
  notFound: 'Dazu finde ich in den vorliegenden Dokumenten keine Angabe.',
  relatedHint: (title, source) => `Zum Thema gibt es Informationen in „${title}“ (${source}), aber nicht zu dieser Frage.`,
  contactFor: (programme) => `Kontakt für ${programme}:`,
  contact: 'Kontakt:',
  phone: 'Telefon',
  email: 'E-Mail',
  emailOf: (name) => `Die E-Mail-Adresse von ${name} lautet`,
  phoneOf: (name) => `Die Telefonnummer von ${name} lautet`,
  noEmailFor: (name) => `Eine E-Mail-Adresse von ${name} nennen die Dokumente nicht.`,
  noPhoneFor: (name) => `Eine Telefonnummer von ${name} nennen die Dokumente nicht.`,
  reach: (name, phone, email) =>
    [`${name} erreichen Sie`, phone ? `telefonisch unter ${phone}` : '', phone && email ? 'oder' : '', email ? `per E-Mail an ${email}` : '']
      .filter(Boolean)
      .join(' '),
  listIntro: (title) => `In „${title}“ werden genannt:`,
  offersIntro: 'Diese Angebote nennen die Dokumente:',
  conflicting: 'Die Quellen nennen unterschiedliche Daten:',
  germanSourceNote: '',
  partNotFound: (part) => `Zu „${part}“ finde ich keine Angabe.`,
};

const en: AnswerPhrases = {
  notFound: 'I could not find this in the available documents.',
  relatedHint: (title, source) => `The documents have information on the topic in “${title}” (${source}), but not on this question.`,
  contactFor: (programme) => `Contact for ${programme}:`,
  contact: 'Contact:',
  phone: 'phone',
  email: 'e-mail',
  emailOf: (name) => `The e-mail address of ${name} is`,
  phoneOf: (name) => `The phone number of ${name} is`,
  noEmailFor: (name) => `The documents give no e-mail address for ${name}.`,
  noPhoneFor: (name) => `The documents give no phone number for ${name}.`,
  reach: (name, phone, email) =>
    [`You can reach ${name}`, phone ? `by phone at ${phone}` : '', phone && email ? 'or' : '', email ? `by e-mail at ${email}` : '']
      .filter(Boolean)
      .join(' '),
  listIntro: (title) => `“${title}” names:`,
  offersIntro: 'The documents name these offers:',
  conflicting: 'The sources give different dates:',
  germanSourceNote: 'From the (German) documents: ',
  partNotFound: (part) => `I found nothing on “${part}”.`,
};

export function phrasesFor(language: Language): AnswerPhrases {
  return language === 'en' ? en : de;
}
