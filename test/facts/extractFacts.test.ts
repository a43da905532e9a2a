import { readFile } from 'node:fs/promises';
import * as cheerio from 'cheerio';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../core/facts/extractFacts.ts';
import { sharedPath } from '../sharedDir.ts';

describe('extractFacts on real documents', () => {
  it('finds the contacts of the slide deck text', async () => {
    const text = await readFile(sharedPath('seeds/002_d7096bba19fa2c0d.txt'), 'utf8');
    const facts = extractFacts(text, { title: 'Digitale Kompetenzen für eine moderne öffentliche Verwaltung' });

    const schroeder = facts.contacts.find((c) => c.name === 'Christine Schröder');
    expect(schroeder).toBeDefined();
    expect(schroeder!.phones).toContain('+49 421 361 42564');
    expect(schroeder!.emails.map((e) => e.toLowerCase())).toContain('qualifica.digitalis@finanzen.bremen.de');
    expect(schroeder!.role).toBe('Projektleiterin');
    expect(schroeder!.programme).toBe('Qualifica Digitalis');

    const baldauf = facts.contacts.find((c) => c.name === 'Marvin Baldauf');
    expect(baldauf).toBeDefined();
    expect(baldauf!.emails).toContain('marvin.baldauf@m-r-n.com');
    expect(baldauf!.phones).toContain('+49 621 / 107 08 302');
    expect(baldauf!.programme).toBe('KommunalCampus');

    const heyder = facts.contacts.find((c) => c.name === 'Udo Heyder');
    expect(heyder).toMatchObject({ honorific: 'Dr.', role: 'Direktor', emails: ['udo.heyder@bakoev.bund.de'] });
    expect(facts.contacts.find((c) => c.name === 'Jan-Ole Beyer')?.emails).toEqual(['JanOle.Beyer@bmi.bund.de']);
    // Every contact is a person from the deck; no slide phrase became a name.
    expect(facts.contacts.map((c) => c.name).sort()).toEqual(['Christine Schröder', 'Jan-Ole Beyer', 'Marvin Baldauf', 'Udo Heyder']);

    expect(facts.dates.find((d) => d.text === '01.01.2020 bis 30.06.2022')).toMatchObject({ start: '2020-01-01', end: '2022-06-30' });
    expect(facts.dates.find((d) => d.text === 'Q3-4 / 2021')).toMatchObject({ start: '2021-07-01', end: '2021-12-31' });
    expect(facts.amounts.find((a) => a.kind === 'money')).toMatchObject({ value: 250000, unit: 'Euro' });
    expect(facts.offers.map((o) => o.name)).toEqual(expect.arrayContaining(['Qualifica Digitalis', 'KommunalCampus', 'Digitalakademie']));
  });

  it('reads the workshop report (DOCX)', async () => {
    const { value: text } = await mammoth.extractRawText({ path: sharedPath('corpus/workshop-digitalisierungsstrategie.docx') });
    const facts = extractFacts(text);
    expect(facts.dates.find((d) => d.start === '2020-02-18')?.text).toBe('18. Februar 2020');
    expect(facts.places.map((p) => p.text)).toContain('Event Space „Liane“ in Berlin');
    expect(facts.amounts.find((a) => a.kind === 'duration')).toMatchObject({ value: 1, unit: 'Tage' });
    expect(facts.offers[0]).toMatchObject({ name: 'Digitalisierungsstrategie für die öffentliche Verwaltung', provider: 'msg' });
    expect(facts.contacts).toEqual([]);
  });

  it('reads the #digitaljourney news page (HTML)', async () => {
    const $ = cheerio.load(await readFile(sharedPath('corpus/digitaljourney.html'), 'utf8'));
    $('script, style').remove();
    const text = $('body')
      .find('h1, h2, h3, p, li')
      .map((_, el) => $(el).text().trim())
      .get()
      .join('\n\n');
    const facts = extractFacts(text);
    expect(facts.dates.map((d) => d.start)).toEqual(expect.arrayContaining(['2022-11-28', '2022-12-12']));
    expect(facts.places.map((p) => p.text)).toEqual(expect.arrayContaining(['München', 'Bundesverwaltungsamt in Köln']));
    expect(facts.amounts.find((a) => a.unit === 'Führungskräfte')?.value).toBe(15);
    const journey = facts.offers.find((o) => o.name === '#digitaljourney');
    expect(journey?.provider).toBe('Digitalakademie des Bundes');
  });
});
