import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DocumentLoadError } from '../../core/errors.ts';
import { stripSiteName } from '../../ingest/loaders/htmlContent.ts';
import { htmlLoader } from '../../ingest/loaders/htmlLoader.ts';
import { corpusFile, sourceFile } from './fixtures.ts';

const allText = (doc: { sections: { text: string }[] }) => doc.sections.map((s) => s.text).join('\n\n');

describe('htmlLoader on corpus web pages', () => {
  it.each(['digitaljourney.html', 'masterclass-ii.html'])('%s: keeps the article, drops banner, menu and footer', async (name) => {
    const doc = await htmlLoader.load(await corpusFile(name));
    const text = allText(doc);
    expect(doc.format).toBe('html');
    expect(text).not.toMatch(/Cookies/);
    expect(text).not.toMatch(/Alle akzeptieren/);
    expect(text).not.toMatch(/Newsletter|Impressum|Datenschutz|Barrierefreiheit/);
    expect(text).not.toMatch(/gtag|dataLayer|font-family/);
    expect(text.split('\n\n').length).toBeGreaterThanOrEqual(3);
  });

  it('takes the title from <title> without the site name and keeps the h1 heading', async () => {
    const doc = await htmlLoader.load(await corpusFile('digitaljourney.html'));
    expect(doc.title).toBe('Digitales Mindset für Führungskräfte');
    expect(doc.sections[0]?.heading).toBe('Digitales Mindset für Führungskräfte');
    expect(doc.sections[0]?.locator).toEqual({ kind: 'section', label: 'Digitales Mindset für Führungskräfte' });
    expect(allText(doc)).toContain('Die erste #digitaljourney ist am 28. November 2022 in München gestartet.');
  });

  it('keeps dashes inside the title and strips only the site name after the pipe', async () => {
    const doc = await htmlLoader.load(await corpusFile('masterclass-ii.html'));
    expect(doc.title).toBe('Zukunft gestalten – Erfolgreicher Abschluss der Masterclass II');
  });

  it('keeps the site name as the publisher, which the page body may never repeat', async () => {
    const doc = await htmlLoader.load(await corpusFile('masterclass-ii.html'));
    expect(doc.publisher).toBe('Führungsakademie Baden-Württemberg');
  });
});

