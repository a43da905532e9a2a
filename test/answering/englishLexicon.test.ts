import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { englishVariants, germanVariants, parseDingLine, stripAnnotations } from '../../core/answering/dingDictionary.ts';
import { DingIndex } from '../../core/answering/dingIndex.ts';
import { englishLexicon, CANDIDATES_PER_KEY } from '../../core/answering/englishLexicon.ts';
import { englishToGerman, knownToCorpus, translateEnglishWords, TRANSLATIONS_PER_WORD } from '../../core/answering/englishWords.ts';
import { configureLanguageResources, DEFAULT_RESOURCE_FILES } from '../../core/answering/languageResources.ts';
import { readQuestion } from '../../core/answering/questionReading.ts';
import { analyze } from '../../core/text/germanText.ts';
import { captureLog } from '../llm/llmFixtures.ts';

// Lines in the format of the Ding dictionary (/usr/share/trans/de-en): German :: English, senses
// aligned by " | ", variants by ";", annotations in {} [] () <> and /…/.
const DING_LINES = [
  '# Version :: test 2026-12-01',
  '# License :: GPL Version 2 or later; GNU General Public License',
  'Eröffnungsrede {f}; Eröffnungsvortrag {m} | Eröffnungsreden {pl}; Eröffnungsvorträge {pl} | die Eröffnungsrede halten :: opening speech; opening lecture | opening speeches; opening lectures | to give the opening speech',
  'Abschlussfeier {f}; Abschlußfeier {f} [alt]; Abschlussveranstaltung {f} | Abschlussfeiern {pl}; Abschlussveranstaltungen {pl} :: closing ceremony; final ceremony | closing ceremonies; final ceremonies',
  'Prüfung {f} [school] [stud.] | Prüfungen {pl} | mündliche Prüfung | schriftliche Prüfung | eine Prüfung bestehen :: examination; exam [coll.] | examinations; exams | oral examination; oral exam | written examination; written exam | to pass an exam',
  'Kurs {m}; Kursus {m} [Dt.]; Lehrgang {m} (in / über etw.) [school] | Kurse {pl}; Lehrgänge {pl} | Anfängerkurs {m} :: course (in / on sth.) | courses | beginners\' course',
  'Kurs {m}; Fahrstrecke {f} (eines Schiffes) [naut.] | Kurse {pl}; Fahrstrecken {pl} :: course; route | courses; routes',
  'Verlauf {m}; Ablauf {m} :: course; progress',
  'Gang {m} (eines Menüs) [cook.] | Gänge {pl} :: course | courses',
  'Bahn {f} [sport] | Bahnen {pl} :: course | courses',
  'Rennstrecke {f}; Piste {f} [sport] :: race course; course',
  'Laufbahn {f} :: career; course',
  'Golfplatz {m} [sport] :: golf course; links; course',
  'Richtung {f}; Kurs {m} (Entwicklung) :: direction; trend; course',
  'Flussbett {n} [geogr.] :: river bed; course',
  'Abfolge {f} :: sequence; course',
  'Gebühr {f}; Entgelt {n} (für eine Dienstleistung) [fin.] | Gebühren {pl}; Entgelte {pl} | gegen Gebühr :: charge; fee (for a service) | charges; fees | for a fee',
  'sich anmelden; sich einschreiben {vr} | sich anmeldend | sich angemeldet :: to sign up; to register | signing up; registering | signed up; registered',
  'kosten {vi} [fin.] | kostend | gekostet | es kostet | es kostete :: to cost {cost; cost} | costing | cost | it costs | it cost',
  'Abfahrt {f} /Abf./ | Abfahrten {pl} :: departure /dep./ | departures',
  'Was kostet das? :: How much is it?',
  'Herbst {m} | Herbste {pl} :: autumn; fall [Am.] | autumns; falls',
  'Tagung {f}; Konferenz {f} | Tagungen {pl}; Konferenzen {pl} :: conference; meeting | conferences; meetings',
  'Arbeit {f} | Arbeiten {pl} :: work; labour [Br.] | works',
  'Zeit {f} | Zeiten {pl} :: time | times',
  'a line without the separator',
];

let dir: string;
let dictionary: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ww-ding-'));
  dictionary = path.join(dir, 'de-en');
  await writeFile(dictionary, `${DING_LINES.join('\n')}\n`);
});

