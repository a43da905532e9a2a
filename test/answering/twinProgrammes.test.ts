import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocuments, type IndexedDocuments } from './indexedDocuments.ts';

/**
 * Programmes whose names differ only by a suffix ("Lernwerkstatt Havelland" and its second edition
 * "Lernwerkstatt Havelland 2"), each page with its own contact: a question that names one of them gets that
 * one's contact, not its twin's, whichever of the two pages retrieval puts first. Both pages hold every word
 * of a question about the first; the contact is written in running text on one and as a block on the other,
 * in both arrangements.
 */

interface Programme {
  name: string;
  file: string;
  person: string;
  phone: string;
  email: string;
  /** 'sentence': "Für Fragen zur … steht Ihnen … zur Verfügung." with phone and e-mail lines; 'block': a slide-style contact block. */
  contact: 'sentence' | 'block';
}

const PROGRAMMES: Programme[] = [
  { name: 'Lernwerkstatt Havelland', file: 'lernwerkstatt-havelland.md', person: 'Sabine Engel', phone: '+49 331 653 19298', email: 'sabine.engel@havelland.example.de', contact: 'sentence' },
  { name: 'Lernwerkstatt Havelland 2', file: 'lernwerkstatt-havelland-2.md', person: 'Birgit Köhler', phone: '+49 331 814 21593', email: 'birgit.koehler@kvs.example.de', contact: 'block' },
  { name: 'Praxislabor Elbtal', file: 'praxislabor-elbtal.md', person: 'Jan-Ole Beyer', phone: '+49 351 120 33001', email: 'jan-ole.beyer@elbtal.example.de', contact: 'block' },
  { name: 'Praxislabor Elbtal 2', file: 'praxislabor-elbtal-2.md', person: 'Miriam Vogel', phone: '+49 351 448 40210', email: 'miriam.vogel@stk.example.de', contact: 'sentence' },
];

function page(p: Programme): string {
  const contact =
    p.contact === 'sentence'
      ? `## Ansprechpartner\n\nFür Fragen zum Angebot ${p.name} steht Ihnen ${p.person} (Projektleitung) zur Verfügung.\nTelefon: ${p.phone}\nE-Mail: ${p.email}\n`
      : `## Kontakt zum Angebot ${p.name}\n\nAnsprechperson\n${p.person}\nProjektleitung\nTel.: ${p.phone}\nE-Mail: ${p.email}\n`;
  return `# ${p.name}

${p.name}: Datenkompetenz

Das Angebot ${p.name} unterstützt Beschäftigte der Landesverwaltung beim Thema Datenkompetenz. Die Teilnehmenden erarbeiten in Kleingruppen Lösungen für konkrete Fragestellungen aus ihren Dienststellen.

## Kosten und Anmeldung

Die Teilnahmegebühr beträgt 450 Euro pro Person. Die Anmeldung erfolgt über die Fortbildungsbeauftragten der Dienststelle.

${contact}`;
}

describe('twin programmes whose names differ by a suffix', () => {
  let indexed: IndexedDocuments;

  beforeAll(async () => {
    indexed = await indexDocuments('twins', Object.fromEntries(PROGRAMMES.map((p) => [p.file, page(p)])));
  });
  afterAll(async () => {
    await indexed.close();
  });

  const twinOf = (p: Programme) => PROGRAMMES.find((o) => o !== p && (o.name.startsWith(p.name) || p.name.startsWith(o.name)))!;

  it.each(PROGRAMMES)("gives the e-mail address of $name, not its twin's", async (p) => {
    const answer = await indexed.assistant.ask({ question: `Welche E-Mail-Adresse hat die Kontaktperson für das Angebot ${p.name}?` });
    expect(answer.answer).toContain(p.email);
    expect(answer.answer).not.toContain(twinOf(p).email);
    expect(answer.citations.map((c) => c.source)).toEqual([p.file]);
  });

  it.each(PROGRAMMES)("gives the phone number of $name, not its twin's", async (p) => {
    const answer = await indexed.assistant.ask({ question: `Welche Telefonnummer hat die Ansprechperson für das Angebot ${p.name}?` });
    expect(answer.answer).toContain(p.phone);
    expect(answer.answer).not.toContain(twinOf(p).phone);
  });

  it.each(PROGRAMMES)("names the contact person of $name, not also its twin's", async (p) => {
    const answer = await indexed.assistant.ask({ question: `Wer ist Ansprechpartner für das Angebot ${p.name}?` });
    expect(answer.answer).toContain(p.person);
    expect(answer.answer).not.toContain(twinOf(p).person);
  });
});