describe('htmlLoader on generated pages', () => {
  const page = `<!DOCTYPE html><html><head><meta charset="windows-1252"><title>Fortbildungen – Verwaltungsakademie</title>
    <meta property="og:site_name" content="Verwaltungsakademie"></head><body>
    <a href="#inhalt" class="skip">Zum Inhalt springen</a>
    <div id="consent-layer"><p>Diese Seite nutzt Cookies. <a href="#">Einstellungen</a></p></div>
    <nav aria-label="Brotkrumen"><a href="/">Start</a> › <a href="/fb">Fortbildung</a></nav>
    <ul class="main-menu"><li><a href="/a">Angebote</a></li><li><a href="/k">Kontakt</a></li></ul>
    <main id="inhalt"><h1>Prüfungsvorbereitung für Beschäftigte</h1>
    <p>Die Schulung bereitet auf die Prüfung vor. Größere Gruppen sind möglich.</p>
    <h2>Termine</h2><ul><li>12.03.2025 in Köln</li><li>20.05.2025 in Düsseldorf</li></ul>
    <h2>Kosten</h2><table><tr><th>Gebühr</th><td>250 €</td></tr></table>
    <h4>Hinweis</h4><p>Ermäßigung für Auszubildende.</p></main>
    <footer><p>© Verwaltungsakademie</p></footer></body></html>`;

  it('decodes a Windows-1252 page and splits it at headings', async () => {
    const bytes = iconv.encode(page, 'windows-1252');
    expect(bytes.includes(0xfc)).toBe(true);
    const doc = await htmlLoader.load(sourceFile('fortbildung.html', bytes));
    expect(doc.title).toBe('Fortbildungen');
    expect(doc.publisher).toBe('Verwaltungsakademie');
    expect(doc.sections.map((s) => s.heading)).toEqual(['Prüfungsvorbereitung für Beschäftigte', 'Termine', 'Kosten']);
    const text = allText(doc);
    expect(text).toContain('Größere Gruppen');
    expect(text).not.toContain('\uFFFD');
    expect(doc.sections[1]?.text).toContain('• 12.03.2025 in Köln');
    // A row header with one value reads as a key–value line.
    expect(doc.sections[2]?.text).toContain('Gebühr: 250 €');
    expect(doc.sections[2]?.text).toContain('Hinweis');
    expect(text).not.toMatch(/Cookies|Zum Inhalt|Brotkrumen|Angebote|Start/);
  });

  it('drops a breadcrumb trail written out in a plain element ("Sie befinden sich hier: …")', async () => {
    const html = `<html><body><div id="pfad">Sie befinden sich hier: Startseite &gt; Fortbildung &gt; Allgemeine Hinweise</div>
      <div id="inhalt"><h1>Allgemeine Hinweise</h1><p>Zu unseren Seminaren laden wir alle Beamtinnen und Beamten der Besoldungsgruppen A 9 bis A 12 ein.</p></div></body></html>`;
    const doc = await htmlLoader.load(sourceFile('hinweise.html', Buffer.from(html)));
    expect(allText(doc)).toContain('Besoldungsgruppen A 9 bis A 12');
    expect(allText(doc)).not.toContain('Sie befinden sich hier');
  });

  it('detects Latin-1 even when the page declares no charset', async () => {
    const undeclared = page.replace('<meta charset="windows-1252">', '');
    const doc = await htmlLoader.load(sourceFile('ohne-charset.html', iconv.encode(undeclared, 'latin1')));
    expect(allText(doc)).toContain('Prüfung');
    expect(allText(doc)).not.toContain('\uFFFD');
  });

  it('uses the h1 when there is no <title> and the file name when there is neither', async () => {
    const withH1 = await htmlLoader.load(sourceFile('a.html', Buffer.from('<body><h1>Coaching für Teams</h1><p>Text.</p></body>')));
    expect(withH1.title).toBe('Coaching für Teams');
    const bare = await htmlLoader.load(sourceFile('agiles-arbeiten.html', Buffer.from('<body><p>Nur ein Absatz.</p></body>')));
    expect(bare.title).toBe('agiles arbeiten');
    expect(bare.sections[0]?.locator.label).toBe('agiles arbeiten');
  });

  it('keeps the article header and footer inside <main> but drops the site header and footer', async () => {
    const html = `<html><head><title>Meldung</title></head><body>
      <header class="site-header"><a href="/">Landesportal</a></header>
      <main><header><h1>Neues Traineeprogramm</h1><p>Veröffentlicht am 03.02.2025</p></header>
      <p>Das Traineeprogramm startet im Herbst und dauert achtzehn Monate.</p>
      <footer><p>Kontakt: Referat Personalentwicklung, Telefon 0711 123-0</p></footer></main>
      <footer class="site-footer"><p>Landesportal – alle Rechte vorbehalten</p></footer></body></html>`;
    const doc = await htmlLoader.load(sourceFile('meldung.html', Buffer.from(html)));
    const text = allText(doc);
    expect(text).toContain('Veröffentlicht am 03.02.2025');
    expect(text).toContain('Telefon 0711 123-0');
    expect(text).not.toContain('Landesportal');
  });

  it('keeps a contact box inside the article, drops the sidebar beside it', async () => {
    const html = `<html><head><title>Presse</title></head><body>
      <aside class="sidebar"><p>Weitere Meldungen: Sommerfest im Rathaus</p></aside>
      <main><h1>Institut begrüßt neue Teilnehmende</h1>
      <aside class="servicebox"><p>03366 5208-0<br>info@institut.example</p></aside>
      <p>Der neue Lehrgang hat am Montag begonnen.</p></main></body></html>`;
    const text = allText(await htmlLoader.load(sourceFile('presse.html', Buffer.from(html))));
    expect(text).toContain('03366 5208-0');
    expect(text).toContain('info@institut.example');
    expect(text).not.toContain('Sommerfest');
  });

  it('turns definition lists into key–value lines and keeps block descriptions under their term', async () => {
    const html = `<html><body><main><h1>Master Verwaltung</h1>
      <dl><dt>Studienentgelt</dt><dd>8.400 € (bei Abschluss in der Regelstudienzeit)</dd>
      <dt>Kontakt:</dt><dd>Tel. 030 1234-5</dd>
      <dt>Kosten pro Modul</dt><dd><table><tr><td>8 - 11 Teilnehmende</td><td>4.680,00 €</td></tr></table></dd></dl>
      </main></body></html>`;
    const text = allText(await htmlLoader.load(sourceFile('dl.html', Buffer.from(html))));
    expect(text).toContain('Studienentgelt: 8.400 € (bei Abschluss in der Regelstudienzeit)');
    expect(text).toContain('Kontakt: Tel. 030 1234-5');
    expect(text).toMatch(/Kosten pro Modul\n\n8 - 11 Teilnehmende \| 4\.680,00 €/);
  });

  it('gives every description of a term its key ("Wann?" over a day and two times)', async () => {
    const html = `<html><body><main><h1>Herbsttagung</h1>
      <dl><dt>Wann?</dt><dd>Montag, 15. September 2025</dd><dd>ab 09:30 Uhr</dd><dd>bis 22:00 Uhr</dd>
      <dt>Wo?</dt><dd>Stadthalle Lindenau</dd><dt>Hinweis</dt></dl>
      </main></body></html>`;
    const text = allText(await htmlLoader.load(sourceFile('dl-many.html', Buffer.from(html))));
    expect(text).toContain('Wann? Montag, 15. September 2025');
    expect(text).toContain('Wann? ab 09:30 Uhr');
    expect(text).toContain('Wann? bis 22:00 Uhr');
    expect(text).toContain('Wo? Stadthalle Lindenau');
    // A term without a description stays a line of its own, once.
    expect(text.match(/Hinweis/g)).toHaveLength(1);
  });

  it('reads the content column of an older portal without <main>, and takes the site name from its logo', async () => {
    const html = `<html><head><title>Angestelltenlehrgang I</title></head><body>
      <div id="kopf"><div id="logo"><a href="/">Gemeindeverwaltungsschule Südbaden</a></div>
      <ul id="topnav"><li><a href="#">Startseite</a></li><li><a href="#">Unsere Schulen</a></li><li><a href="#">Kontakt</a></li></ul></div>
      <div id="navi"><ul><li><a href="#">Fortbildung</a></li><li><a href="#">Prüfungen</a></li></ul></div>
      <div id="content"><h1>Angestelltenlehrgang I</h1>
      <p>Der Lehrgang bereitet auf die Erste Prüfung vor und findet zweimal im Jahr in Donaueschingen statt.</p>
      <p>Der Lehrplan umfasst folgende Fächer:</p><ul><li>Staatsrecht</li><li>Kommunalrecht</li></ul></div>
      </body></html>`;
    const doc = await htmlLoader.load(sourceFile('legacy.html', Buffer.from(html)));
    const text = allText(doc);
    expect(text).toContain('• Staatsrecht');
    expect(text).not.toContain('Unsere Schulen');
    expect(text).not.toContain('Prüfungen');
    expect(doc.publisher).toBe('Gemeindeverwaltungsschule Südbaden');
  });

  it('separates list items and line breaks inside a table cell', async () => {
    const html = `<html><body><main><h1>Lehrgang</h1><table>
      <tr><th>Fächer</th><td><ul><li>Staatsrecht</li><li>Kommunalrecht</li></ul></td></tr>
      <tr><td>Modul A<br>Modul B</td><td>3 Tage</td><td>Köln</td></tr></table></main></body></html>`;
    const text = allText(await htmlLoader.load(sourceFile('table.html', Buffer.from(html))));
    expect(text).toContain('Fächer: Staatsrecht; Kommunalrecht');
    expect(text).toContain('Modul A; Modul B | 3 Tage | Köln');
  });

  it('writes a table with a header row as one paragraph led by the header, empty cells kept in their column', async () => {
    const html = `<html><body><main><h1>Zertifikatslehrgang</h1><h2>Termine und Orte</h2>
      <table><thead><tr><th>Beginn</th><th>Ort</th><th>Anmeldung</th><th></th></tr></thead><tbody>
      <tr><td>Oktober 2025</td><td>München</td><td>ausgebucht</td><td></td></tr>
      <tr><td>August 2026 (Block)</td><td></td><td>bis 31.01.2026</td><td></td></tr>
      <tr><td colspan="4">Fachmodule</td></tr>
      <tr><td>Mai 2026</td><td>Nürnberg</td><td>bis 31.01.2026</td><td></td></tr>
      <tr><td>Juli 2026</td><td></td><td></td><td></td></tr></tbody></table>
      <table><tr><th>Kontakt</th><td>Tel. 030 1234-5</td></tr><tr><th>Ort</th><td>Berlin</td></tr></table>
      <table><tr><td>Kiel</td><td></td><td>3 Tage</td></tr><tr><td>Lübeck</td><td>ab 9 Uhr</td><td>2 Tage</td></tr></table>
      </main></body></html>`;
    const doc = await htmlLoader.load(sourceFile('termine.html', Buffer.from(html)));
    expect(doc.sections[0]?.text.split('\n\n')).toEqual([
      'Termine und Orte',
      'Beginn | Ort | Anmeldung\nOktober 2025 | München | ausgebucht\nAugust 2026 (Block) | – | bis 31.01.2026',
      'Fachmodule',
      'Beginn | Ort | Anmeldung\nMai 2026 | Nürnberg | bis 31.01.2026\nJuli 2026 | – | –',
      'Kontakt: Tel. 030 1234-5',
      'Ort: Berlin',
      // Without a header row no column needs holding: an empty cell is left out.
      'Kiel | 3 Tage\nLübeck | ab 9 Uhr | 2 Tage',
    ]);
  });

  it('reads a layout table with headings in its cells as text, not as table rows', async () => {
    const html = `<html><body><table role="presentation"><tr><td><h1>Seminarangebot</h1>
      <p>Die Akademie bietet Seminare für alle Beschäftigten an.</p></td><td><h2>Kontakt</h2><p>Telefon 0911 1234.</p></td></tr></table></body></html>`;
    const doc = await htmlLoader.load(sourceFile('alt.html', Buffer.from(html)));
    expect(doc.sections.map((s) => s.heading)).toEqual(['Seminarangebot', 'Kontakt']);
    expect(doc.sections[1]?.text).toBe('Kontakt\n\nTelefon 0911 1234.');
  });

  it('folds headings without text of their own into the heading path of the sections below', async () => {
    const html = `<html><body><main><h1>Städteakademie</h1><h2>Kostenregelung Fürth</h2><h3>Stadt Fürth</h3>
      <p>Ein Teilnahmebeitrag wird nicht erhoben.</p><h3>Stadt Erlangen</h3><p>Es gilt der Tagessatz.</p></main></body></html>`;
    const doc = await htmlLoader.load(sourceFile('path.html', Buffer.from(html)));
    expect(doc.sections.map((s) => s.heading)).toEqual(['Stadt Fürth', 'Stadt Erlangen']);
    expect(doc.sections[0]?.headingPath).toEqual(['Städteakademie', 'Kostenregelung Fürth']);
    expect(doc.sections[1]?.headingPath).toEqual(['Städteakademie', 'Kostenregelung Fürth']);
  });

  it('starts a section at each <summary>, one level below the heading the accordion sits under', async () => {
    const html = `<html><body><main><h1>Verwaltungslehrgang II</h1><h2>Ziel</h2><p>Eine Weiterbildung für Fachkräfte.</p>
      <h2>Alle Infos im Überblick</h2>
      <details open><summary>Zulassung</summary><p>Die Teilnehmenden absolvieren einen Leistungstest.</p>
        <details><summary>Fristen</summary><p>Bewerbungen bis zum 30. September 2020.</p></details></details>
      <details><summary><h3>Dauer und Kosten</h3></summary><p>Der Lehrgang dauert etwa 3 Jahre.</p></details>
      <h2>Kontakt</h2><p>Telefon 0241 1234.</p></main></body></html>`;
    const doc = await htmlLoader.load(sourceFile('lehrgang.html', Buffer.from(html)));
    expect(doc.sections.map((s) => [s.locator.label, s.headingPath])).toEqual([
      ['Ziel', ['Verwaltungslehrgang II']],
      ['Zulassung', ['Verwaltungslehrgang II', 'Alle Infos im Überblick']],
      ['Fristen', ['Verwaltungslehrgang II', 'Alle Infos im Überblick', 'Zulassung']],
      ['Dauer und Kosten', ['Verwaltungslehrgang II', 'Alle Infos im Überblick']],
      ['Kontakt', ['Verwaltungslehrgang II']],
    ]);
    expect(doc.sections[1]?.text).toBe('Zulassung\n\nDie Teilnehmenden absolvieren einen Leistungstest.');
    expect(doc.sections[3]?.text).toBe('Dauer und Kosten\n\nDer Lehrgang dauert etwa 3 Jahre.');
  });

  it('treats h4 titles of an accordion as sections, other h4 as label lines', async () => {
    const html = `<html><body><main><h1>Seminare</h1><h2>Häufige Fragen</h2>
      <div class="accordion"><div class="accordion-item"><h4>Wer darf teilnehmen?</h4><div><p>Alle Beschäftigten des Landes.</p></div></div>
      <div class="accordion-item"><h4>Was kostet ein Seminar?</h4><div><p>Die Teilnahme ist kostenfrei.</p></div></div></div>
      <h2>Anmeldung</h2><h4>Frist</h4><p>Sechs Wochen vor Beginn.</p></main></body></html>`;
    const doc = await htmlLoader.load(sourceFile('faq.html', Buffer.from(html)));
    expect(doc.sections.map((s) => s.locator.label)).toEqual(['Wer darf teilnehmen?', 'Was kostet ein Seminar?', 'Anmeldung']);
    expect(doc.sections[1]?.headingPath).toEqual(['Seminare', 'Häufige Fragen']);
    expect(doc.sections[2]?.text).toBe('Anmeldung\n\nFrist\n\nSechs Wochen vor Beginn.');
  });

  it('keeps collapsed accordion panels and takes their toggle buttons as titles, but not a menu toggle', async () => {
    const html = `<html><body><button aria-expanded="false" aria-controls="hauptmenue">Menü</button>
      <nav id="hauptmenue" hidden><a href="/">Start</a></nav>
      <main><h1>Lehrgang Verwaltungswirt</h1>
      <h3><button aria-expanded="false" aria-controls="p-kosten">Kosten</button></h3>
      <div id="p-kosten" hidden><p>Der Lehrgang kostet 1.200 Euro.</p></div>
      <div class="item"><button type="button" aria-expanded="false" aria-controls="p-anmeldung">Anmeldung</button>
      <div id="p-anmeldung" aria-hidden="true"><p>Der Arbeitgeber meldet die Teilnehmenden an.</p></div></div>
      <p hidden>Veralteter Hinweis aus dem Jahr 2019.</p></main></body></html>`;
    const doc = await htmlLoader.load(sourceFile('lehrgang.html', Buffer.from(html)));
    expect(doc.sections.map((s) => [s.locator.label, s.headingPath])).toEqual([
      ['Kosten', ['Lehrgang Verwaltungswirt']],
      ['Anmeldung', ['Lehrgang Verwaltungswirt']],
    ]);
    expect(doc.sections[0]?.text).toContain('Der Lehrgang kostet 1.200 Euro.');
    expect(doc.sections[1]?.text).toContain('Der Arbeitgeber meldet die Teilnehmenden an.');
    const text = allText(doc);
    expect(text).not.toContain('Menü');
    expect(text).not.toContain('Veralteter Hinweis');
  });

  it('rejects a page with no readable text', async () => {
    const bytes = Buffer.from('<html><head><script>var a=1;</script></head><body><nav><a href="/">Start</a></nav></body></html>');
    const error = await htmlLoader.load(sourceFile('leer.html', bytes)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentLoadError);
    expect((error as DocumentLoadError).code).toBe('no_text');
  });
});

describe('stripSiteName', () => {
  it('removes a trailing "| Site" and a dash-separated known site name only', () => {
    expect(stripSiteName('Seminar Führung | Akademie')).toBe('Seminar Führung');
    expect(stripSiteName('Fortbildungen – Akademie', ['akademie'])).toBe('Fortbildungen');
    expect(stripSiteName('Workshop – Digitalisierung in Kommunen', ['akademie'])).toBe('Workshop – Digitalisierung in Kommunen');
  });
});