afterAll(async () => {
  configureLanguageResources({ ...DEFAULT_RESOURCE_FILES });
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => configureLanguageResources({ ...DEFAULT_RESOURCE_FILES }));

describe('Ding dictionary lines', () => {
  it('removes annotations in every kind of bracket, nested ones too, and abbreviations between slashes', () => {
    expect(stripAnnotations('Kurs {m}; Lehrgang {m} (in / über etw. (auch online)) [school]').replace(/\s+/g, ' ').trim()).toBe('Kurs ; Lehrgang');
    expect(stripAnnotations('departure /dep./').trim()).toBe('departure');
    expect(stripAnnotations('Rundfunkbeitrag {m} <Rundfunkgebühren>').trim()).toBe('Rundfunkbeitrag');
  });

  it('cleans variants: placeholders and pronouns go, old spellings and sentences are left out', () => {
    expect(germanVariants('Abschlussfeier {f}; Abschlußfeier {f} [alt]; Abschlussveranstaltung {f}')).toEqual(['Abschlussfeier', 'Abschlussveranstaltung']);
    expect(germanVariants('sich anmelden; sich einschreiben {vr}')).toEqual(['anmelden', 'einschreiben']);
    expect(germanVariants('es kostet')).toEqual(['kostet']);
    expect(germanVariants('Was kostet das?')).toEqual([]);
    expect(englishVariants('to sign up; to register sb.')).toEqual(['sign up', 'register']);
    expect(englishVariants('he/she begins')).toEqual(['begins']);
    expect(englishVariants('to cost {cost; cost}')).toEqual(['cost']);
  });

  it('aligns the senses of a line: headword, plural, phrases', () => {
    const entry = parseDingLine(DING_LINES[4]!)!;
    expect(entry.tags).toEqual(['school', 'stud.']);
    expect(entry.size).toBe(5);
    expect(entry.senses[0]).toEqual({ german: ['Prüfung'], english: ['examination', 'exam'], sense: 0 });
    expect(entry.senses[1]!.german).toEqual(['Prüfungen']);
    expect(entry.senses.find((s) => s.english.includes('written exam'))!.german).toEqual(['schriftliche Prüfung']);
    // A lookup parses only the senses that list its key.
    expect(parseDingLine(DING_LINES[4]!, 'written exam')!.senses.map((s) => s.german)).toEqual([['schriftliche Prüfung']]);
    expect(parseDingLine(DING_LINES[4]!, 'exam')!.senses.map((s) => s.sense)).toEqual([0]);
    expect(parseDingLine(DING_LINES[4]!, 'viva')).toBeUndefined();
    expect(parseDingLine('# License :: GPL')).toBeUndefined();
    expect(parseDingLine('a line without the separator')).toBeUndefined();
  });

  it('pairs only the headword of a line whose sides do not align', () => {
    const entry = parseDingLine('Kurs {m} | Kurse {pl} | Anfängerkurs {m} :: course | courses')!;
    expect(entry.senses).toHaveLength(1);
    expect(entry.senses[0]!.german).toEqual(['Kurs']);
  });
});

describe('Ding index', () => {
  it('finds every line that lists an English key, and no line that only mentions it in a longer phrase', () => {
    const index = DingIndex.build(dictionary);
    try {
      const lines = index.entries('opening speech');
      expect(lines).toHaveLength(1);
      expect(lines[0]!.senses[0]!.german[0]).toBe('Eröffnungsrede');
      // "to give the opening speech" has four words: an example, not a key.
      expect(index.entries('give the opening speech')).toEqual([]);
      expect(index.entries('course').length).toBe(11);
      expect(index.entries('no such word')).toEqual([]);
    } finally {
      index.close();
    }
  });
});

describe('English words to German', () => {
  it('translates phrases and plurals through the dictionary', () => {
    configureLanguageResources({ dingDictionary: dictionary });
    expect(englishToGerman('opening speech')[0]).toBe('Eröffnungsrede');
    expect(englishToGerman('closing ceremony')).toContain('Abschlussfeier');
    expect(englishToGerman('closing ceremony')).not.toContain('Abschlußfeier');
    expect(englishToGerman('written exam')).toEqual(['schriftliche Prüfung']);
    expect(englishToGerman('Courses')).toEqual(expect.arrayContaining(['Kurse', 'Lehrgänge']));
    // "fees" is listed; "exams" as well; "registering" only through its sense in the verb line.
    expect(englishToGerman('fees')[0]).toBe('Gebühren');
    expect(englishToGerman('registered')).toContain('angemeldet');
  });

  it('ranks a word with many senses and keeps only a few: the sense it heads, general before special fields', () => {
    configureLanguageResources({ dingDictionary: dictionary });
    const ranked = englishLexicon()!.translate('course');
    expect(ranked.length).toBeLessThanOrEqual(CANDIDATES_PER_KEY);
    expect(ranked.slice(0, 3)).toEqual(['Kurs', 'Kursus', 'Verlauf']);
    // Sailing, sport, cooking and geography senses come after every general one.
    const special = ranked.filter((g) => ['Fahrstrecke', 'Bahn', 'Gang', 'Golfplatz', 'Rennstrecke', 'Piste', 'Flussbett'].includes(g));
    const general = ranked.filter((g) => !special.includes(g));
    expect(general.length).toBeGreaterThanOrEqual(5);
    expect(ranked.slice(0, general.length)).toEqual(general);
    expect(englishToGerman('course')).toHaveLength(TRANSLATIONS_PER_WORD);
  });

  it('keeps to the words the documents use when given the corpus', () => {
    configureLanguageResources({ dingDictionary: dictionary });
    const documentTerms = new Set(analyze('Der Lehrgang endet mit einer schriftlichen Prüfung und der Abschlussveranstaltung.'));
    const accept = knownToCorpus({ knows: (term) => documentTerms.has(term) });
    expect(englishToGerman('course', { accept })).toEqual(['Lehrgang']);
    expect(englishToGerman('closing ceremony', { accept })).toEqual(['Abschlussveranstaltung']);
    expect(englishToGerman('written exam', { accept })).toEqual(['schriftliche Prüfung']);
    expect(englishToGerman('opening speech', { accept })).toEqual([]);
  });

  it('joins two English nouns into the German compound the documents use ("autumn conference" → "Herbsttagung")', () => {
    configureLanguageResources({ dingDictionary: dictionary });
    const documentTerms = new Set(analyze('Die Herbsttagung des Netzwerks findet in Berlin statt; die Arbeitszeit gilt als erfüllt.'));
    const accept = knownToCorpus({ knows: (term) => documentTerms.has(term) });
    const words = ['Where', 'does', 'the', 'autumn', 'conference', 'take', 'place'];
    const translated = translateEnglishWords(words, { accept });
    expect(translated[3]).toContain('Herbsttagung');
    expect(translated[4]).toContain('Herbsttagung');
    // With a linking "s", and only what the documents use: no "Herbstkonferenz".
    expect(translateEnglishWords(['working', 'time'], { accept }).flat()).toContain('Arbeitszeit');
    expect(translated.flat()).not.toContain('Herbstkonferenz');
    // Without the corpus no compound is guessed.
    expect(translateEnglishWords(words).flat()).not.toContain('Herbsttagung');
  });

  it('gives every word of a phrase the phrase translation, then its own', () => {
    configureLanguageResources({ dingDictionary: dictionary });
    const words = ['When', 'is', 'the', 'written', 'exam', 'of', 'the', 'course'];
    const translated = translateEnglishWords(words);
    expect(translated[3]![0]).toBe('schriftliche Prüfung');
    expect(translated[4]).toEqual(['schriftliche Prüfung', 'Prüfung']);
    expect(translated[7]!.slice(0, 1)).toEqual(['Kurs']);
    // No phrase starts or ends with a function word ("the written", "exam of the").
    expect(translated[2]).toEqual([]);
  });

  it('reads an English question with the German words for its phrase, for retrieval and matching', () => {
    configureLanguageResources({ dingDictionary: dictionary });
    const documentTerms = new Set(analyze('Die Eröffnungsrede hält die Ministerin.'));
    const reading = readQuestion({ question: 'Who gives the opening speech at the conference?' }, { knows: (term) => documentTerms.has(term) });
    expect(reading.language).toBe('en');
    expect(reading.words.find((w) => w.word === 'speech')!.translations).toEqual(['Eröffnungsrede']);
    expect(reading.standalone).toContain('Eröffnungsrede');
    expect(reading.standalone.match(/Eröffnungsrede/g)).toHaveLength(1);
  });

  it('without the dictionary falls back to the built-in list and says so once, at info level', () => {
    const { logger, entries } = captureLog();
    configureLanguageResources({ dingDictionary: path.join(dir, 'not-installed'), logger });
    expect(englishToGerman('course')).toEqual(['Kurs']);
    expect(englishToGerman('opening speech')).toEqual([]);
    expect(translateEnglishWords(['opening', 'speech'])).toEqual([[], []]);
    expect(englishToGerman('participants')).toEqual(['Teilnehmende']);
    const notes = entries.filter((e) => String(e.msg).includes('dingDictionary'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ level: 30, install: 'apt-get install trans-de-en' });
  });

  it('can be switched off by configuration', () => {
    const { logger, entries } = captureLog();
    configureLanguageResources({ dingDictionary: '', logger });
    expect(englishToGerman('courses')).toEqual(['Kurse']);
    expect(entries.filter((e) => String(e.msg).includes('switched off'))).toHaveLength(1);
  });
});

describe.skipIf(!existsSync(DEFAULT_RESOURCE_FILES.dingDictionary))('the installed Ding dictionary (trans-de-en)', () => {
  it('translates the phrases and plurals of English questions', () => {
    configureLanguageResources({ ...DEFAULT_RESOURCE_FILES });
    expect(englishToGerman('opening speech')).toContain('Eröffnungsrede');
    expect(englishToGerman('closing ceremony')).toContain('Abschlussfeier');
    expect(englishToGerman('written exam')).toContain('schriftliche Prüfung');
    expect(englishToGerman('courses')).toContain('Kurse');
    expect(englishToGerman('specialisations')).toContain('Spezialisierung');
    expect(englishToGerman('fee')[0]).toBe('Gebühr');
  });

  it('keeps a common word to a few translations the documents use', () => {
    configureLanguageResources({ ...DEFAULT_RESOURCE_FILES });
    expect(englishLexicon()!.translate('run').length).toBeLessThanOrEqual(CANDIDATES_PER_KEY);
    const documentTerms = new Set(analyze('Der Lehrgang beginnt im Mai. Die Teilnahmegebühr beträgt 300 Euro.'));
    const accept = knownToCorpus({ knows: (term) => documentTerms.has(term) });
    expect(englishToGerman('course', { accept })).toEqual(['Lehrgang']);
    expect(englishToGerman('tuition', { accept })).toEqual([]);
  });
});
