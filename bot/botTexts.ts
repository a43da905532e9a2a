import type { Language } from '../core/types.ts';

/**
 * Everything the bot says on its own (not answers from the documents), in one place. The example
 * questions follow the documents, so they are the first thing to adapt when the corpus changes.
 */

export const EXAMPLE_QUESTIONS: readonly string[] = [
  'Wer ist Ansprechpartner für KommunalCampus?',
  'Wann ist die erste #digitaljourney gestartet?',
  'Welche Projekte wurden zu digitalen Kompetenzen vorgestellt?',
];

export const BOT_TEXTS = {
  welcome:
    'Willkommen beim **Wegweiser**! Ich beantworte Fragen zu Fortbildungs- und Transformationsprogrammen der Verwaltung – Angebote, Termine, Kosten und Ansprechpersonen – und nenne zu jeder Antwort die Fundstelle im Dokument.',
  examplesIntro: 'Probieren Sie zum Beispiel:',
  help:
    'So nutzen Sie den Wegweiser:\n\n' +
    '- Stellen Sie eine Frage in ganzen Sätzen, z. B. nach Ansprechpersonen, Terminen, Kosten oder Angeboten.\n' +
    '- Rückfragen wie „Und wie ist die E-Mail-Adresse?“ beziehen sich auf die vorige Antwort.\n' +
    '- Jede Antwort nennt ihre Quellen mit Seite, Folie oder Abschnitt; ein Klick öffnet das Dokument an der zitierten Stelle.\n' +
    '- Mit „Hilfreich“ oder „Nicht hilfreich“ unter der Antwort geben Sie Rückmeldung.\n' +
    '- Im Web-Chat beginnt „Neues Gespräch“ von vorn; der Wegweiser vergisst dann das bisherige Gespräch.\n\n' +
    'Der Wegweiser kennt nur die hinterlegten Dokumente. Ihre Fragen werden nicht gespeichert.',
  tooLong: (limit: number) =>
    `Ihre Nachricht ist zu lang (höchstens ${limit} Zeichen). Bitte stellen Sie eine kürzere, konkrete Frage.`,
  rateLimited: 'Sie haben gerade sehr viele Fragen gestellt. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
  notReady: 'Der Wegweiser wird gerade vorbereitet (die Dokumente werden eingelesen). Bitte versuchen Sie es in ein paar Minuten erneut.',
  emptyMessage: 'Bitte schreiben Sie Ihre Frage als Text.',
  turnError: 'Entschuldigung, da ist bei mir etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.',
} as const;

/**
 * What the bot puts around an answer: headings, link and button texts. They follow the answer's
 * language (the question's), so an English answer carries no German heading; the web chat page
 * receives them with the answer.
 */
export interface AnswerTexts {
  sourcesHeading: string;
  /** Summary of the expandable passage under a source. */
  showPassage: string;
  /** Link from a PDF source's passage to the source viewer (PDF links open the page itself). */
  passageInViewer: string;
  contactTitle: string;
  writeEmail: (address: string) => string;
  call: (number: string) => string;
  feedbackPrompt: string;
  feedbackUp: string;
  feedbackDown: string;
  feedbackCommentLabel: string;
  feedbackSend: string;
  feedbackCancel: string;
  feedbackThanks: string;
  feedbackFailed: string;
}

const ANSWER_TEXTS: Record<Language, AnswerTexts> = {
  de: {
    sourcesHeading: 'Quellen',
    showPassage: 'Textstelle anzeigen',
    passageInViewer: 'Textstelle im Dokument hervorgehoben ansehen',
    contactTitle: 'Kontakt aufnehmen',
    writeEmail: (address) => `E-Mail an ${address}`,
    call: (number) => `Anrufen: ${number}`,
    feedbackPrompt: 'War diese Antwort hilfreich?',
    feedbackUp: 'Hilfreich',
    feedbackDown: 'Nicht hilfreich',
    feedbackCommentLabel: 'Was hat gefehlt? (optional, bitte ohne persönliche Daten)',
    feedbackSend: 'Rückmeldung senden',
    feedbackCancel: 'Abbrechen',
    feedbackThanks: 'Danke für Ihre Rückmeldung!',
    feedbackFailed: 'Die Rückmeldung kam nicht an. Bitte versuchen Sie es noch einmal.',
  },
  en: {
    sourcesHeading: 'Sources',
    showPassage: 'Show passage',
    passageInViewer: 'View the passage highlighted in the document',
    contactTitle: 'Get in touch',
    writeEmail: (address) => `E-mail ${address}`,
    call: (number) => `Call ${number}`,
    feedbackPrompt: 'Was this answer helpful?',
    feedbackUp: 'Helpful',
    feedbackDown: 'Not helpful',
    feedbackCommentLabel: 'What was missing? (optional, please no personal data)',
    feedbackSend: 'Send feedback',
    feedbackCancel: 'Cancel',
    feedbackThanks: 'Thank you for your feedback!',
    feedbackFailed: 'The feedback did not arrive. Please try again.',
  },
};

export function answerTexts(language: Language): AnswerTexts {
  return ANSWER_TEXTS[language];
}
