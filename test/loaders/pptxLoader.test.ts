import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { pptxLoader } from '../../ingest/loaders/pptxLoader.ts';
import { FIXTURES, corpusFile, loadError, makePptx, sourceFile } from './fixtures.ts';

describe('pptxLoader on the corpus deck', () => {
  it('gives 25 slides in order, labelled "Folie N", with the phone number on slide 8', async () => {
    const doc = await pptxLoader.load(await corpusFile('digitale-kompetenzen-praesentation.pptx', FIXTURES));
    expect(doc.format).toBe('pptx');
    expect(doc.sections).toHaveLength(25);
    expect(doc.sections.map((s) => s.locator.number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(doc.sections[7]?.locator).toEqual({ kind: 'slide', number: 8, label: 'Folie 8' });
    expect(doc.sections[7]?.text).toContain('+49 421 361 42564');
    expect(doc.sections[7]?.heading).toBe('Ansprechpartner:in');
    expect(doc.sections[1]?.heading).toBe('Agenda');
    expect(doc.title).toBe('Digitale Kompetenzen für eine moderne öffentliche Verwaltung');
  });

  it('turns each paragraph into its own line, keeping bullets', async () => {
    const doc = await pptxLoader.load(await corpusFile('digitale-kompetenzen-praesentation.pptx', FIXTURES));
    const lines = doc.sections[7]?.text.split('\n') ?? [];
    expect(lines).toContain('• Christine Schröder');
    expect(lines).toContain('• T +49 421 361 42564');
  });
});

describe('pptxLoader on generated presentations', () => {
  it('includes speaker notes and table cells', async () => {
    const bytes = await makePptx((pres) => {
      const slide = pres.addSlide();
      slide.addText('Anmeldung', { x: 0.5, y: 0.3, w: 9, h: 1 });
      slide.addTable(
        [
          [{ text: 'Termin' }, { text: '12.03.2025' }],
          [{ text: 'Ort' }, { text: 'Berlin' }],
        ],
        { x: 0.5, y: 1.5, w: 9 },
      );
      slide.addNotes('Hinweis für die Moderation: Anmeldeschluss ist der 28. Februar.');
    });
    const doc = await pptxLoader.load(sourceFile('anmeldung.pptx', bytes));
    expect(doc.sections).toHaveLength(1);
    const text = doc.sections[0]?.text ?? '';
    expect(text).toContain('Anmeldeschluss ist der 28. Februar');
    expect(text).toContain('Termin | 12.03.2025');
    expect(text).toContain('Ort | Berlin');
    expect(doc.sections[0]?.heading).toBe('Anmeldung');
  });

  it('writes a table as one paragraph of rows with the header first and empty cells kept in their column', async () => {
    const bytes = await makePptx((pres) => {
      const slide = pres.addSlide();
      slide.addText('Termine', { x: 0.5, y: 0.3, w: 9, h: 1 });
      slide.addTable(
        [
          [{ text: 'Termin' }, { text: 'Ort' }, { text: 'Uhrzeit' }],
          [{ text: '30. September' }, { text: '' }, { text: '10:30 Uhr' }],
          [{ text: '2. Oktober' }, { text: 'Berlin' }, { text: '10:30 Uhr' }],
        ],
        { x: 0.5, y: 1.5, w: 9 },
      );
    });
    const doc = await pptxLoader.load(sourceFile('termine.pptx', bytes));
    expect(doc.sections[0]?.text.split('\n\n')).toContain('Termin | Ort | Uhrzeit\n30. September | – | 10:30 Uhr\n2. Oktober | Berlin | 10:30 Uhr');
  });

  it('follows the slide order of presentation.xml, not the slide file names', async () => {
    const bytes = await makePptx((pres) => {
      for (const name of ['Erste Folie', 'Zweite Folie', 'Dritte Folie']) pres.addSlide().addText(name, { x: 1, y: 1, w: 8, h: 1 });
    });
    const zip = await JSZip.loadAsync(bytes);
    const presentation = await zip.file('ppt/presentation.xml')!.async('string');
    const reordered = presentation.replace(/<p:sldIdLst>(.*?)<\/p:sldIdLst>/, (_m, list: string) => {
      const ids = list.match(/<p:sldId [^>]*\/>/g) ?? [];
      expect(ids).toHaveLength(3);
      return `<p:sldIdLst>${ids.reverse().join('')}</p:sldIdLst>`;
    });
    zip.file('ppt/presentation.xml', reordered);
    const doc = await pptxLoader.load(sourceFile('umgestellt.pptx', await zip.generateAsync({ type: 'nodebuffer' })));
    expect(doc.sections.map((s) => s.heading)).toEqual(['Dritte Folie', 'Zweite Folie', 'Erste Folie']);
    expect(doc.sections.map((s) => s.locator.label)).toEqual(['Folie 1', 'Folie 2', 'Folie 3']);
  });
});

describe('pptxLoader errors', () => {
  it('reports a presentation without any text', async () => {
    const bytes = await makePptx((pres) => {
      pres.addSlide().addShape('rect', { x: 1, y: 1, w: 3, h: 2, fill: { color: '336699' } });
      pres.addSlide();
    });
    const error = await loadError(pptxLoader.load(sourceFile('bilder.pptx', bytes)));
    expect(error.code).toBe('no_text');
    expect(error.file).toBe('bilder.pptx');
  });

  it('reports a corrupt ZIP', async () => {
    const good = (await corpusFile('digitale-kompetenzen-praesentation.pptx', FIXTURES)).bytes;
    const error = await loadError(pptxLoader.load(sourceFile('kaputt.pptx', good.subarray(0, 3000))));
    expect(error.code).toBe('pptx_corrupt');
    expect(error.reason).toMatch(/damaged/);
  });

  it('reports a ZIP that is not a presentation', async () => {
    const zip = new JSZip().file('readme.txt', 'kein PowerPoint');
    const error = await loadError(pptxLoader.load(sourceFile('fremd.pptx', await zip.generateAsync({ type: 'nodebuffer' }))));
    expect(error.code).toBe('pptx_corrupt');
    expect(error.reason).toMatch(/presentation\.xml is missing/);
  });
});
