import { describe, expect, it } from 'vitest';
import { chunkDocument, embeddingText, splitSectionText } from '../../ingest/chunker.ts';
import type { LoadedDocument } from '../../core/types.ts';

const sentence = (n: number) =>
  `Der Satz Nummer ${n} beschreibt das Qualifizierungsangebot für Beschäftigte der Bundesverwaltung im Detail.`;

function paragraph(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');
}

describe('splitSectionText', () => {
  it('keeps a short section as one chunk, unchanged', () => {
    const text = 'Folie mit Titel\n\nAnsprechpartnerin: Dr. Anna Beispiel, Tel. 0228 99358-0';
    expect(splitSectionText(text)).toEqual([text]);
  });

  it('returns nothing for a section without text', () => {
    expect(splitSectionText('  \n\n ')).toEqual([]);
  });

  it('splits a long section at sentence borders into chunks of at most the maximum size', () => {
    const text = [paragraph(1, 8), paragraph(20, 8), paragraph(40, 8)].join('\n\n');
    const chunks = splitSectionText(text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(1000);
      // Every chunk starts at a sentence start and ends at a sentence end.
      expect(chunk).toMatch(/^Der Satz Nummer \d+/);
      expect(chunk).toMatch(/im Detail\.$/);
    }
    // Nothing is lost: every sentence is in some chunk.
    for (const n of [1, 8, 20, 27, 40, 47]) expect(chunks.some((c) => c.includes(`Nummer ${n} `))).toBe(true);
  });

  it('repeats whole trailing sentences of a chunk at the start of the next (overlap)', () => {
    const short = (n: number) => `Punkt ${n} gilt.`;
    const text = Array.from({ length: 150 }, (_, i) => short(i)).join(' ');
    const chunks = splitSectionText(text);
    expect(chunks.length).toBeGreaterThan(1);
    const first = chunks[0]!;
    const second = chunks[1]!;
    const lastSentenceOfFirst = first.slice(first.lastIndexOf('Punkt'));
    expect(second.startsWith('Punkt')).toBe(true);
    expect(second).toContain(lastSentenceOfFirst);
    // Overlap stays small.
    const overlap = first.slice(first.indexOf(second.slice(0, 12)));
    expect(overlap.length).toBeLessThanOrEqual(150);
  });

  it('prefers a paragraph border over filling a chunk with the start of the next paragraph', () => {
    const text = [paragraph(1, 5), paragraph(10, 5), paragraph(20, 5)].join('\n\n');
    const chunks = splitSectionText(text);
    expect(chunks[0]!.endsWith(sentence(5))).toBe(true);
  });

  it('cuts a long table only between rows and repeats its header row in front of continued rows', () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `Beginn ${i + 1}. Mai 2026 (Block) | BVS-Bildungszentrum Holzhausen, München | Basismodul | Anmeldung bis 31.01.2026`,
    );
    const text = ['Termine und Orte', ['Beginn | Ort | Lehrgang | Anmeldung', ...rows].join('\n')].join('\n\n');
    const chunks = splitSectionText(text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const [i, chunk] of chunks.entries()) {
      expect(chunk.length).toBeLessThanOrEqual(1000);
      const table = chunk.split('\n\n').find((p) => p.includes(' | '))!;
      expect(table.split('\n')[0]).toBe('Beginn | Ort | Lehrgang | Anmeldung');
      // Whole rows only; rows are not repeated as overlap.
      for (const line of table.split('\n').slice(1)) expect(rows).toContain(line);
      if (i > 0) expect(chunk.startsWith('Beginn | Ort')).toBe(true);
    }
    const rowCount = chunks.reduce((n, c) => n + c.split('\n').filter((l) => rows.includes(l)).length, 0);
    expect(rowCount).toBe(rows.length);
  });

  it('does not start a chunk with a sentence cut out of a key–value line or list item', () => {
    const field = (n: number) =>
      `Termin ${n}: Die Veranstaltung Nummer ${n} der Reihe findet ganztägig im Tagungszentrum am Hauptbahnhof mit allen Referentinnen und Referenten statt. Die Anmeldung ist bis eine Woche vorher möglich.`;
    const text = Array.from({ length: 20 }, (_, i) => field(i + 1)).join('\n\n');
    const chunks = splitSectionText(text);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk).toMatch(/^Termin \d+: /);
  });

  it('cuts a single overlong sentence without punctuation at word borders', () => {
    const text = Array.from({ length: 400 }, (_, i) => `Wort${i}`).join(' ');
    const chunks = splitSectionText(text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(1000);
      expect(chunk).toMatch(/^Wort\d+/);
      expect(chunk).toMatch(/Wort\d+$/);
    }
  });
});

describe('chunkDocument', () => {
  const document: LoadedDocument = {
    source: 'programme/angebot.pdf',
    title: 'Angebote 2026',
    format: 'pdf',
    sections: [
      { locator: { kind: 'slide', number: 1, label: 'Folie 1' }, heading: 'Masterclass', text: 'Masterclass\n\nKontakt: max.muster@example.org' },
      { locator: { kind: 'slide', number: 2, label: 'Folie 2' }, text: '' },
      { locator: { kind: 'slide', number: 3, label: 'Folie 3' }, heading: 'Lernreise', text: 'Start am 28. November 2026 in Berlin.' },
    ],
  };

  it('makes one chunk per non-empty slide with locator, metadata, stable ids and facts', () => {
    const file = { hash: 'abc', mtime: '2026-01-01T00:00:00.000Z' };
    const chunks = chunkDocument(document, file);
    expect(chunks.map((c) => c.locator.label)).toEqual(['Folie 1', 'Folie 3']);
    expect(chunks[0]).toMatchObject({ source: 'programme/angebot.pdf', title: 'Angebote 2026', heading: 'Masterclass', fileHash: 'abc' });
    expect(chunks[0]!.facts.contacts.flatMap((c) => c.emails)).toContain('max.muster@example.org');
    expect(chunks[1]!.facts.dates.some((d) => d.start === '2026-11-28')).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(2);
    expect(chunkDocument(document, file).map((c) => c.id)).toEqual(chunks.map((c) => c.id));
    const edited = { ...document, sections: [{ ...document.sections[0]!, text: 'Masterclass\n\nKontakt: neu@example.org' }] };
    expect(chunkDocument(edited, file)[0]!.id).not.toBe(chunks[0]!.id);
  });

  it('embeds title and heading with the text, without repeating a heading the text starts with', () => {
    expect(embeddingText({ title: 'T', heading: 'Kosten', text: '250 Euro' })).toBe('T\nKosten\n250 Euro');
    expect(embeddingText({ title: 'T', heading: 'Masterclass', text: 'Masterclass\n\nText' })).toBe('T\nMasterclass\n\nText');
  });
});
