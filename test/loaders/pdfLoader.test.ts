import { describe, expect, it } from 'vitest';
import { pdfLoader } from '../../ingest/loaders/pdfLoader.ts';
import { corpusFile, loadError, makePdf, sourceFile } from './fixtures.ts';

describe('pdfLoader on the corpus slide deck exported to PDF', () => {
  it('gives one section per slide, numbered 1..25 and labelled "Folie N"', async () => {
    const doc = await pdfLoader.load(await corpusFile('digitale-kompetenzen-praesentation.pdf'));
    expect(doc.format).toBe('pdf');
    expect(doc.source).toBe('digitale-kompetenzen-praesentation.pdf');
    expect(doc.sections).toHaveLength(25);
    expect(doc.sections.map((s) => s.locator.number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(doc.sections.every((s) => s.locator.kind === 'slide')).toBe(true);
    expect(doc.sections[7]?.locator.label).toBe('Folie 8');
  });

  it('keeps the contact details of slide 8 and its heading', async () => {
    const doc = await pdfLoader.load(await corpusFile('digitale-kompetenzen-praesentation.pdf'));
    const slide8 = doc.sections[7];
    expect(slide8?.text).toContain('+49 421 361 42564');
    expect(slide8?.text).toContain('qualifica.digitalis@finanzen.bremen.de');
    expect(slide8?.heading).toBe('Ansprechpartner:in');
  });

  it('takes the title from the PDF metadata and repairs compounds split across lines', async () => {
    const doc = await pdfLoader.load(await corpusFile('digitale-kompetenzen-praesentation.pdf'));
    expect(doc.title).toBe('Digitale Kompetenzen für eine moderne öffentliche Verwaltung');
    expect(doc.sections[2]?.text).toContain('des IT-Planungsrates');
    // A wrapped slide title is joined into one heading.
    expect(doc.sections[11]?.heading).toBe('Ausgangslage: Kommunen müssen und wollen investieren');
  });

  it('separates list items into paragraphs', async () => {
    const doc = await pdfLoader.load(await corpusFile('digitale-kompetenzen-praesentation.pdf'));
    expect(doc.sections[1]?.text.split('\n\n').length).toBeGreaterThanOrEqual(7);
  });
});

describe('pdfLoader on generated PDFs', () => {
  it('labels pages of a portrait document "Seite N" and rejoins hyphenated words', async () => {
    const bytes = await makePdf((doc) => {
      doc.fontSize(16).text('Fortbildungsprogramm 2025');
      doc.fontSize(11).text('Das Angebot zur Weiter-');
      doc.text('bildung richtet sich an Beschäftigte der Bundes-');
      doc.text('und Landesebene. Anmeldung per E-');
      doc.text('Mail.');
      doc.addPage().fontSize(16).text('Kosten');
      doc.fontSize(11).text('Die Teilnahme ist kostenfrei.');
    }, { info: { Title: 'Fortbildungsprogramm 2025 der Verwaltung' } });
    const doc = await pdfLoader.load(sourceFile('programm.pdf', bytes));
    expect(doc.sections.map((s) => s.locator)).toEqual([
      { kind: 'page', number: 1, label: 'Seite 1' },
      { kind: 'page', number: 2, label: 'Seite 2' },
    ]);
    expect(doc.title).toBe('Fortbildungsprogramm 2025 der Verwaltung');
    expect(doc.sections[0]?.heading).toBe('Fortbildungsprogramm 2025');
    expect(doc.sections[0]?.text).toContain('Weiterbildung');
    expect(doc.sections[0]?.text).toContain('Bundes- und Landesebene');
    expect(doc.sections[0]?.text).toContain('E-Mail');
    expect(doc.sections[1]?.text).toContain('kostenfrei');
  });

  it('separates paragraphs at vertical gaps and font-size changes, but not at wrapped lines', async () => {
    const long =
      'Die Verwaltungsakademie hat im vergangenen Jahr insgesamt 143 Seminare durchgeführt. Die Nachfrage nach digitalen Formaten ist weiter gestiegen, besonders bei Führungskräften.';
    const bytes = await makePdf((doc) => {
      doc.fontSize(18).text('Jahresbericht');
      doc.fontSize(11).text(long);
      doc.moveDown(0.8);
      doc.text('Für das kommende Jahr sind neue Angebote geplant. Ansprechpartnerin ist Frau Dr. Muster, Telefon 030 1234-567, erreichbar montags bis donnerstags.');
      doc.fontSize(14).text('Ausblick');
      doc.fontSize(11).text('Im nächsten Jahr folgt ein neues Programm.');
    });
    const doc = await pdfLoader.load(sourceFile('bericht.pdf', bytes));
    const paragraphs = doc.sections[0]?.text.split('\n\n') ?? [];
    expect(paragraphs).toHaveLength(5);
    expect(paragraphs[0]).toBe('Jahresbericht');
    expect(paragraphs[1]?.replace(/\n/g, ' ')).toBe(long);
    expect(paragraphs[2]).toMatch(/^Für das kommende Jahr/);
    expect(paragraphs[3]).toBe('Ausblick');
  });

  it('treats a landscape 16:9 PDF from presentation software as slides, but not one from a word processor', async () => {
    const draw = (doc: PDFKit.PDFDocument) => {
      doc.text('Agenda');
      doc.addPage({ size: [960, 540] }).text('Kontakt');
    };
    const fromSlides = await makePdf(draw, { size: [960, 540], info: { Creator: 'Microsoft PowerPoint' } });
    const fromWriter = await makePdf(draw, { size: [960, 540], info: { Creator: 'Writer', Producer: 'LibreOffice 7.4' } });
    const portraitSlides = await makePdf(draw, { size: 'A4', info: { Creator: 'Impress' } });
    expect((await pdfLoader.load(sourceFile('a.pdf', fromSlides))).sections[1]?.locator.label).toBe('Folie 2');
    expect((await pdfLoader.load(sourceFile('b.pdf', fromWriter))).sections[1]?.locator.label).toBe('Seite 2');
    expect((await pdfLoader.load(sourceFile('c.pdf', portraitSlides))).sections[0]?.locator.kind).toBe('page');
  });

  it('removes running headers and page numbers repeated on every page, keeping a header that says something once', async () => {
    const bytes = await makePdf((doc) => {
      for (let page = 1; page <= 5; page += 1) {
        if (page > 1) doc.addPage();
        doc.text('Bundesakademie – Jahresprogramm');
        doc.text(`Kapitel ${page}: Inhalt des Kapitels mit Details zur Veranstaltung Nummer ${page}.`);
        doc.text(`Seite ${page} von 5`);
      }
    });
    const doc = await pdfLoader.load(sourceFile('jahresprogramm.pdf', bytes));
    expect(doc.sections).toHaveLength(5);
    for (const section of doc.sections) {
      expect(section.text).not.toMatch(/Seite \d von 5/);
      expect(section.text).toMatch(/^Kapitel \d/);
    }
    // "Bundesakademie" is said nowhere else: the header stays once, after the text of the first page.
    expect(doc.sections.filter((s) => s.text.includes('Bundesakademie – Jahresprogramm'))).toHaveLength(1);
    expect(doc.sections[0]?.text.endsWith('\n\nBundesakademie – Jahresprogramm')).toBe(true);
  });

  it('drops a slide footer with a page counter, but not a slide title repeated on most slides', async () => {
    const bytes = await makePdf(
      (doc) => {
        const titles = ['Programmtage', 'Programmtage', 'Programmtage', 'Kooperation', 'Programmtage'];
        titles.forEach((title, i) => {
          if (i > 0) doc.addPage({ size: [960, 540], margin: 0 });
          doc.fontSize(28).text(title, 60, 60);
          doc.fontSize(18).text(`Am Programmtag ${i + 1} von Collaborative Leadership treffen sich die Teilnehmenden in Brandenburg.`, 88, 140, { width: 780 });
          doc.fontSize(10).text(`Leadership Brandenburg · Collaborative Leadership ${i + 1}`, 60, 512, { lineBreak: false });
        });
      },
      { size: [960, 540], margin: 0, info: { Creator: 'Microsoft PowerPoint' } },
    );
    const doc = await pdfLoader.load(sourceFile('leadership.pdf', bytes));
    expect(doc.sections).toHaveLength(5);
    for (const section of doc.sections) expect(section.text).not.toContain('Leadership Brandenburg · Collaborative');
    expect(doc.sections.map((s) => s.heading)).toEqual(['Programmtage', 'Programmtage', 'Programmtage', 'Kooperation', 'Programmtage']);
  });

  it('drops a small running header of a two-page document, wherever it sits in the content stream', async () => {
    const body = (n: number) =>
      `Die Herbst-Konferenz 2020 der Fördermaßnahme „Kommunen innovativ“ findet in ${n === 1 ? 'sechs' : 'wöchentlichen'} Runden online statt. Sie richtet sich an Vertreterinnen und Vertreter der Kommunen, der Ministerien und der Spitzenverbände.`;
    const bytes = await makePdf((doc) => {
      for (let page = 1; page <= 2; page += 1) {
        if (page > 1) doc.addPage();
        doc.fontSize(10.5).text(body(page), 70, 80, { width: 455, align: 'justify' });
        doc.text('Anmeldung bis zum 30. September 2020 über das Portal.', 70, 300);
        // Drawn last, set small, above everything else: a running header.
        doc.fontSize(8).text('Kommunen innovativ · Herbst-Konferenz 2020', 70, 40, { lineBreak: false });
      }
    });
    const doc = await pdfLoader.load(sourceFile('konferenz.pdf', bytes));
    expect(doc.sections).toHaveLength(2);
    for (const section of doc.sections) {
      expect(section.text).not.toContain('Kommunen innovativ · Herbst');
      // Repeated text in the body's own size is content, even on both pages.
      expect(section.text).toContain('Anmeldung bis zum 30. September 2020');
    }
  });

  it('does not take the first line of a page of running text for a heading, and completes a sentence cut by the page break', async () => {
    const sentences = Array.from(
      { length: 60 },
      (_, i) => `Die Veranstaltung Nummer ${i + 1} der Reihe bringt Beschäftigte aus Bund, Ländern und Kommunen für einen Austausch zusammen.`,
    );
    const bytes = await makePdf((doc) => {
      doc.fontSize(16).text('Einladung zur Konferenz');
      // One paragraph that pdfkit flows over the page break.
      doc.fontSize(11).text(sentences.join(' '), { width: 450, align: 'justify' });
      doc.addPage();
      doc.fontSize(11).text(
        'Ausgewählte Verbundvorhaben aus Wissenschaft und kommunaler Praxis geben Einblicke in ihre Ergebnisse und in die von ihnen erprobten Handlungsansätze und Instrumente.',
        { width: 450, align: 'justify' },
      );
    });
    const doc = await pdfLoader.load(sourceFile('einladung.pdf', bytes));
    expect(doc.sections).toHaveLength(3);
    expect(doc.sections[0]?.heading).toBe('Einladung zur Konferenz');
    expect(doc.sections[1]?.heading).toBeUndefined();
    const page1 = doc.sections[0]!.text.replace(/\s+/g, ' ');
    const page2 = doc.sections[1]!.text.replace(/\s+/g, ' ');
    // The sentence the page break cut is read whole on the page where it starts …
    const cut = sentences.find((sentence) => page1.endsWith(sentence));
    expect(cut).toBeDefined();
    // … and the second page keeps its own text, starting with the rest of that sentence.
    const rest = page2.slice(0, page2.indexOf('.') + 1);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.length).toBeLessThan(cut!.length);
    expect(cut!.endsWith(rest)).toBe(true);
    // After a page that ends its sentence, a wrapped first line is still running text.
    expect(doc.sections[2]?.heading).toBeUndefined();
    expect(doc.sections[2]?.text).toMatch(/^Ausgewählte Verbundvorhaben/);
  });

  it('does not run a list item at the end of a page into the heading of the next page', async () => {
    const bytes = await makePdf((doc) => {
      doc.fontSize(11).text('Voraussetzungen');
      doc.text('• Beschäftigungsverhältnis im öffentlichen Dienst seit mindestens zwei Jahren');
      doc.addPage();
      doc.text('Kosten');
      doc.text('Die Teilnahme ist für Beschäftigte der Landesverwaltung kostenfrei. Reisekosten werden nicht erstattet.', { width: 450 });
    });
    const doc = await pdfLoader.load(sourceFile('hinweise.pdf', bytes));
    expect(doc.sections[0]?.text).not.toContain('Kosten');
    expect(doc.sections[1]?.heading).toBe('Kosten');
  });

  it('keeps the first line of a page as heading when it stands on its own, and splits stacked headings', async () => {
    const bytes = await makePdf((doc) => {
      doc.fontSize(11).text('Teilnahme');
      doc.text('Die Teilnahme ist für Beschäftigte der Landesverwaltung kostenfrei. Reisekosten werden nicht erstattet.', { width: 450 });
      doc.moveDown();
      doc.fontSize(13).text('Förderprogramme für Kommunen');
      doc.text('Digitales Rathaus');
      doc.fontSize(11).text('Gefördert werden Onlinedienste mit bis zu 20.000 Euro je Kommune.', { width: 450 });
    });
    const doc = await pdfLoader.load(sourceFile('hinweise.pdf', bytes));
    expect(doc.sections[0]?.heading).toBe('Teilnahme');
    const paragraphs = doc.sections[0]?.text.split('\n\n') ?? [];
    expect(paragraphs).toContain('Förderprogramme für Kommunen');
    expect(paragraphs).toContain('Digitales Rathaus');
  });

  it('keeps a dash that continues a sentence in its paragraph and writes list bullets as "•"', async () => {
    const bytes = await makePdf((doc) => {
      doc.fontSize(16).text('Veranstaltungsreihe');
      doc.fontSize(11);
      doc.text('Sechs thematische Veranstaltungen – orientiert an den Kernbotschaften der Fördermaßnahme');
      doc.text('– greifen die zentralen Ergebnisse aus vier Jahren Forschungsarbeit auf.');
      doc.moveDown();
      doc.text('Die Themen:');
      doc.text('· Mobilität im ländlichen Raum');
      doc.text('– Finanzierung der Innenentwicklung');
    });
    const doc = await pdfLoader.load(sourceFile('reihe.pdf', bytes));
    expect(doc.sections[0]?.text.split('\n\n')).toEqual([
      'Veranstaltungsreihe',
      'Sechs thematische Veranstaltungen – orientiert an den Kernbotschaften der Fördermaßnahme\n– greifen die zentralen Ergebnisse aus vier Jahren Forschungsarbeit auf.',
      'Die Themen:',
      '• Mobilität im ländlichen Raum',
      '– Finanzierung der Innenentwicklung',
    ]);
  });

  it('uses the first line as title when the metadata title is a placeholder', async () => {
    const bytes = await makePdf((doc) => doc.text('Leitfaden Onboarding').text('Für neue Beschäftigte.'), {
      info: { Title: 'Microsoft Word - leitfaden.docx' },
    });
    expect((await pdfLoader.load(sourceFile('x.pdf', bytes))).title).toBe('Leitfaden Onboarding');
  });
});

describe('pdfLoader errors', () => {
  it('reports a password-protected PDF', async () => {
    const bytes = await makePdf((doc) => doc.text('Vertraulich'), { userPassword: 'geheim', ownerPassword: 'geheim' });
    const error = await loadError(pdfLoader.load(sourceFile('geschuetzt.pdf', bytes)));
    expect(error.code).toBe('pdf_encrypted');
    expect(error.file).toBe('geschuetzt.pdf');
    expect(error.reason).toBe('the PDF is password-protected');
  });

  it('reports a truncated PDF as corrupt', async () => {
    const full = (await corpusFile('digitale-kompetenzen-praesentation.pdf')).bytes;
    const error = await loadError(pdfLoader.load(sourceFile('kaputt.pdf', full.subarray(0, Math.floor(full.length / 2)))));
    expect(error.code).toBe('pdf_corrupt');
    expect(error.message).toContain('kaputt.pdf');
    expect(error.reason).toMatch(/damaged/);
  });

  it('reports a ".pdf" that is really a web page', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><head><title>Fehler 404</title></head><body>Nicht gefunden</body></html>');
    const error = await loadError(pdfLoader.load(sourceFile('download.pdf', html)));
    expect(error.code).toBe('wrong_content_type');
    expect(error.reason).toMatch(/named \.pdf but contains HTML/);
  });

  it('reports a PDF without extractable text as a probable scan', async () => {
    const bytes = await makePdf((doc) => {
      doc.rect(50, 50, 200, 100).fill('#336699');
    });
    const error = await loadError(pdfLoader.load(sourceFile('scan.pdf', bytes)));
    expect(error.code).toBe('no_text');
    expect(error.reason).toMatch(/scan — OCR it first/);
  });

  it('reports an empty file', async () => {
    const error = await loadError(pdfLoader.load(sourceFile('leer.pdf', Buffer.alloc(0))));
    expect(error.code).toBe('empty_file');
  });
});
