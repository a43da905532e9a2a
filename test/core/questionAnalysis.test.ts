import { describe, expect, it } from 'vitest';
import { analyzeQuestion, detectKind } from '../../core/answering/questionAnalysis.ts';

describe('question analysis', () => {
  it.each([
    ['Wer ist Ansprechpartner für KommunalCampus?', 'contact'],
    ['Welche E-Mail-Adresse hat Marvin Baldauf?', 'contact'],
    ['Who is the contact person for KommunalCampus?', 'contact'],
    ['Wann startet die nächste Lernreise?', 'date'],
    ['Welche Laufzeit hat das Projekt?', 'date'],
    ['Wo fand die dritte Phase statt?', 'place'],
    ['Wie viele Personen haben teilgenommen?', 'amount'],
    ['Was kostet die Teilnahme?', 'amount'],
    ['Welche Angebote gibt es für Führungskräfte?', 'list'],
    ['Wer bietet das Modul an?', 'offer'],
    ['Was ist die Masterclass?', 'offer'],
  ])('%s -> %s', (question, kind) => {
    expect(detectKind(question)).toBe(kind);
  });

  it('knows which contact detail is wanted', () => {
    expect(analyzeQuestion({ question: 'Welche E-Mail-Adresse hat Frau Beispiel?' }).contactFocus).toBe('email');
    expect(analyzeQuestion({ question: 'Unter welcher Telefonnummer erreiche ich ihn?' }).contactFocus).toBe('phone');
    expect(analyzeQuestion({ question: 'Wie kann ich Anna Beispiel erreichen?' }).contactFocus).toBe('reach');
    expect(analyzeQuestion({ question: 'Wer ist Ansprechpartner für X?' }).contactFocus).toBe('who');
  });

  it('keeps kind cues out of the subject', () => {
    const q = analyzeQuestion({ question: 'Wer ist die Ansprechpartnerin für das Projekt Qualifica Digitalis?' });
    expect(q.subjectTerms).toEqual(expect.arrayContaining(['qualifica', 'digitalis']));
    expect(q.subjectTerms).not.toContain('ansprechpartn');
  });

  it('carries the topic of the previous turn into a follow-up', () => {
    const q = analyzeQuestion({
      question: 'Und wie ist die E-Mail-Adresse?',
      history: [
        { role: 'user', text: 'Wer ist Ansprechpartner für KommunalCampus?' },
        { role: 'assistant', text: 'Kontakt für KommunalCampus: Marvin Baldauf (Projektleiter) [1].' },
      ],
    });
    expect(q.followUp).toBe(true);
    expect(q.kind).toBe('contact');
    expect(q.contactFocus).toBe('email');
    expect(q.standalone).toContain('KommunalCampus');
    expect(q.previousLead).toContain('Marvin Baldauf');
  });

  it('does not treat a new, self-contained question as a follow-up', () => {
    const q = analyzeQuestion({
      question: 'Wann wurde die KommunalCampus eG gegründet?',
      history: [{ role: 'user', text: 'Wer leitet Qualifica Digitalis?' }],
    });
    expect(q.followUp).toBe(false);
    expect(q.standalone).not.toContain('Qualifica');
  });
});
