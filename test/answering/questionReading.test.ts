import { describe, expect, it } from 'vitest';
import { readQuestion } from '../../core/answering/questionReading.ts';

/** What kind of fact a question asks for, read from its question word and nouns. */
const types = (question: string) => readQuestion({ question }).parts[0]!.types;

describe('question reading: kinds of fact asked for', () => {
  it('lets "wer"/"who" decide over a noun of another kind ("funding programme" names the programme)', () => {
    const who = types('Who runs the Future Communities funding programme?');
    expect(who.get('organisation')).toBe(1);
    expect(who.get('money')).toBeLessThanOrEqual(0.4);
    const wer = types('Wer betreut das Förderprogramm Digitale Kommune?');
    expect(wer.get('person')).toBe(1);
    expect(wer.get('money') ?? 0).toBeLessThanOrEqual(0.4);
    // Who takes part in something: organisations as much as people.
    expect(types('Wer ist an der Digitalakademie@bw beteiligt?').get('organisation')).toBe(1);
    // Without a question word for a person the funding noun asks for a sum.
    expect(types('Wie hoch ist die Förderung für Digitale Kommune?').get('money')).toBe(1);
  });

  it('reads "bezahlen" as a question about a sum, and a pay grade ("Entgeltgruppe") not', () => {
    expect(types('Muss ich für die Lernangebote etwas bezahlen?').has('money')).toBe(true);
    expect(types('Bis zu welcher Entgeltgruppe kann ich mit dem Lehrgang aufsteigen?').has('money')).toBe(false);
    expect(types('Wie hoch ist das Lehrgangsentgelt?').get('money')).toBe(1);
  });

  it('reads "Wie viele Teilnehmende …?" as a count, "Wie viele Unterrichtsstunden …?" as a count or a span', () => {
    expect(types('Wie viele Teilnehmende hatte der Lehrgang?').get('count')).toBe(1);
    expect(types('Wie viele Teilnehmende hatte der Lehrgang?').get('duration')).toBeLessThanOrEqual(0.3);
    expect(types('How many participants took part in the course?').get('duration')).toBeLessThanOrEqual(0.3);
    expect(types('Wie viele Unterrichtsstunden umfasst der Lehrgang?').get('duration')).toBe(0.8);
    expect(types('Wie viele zusätzliche Tage dauert das Praktikum?').get('duration')).toBeGreaterThanOrEqual(0.8);
  });

  it('reads "In welchen Orten …?" as a question about places, whatever the preposition', () => {
    expect(types('In welchen Orten startet der Lehrgang?').get('place')).toBe(1);
    expect(types('An welchem Ort findet das Seminar statt?').get('place')).toBe(1);
    expect(types('Welche Orte sind beteiligt?').get('place')).toBe(1);
  });

  it('reads "In welcher Sprache …?" and "In which language …?" as questions for a language', () => {
    expect(types('In welcher Sprache findet der Lehrgang statt?').get('language')).toBe(1);
    expect(types('In which language is the seminar taught?').get('language')).toBe(1);
    expect(types('Was ist die Unterrichtssprache im Master?').get('language')).toBe(1);
    expect(types('Wann findet die Rücksprache mit der Ausbildungsleitung statt?').has('language')).toBe(false);
  });

  it('reads "Was verlangt X für Y?" as a question about a charge, "Was verlangt X?" not', () => {
    expect(types('Was verlangt die Akademie für die Abschlussprüfung?').get('money')).toBe(1);
    expect(types('Was verlangt die Ausbildung von den Anwärtern?').has('money')).toBe(false);
  });

  it('reads "An welche Anschrift …?" as a question about a postal address, "An welche Adresse …?" still about e-mail too', () => {
    expect(types('An welche Anschrift muss der Antrag geschickt werden?').get('place')).toBe(1);
    expect(types('An welche Anschrift muss der Antrag geschickt werden?').has('email')).toBe(false);
    expect(types('An welche Adresse schicke ich die Anmeldung?').get('email')).toBe(1);
  });

  it('reads the building asked for as a place, an institution asked for not', () => {
    expect(types('In welchem Tagungshaus findet die KommunalAkademie statt?').get('place')).toBe(1);
    expect(types('Welche Akademie bietet den Kurs an?').get('organisation')).toBe(1);
  });

  it('reads "In welcher Höhe …?" as a question about a sum or rate, and "Wer ist antragsberechtigt?" about eligibility', () => {
    expect(types('In welcher Höhe fördert das Land die Projekte?').get('percent')).toBeGreaterThan(0.5);
    expect(types('Wer ist bei dem Programm antragsberechtigt?').get('passage')).toBe(1);
    expect(types('Wer ist bei dem Programm antragsberechtigt?').get('person') ?? 0).toBeLessThan(0.5);
  });

  it('reads "Was ist in der Gebühr inbegriffen?" as a question about what the fee holds, not about the sum', () => {
    expect(types('Was ist alles in der Studiengebühr inbegriffen?').get('passage')).toBe(1);
    expect(types('Was ist alles in der Studiengebühr inbegriffen?').get('money')).toBeLessThan(0.75);
    expect(types('Was kostet das Studium?').get('money')).toBe(1);
  });

  it('reads the past participle "gekostet" as a question about a sum', () => {
    expect(types('Was hat die Teilnahme am Kongress gekostet?').get('money')).toBe(1);
  });

  it('reads what someone earns as a sum ("Was verdienen die Anwärter?", "Wie hoch ist das Gehalt?")', () => {
    expect(types('Und was verdienen die Anwärter dort im Monat?').get('money')).toBe(1);
    expect(types('Wie viel verdient man als Trainee?').get('money')).toBe(1);
    expect(types('Wie viel verdient man als Trainee?').get('count') ?? 0).toBeLessThan(0.75);
    expect(types('Wie hoch ist das Gehalt im Traineeprogramm?').get('money')).toBe(1);
    // "gehalten" (held) is no salary.
    expect(types('Wo wurde die Rede gehalten?').get('money')).toBeUndefined();
  });

  it('reads a discount as a rate or a sum ("Welche Ermäßigung …?", "Gibt es einen Nachlass …?")', () => {
    expect(types('Welche Ermäßigung bekommen Studierende bei den Seminaren?').get('percent')).toBe(1);
    expect(types('Wie hoch ist der Rabatt für Mitglieder?').get('percent')).toBe(1);
    // Asked yes or no, the passage answers first; the rate may still.
    expect(types('Gibt es bei der VWA einen Nachlass auf die Studiengebühren?').get('percent')).toBeGreaterThanOrEqual(0.6);
  });

  it('reads a time limit ("Frist") as a date or a span', () => {
    expect(types('Welche Frist gilt für die Anmeldung?').get('date')).toBe(1);
    expect(types('Innerhalb welcher Frist müssen die Projekte umgesetzt sein?').get('date')).toBe(1);
    expect(types('Innerhalb welcher Frist müssen die Projekte umgesetzt sein?').get('duration')).toBeGreaterThanOrEqual(0.7);
  });

  it('reads "bei welcher Stadt" and "aus welchem Landkreis" as asking for a place', () => {
    expect(types('Bei welcher Stadt macht sie ihre Ausbildung?').get('place')).toBe(1);
    expect(types('Aus welchem Landkreis kommen die Teilnehmenden?').get('place')).toBe(1);
  });

  it('lets "wie lange" decide over a noun of another kind ("Wie lange gilt die Förderquote?" asks no rate)', () => {
    expect(types('Wie lange gilt die erhöhte Förderquote?').get('duration')).toBe(1);
    expect(types('Wie lange gilt die erhöhte Förderquote?').get('percent') ?? 0).toBeLessThan(0.5);
  });

  it('reads "An wen schicke ich …?" as asking where to send, "An wen wende ich mich?" as asking for a person', () => {
    expect(types('An wen schicke ich meine Anmeldung?').get('email')).toBe(1);
    expect(types('An wen wende ich mich bei Fragen?').has('email')).toBe(false);
  });

  it('reads "Ab wie viel Uhr geht es los?" as asking for a start time, not for an amount', () => {
    const reading = readQuestion({ question: 'Ab wie viel Uhr geht es bei der Herbsttagung los?' });
    expect(reading.parts[0]!.types.get('time')).toBe(1);
    expect(reading.parts[0]!.types.get('money') ?? 0).toBe(0);
    expect(reading.parts[0]!.types.get('count') ?? 0).toBe(0);
    expect(reading.dateRole).toBe('start');
    expect(readQuestion({ question: 'Bis wie viel Uhr dauert der Empfang?' }).parts[0]!.types.get('money') ?? 0).toBe(0);
  });

  it('reads "Was muss ich …?" as asking for a passage unless its verb names a kind of fact', () => {
    expect(types('Was muss ich zur Prüfung mitbringen?').get('passage')).toBe(1);
    const paying = types('Was muss ich für die Teilnahme am Lernpfad bezahlen?');
    expect(paying.get('money')).toBe(1);
    expect(paying.get('passage')).toBeLessThan(0.5);
  });

  it('reads "Wie viele …?" as asking for a count, whatever kind of fact its other nouns name', () => {
    const asked = types('Wie viele Kommunen haben am Ende einen Zuschuss bekommen?');
    expect(asked.get('count')).toBe(1);
    expect(asked.get('money') ?? 0).toBeLessThan(0.5);
    // "Wie viel …?" (how much) still asks for a sum.
    expect(types('Wie viel Zuschuss bekommt eine Kommune?').get('money')).toBe(1);
  });

  it('reads the noun before a quoted title as saying what kind of thing it is, not as a name the page must hold', () => {
    const words = readQuestion({ question: 'Wer leitet bei der Kommunalakademie die Einheit „Antragsfitness“?' }).words;
    expect(words.find((w) => w.word === 'Einheit')?.role).toBe('predicate');
    expect(words.find((w) => w.word.includes('Antragsfitness'))?.role).toBe('subject');
  });

  it('reads "how much time" as a question about a duration', () => {
    expect(types('For the age limit, how much time is credited for parental leave?').get('duration')).toBe(1);
    expect(types('Wie viel Zeit habe ich in der Prüfung für jede Arbeit?').get('duration')).toBe(1);
    expect(types('Wie viel Zeit habe ich in der Prüfung für jede Arbeit?').get('money') ?? 0).toBe(0);
  });

  it('reads a list of towns, districts or municipalities as a list of places', () => {
    for (const question of ['Welche Städte arbeiten in der Städteakademie zusammen?', 'Welche Landkreise sind beteiligt?', 'Which municipalities take part?']) {
      const reading = readQuestion({ question });
      expect(reading.kind, question).toBe('list');
      expect(reading.parts[0]!.types.get('place'), question).toBe(1);
    }
    expect(types('Welche Module hat der Lehrgang?').has('place')).toBe(false);
  });

  it('reads "money" and "Geld" as naming the kind of answer, not as a word the passage must hold', () => {
    const words = (question: string) => readQuestion({ question }).words.map((w) => w.word);
    expect(words('How much money does the funding guideline provide?')).not.toContain('money');
    expect(words('Wie viel Geld bekommt eine Kommune?')).not.toContain('Geld');
    expect(types('Wie viel Geld bekommt eine Kommune?').get('money')).toBe(1);
  });

  it('reads an English question starting with "Does" as yes/no (the umlaut folding must not turn it into "dös")', () => {
    expect(readQuestion({ question: 'Does the master programme charge tuition fees?' }).parts[0]!.form).toBe('yesno');
    expect(types('Does the master programme charge tuition fees?').get('passage')).toBe(1);
  });

  it('lets "how much"/"wie viel" of something that is not a sum ask for a span of time too ("How much experience …?")', () => {
    expect(types('How much professional experience do I need for the executive master?').get('duration')).toBeGreaterThanOrEqual(0.7);
    expect(types('Wie viel Berufserfahrung brauche ich für den Lehrgang?').get('duration')).toBeGreaterThanOrEqual(0.7);
    // A sum named by its noun stays a sum.
    expect(types('Wie viel kostet der Lehrgang?').get('duration') ?? 0).toBe(0);
  });

  it('reads a German question that starts with any verb as yes/no, and one that starts with a question word or noun not', () => {
    const form = (question: string) => readQuestion({ question }).parts[0]!.form;
    expect(form('Nimmt das Studieninstitut noch Anmeldungen an, wenn die Frist abgelaufen ist?')).toBe('yesno');
    expect(form('Reicht es, den Antrag per E-Mail zu schicken?')).toBe('yesno');
    expect(form('Und bekommt eine Gemeinde die Schulung allein gefördert?')).toBe('yesno');
    expect(form('Wie melde ich mich für das Seminar an?')).not.toBe('yesno');
    expect(form('Welche Kosten entstehen für das Seminar?')).not.toBe('yesno');
    expect(form('Die Teilnahme ist kostenlos.')).not.toBe('yesno');
  });

  it('takes no focus word from an English question without "which"/"what"', () => {
    const focus = (question: string) => readQuestion({ question }).words.filter((w) => w.role === 'focus').map((w) => w.word);
    expect(focus('Where is the Bavarian Public Administration Management Course held?')).toEqual([]);
    expect(focus('Which topics does the course cover?')).toEqual(['topics']);
    // The head of the noun phrase is its last word before the verb or a preposition.
    expect(focus('Which German states did the 2023 programme travel through?')).toEqual(['states']);
    expect(focus('Which subject areas are the teaching modules supposed to cover?')).toEqual(['areas']);
    expect(readQuestion({ question: 'Which German states did the 2023 programme travel through?' }).kind).toBe('list');
    expect(focus('Wo ist das Schulungszentrum der Akademie?')).toEqual(['Schulungszentrum']);
    // The first noun after a German question word names the kind of thing, also after "was" and a verb:
    // "Lehrgang" in "Was kostet der Lehrgang Verwaltungsrecht?" leaves "Verwaltungsrecht" as the subject.
    expect(focus('Was kostet der Lehrgang Verwaltungsrecht?')).toEqual(['Lehrgang']);
  });
});
