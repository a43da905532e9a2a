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
    '- Jede Antwort nennt ihre Quellen mit Seite oder Folie; ein Klick öffnet das Dokument.\n' +
    '- Mit 👍 oder 👎 geben Sie Rückmeldung, ob die Antwort geholfen hat.\n\n' +
    'Der Wegweiser kennt nur die hinterlegten Dokumente. Ihre Fragen werden nicht gespeichert.',
  sourcesHeading: 'Quellen',
  tooLong: (limit: number) =>
    `Ihre Nachricht ist zu lang (höchstens ${limit} Zeichen). Bitte stellen Sie eine kürzere, konkrete Frage.`,
  rateLimited: 'Sie haben gerade sehr viele Fragen gestellt. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
  notReady: 'Der Wegweiser wird gerade vorbereitet (die Dokumente werden eingelesen). Bitte versuchen Sie es in ein paar Minuten erneut.',
  emptyMessage: 'Bitte schreiben Sie Ihre Frage als Text.',
  turnError: 'Entschuldigung, da ist bei mir etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.',
  feedbackPrompt: 'War diese Antwort hilfreich?',
  feedbackCommentLabel: 'Kommentar (optional, bitte ohne persönliche Daten)',
  feedbackCommentPlaceholder: 'Kommentar zur Antwort (optional)',
  feedbackUp: '👍 Hilfreich',
  feedbackDown: '👎 Nicht hilfreich',
  feedbackThanks: 'Danke für Ihre Rückmeldung!',
  feedbackLimited: 'Danke! Zu dieser Unterhaltung sind gerade sehr viele Rückmeldungen eingegangen; weitere speichern wir erst in einer Minute wieder.',
  contactTitle: 'Kontakt aufnehmen',
  writeEmail: (address: string) => `E-Mail an ${address}`,
  call: (number: string) => `Anrufen: ${number}`,
} as const;
