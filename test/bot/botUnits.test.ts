import { appendFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Chunk, Citation } from '../../core/types.ts';
import { current, emptyMemory, findExchange, historyOf, MAX_REMEMBERED_CHARS, MEMORY_IDLE_MS, remember } from '../../bot/conversationMemory.ts';
import { ExpiringMemoryStorage } from '../../bot/stateStorage.ts';
import { MemoryDirectLineStore } from '../../bot/directline/memoryDirectLineStore.ts';
import { documentSections } from '../../bot/viewer/documentSections.ts';
import { renderSourcePage } from '../../bot/viewer/sourcePage.ts';
import { appendFeedback, readFeedback } from '../../bot/feedbackStore.ts';
import { MemoryRateLimiter } from '../../bot/state/memoryRateLimiter.ts';
import { contactRecordLinks } from '../../bot/render/contactLinks.ts';
import { citationEntries, MAX_SNIPPET } from '../../bot/render/citationEntries.ts';
import { renderAnswer } from '../../bot/render/renderAnswer.ts';
import { citationUrl, pageNumber, sourceLabel, sourceUrl } from '../../bot/render/sourceLinks.ts';
import { teamsAiEntity } from '../../bot/render/teamsCitations.ts';
import type { WebAnswer } from '../../bot/render/webChatAnswer.ts';
import { relativeSourcePath, SourcePathError } from '../../bot/http/sourcesRoute.ts';
import { buildTeamsPackage, fillManifest, TeamsPackageError } from '../../bot/teams/packageTeamsApp.ts';

function citation(overrides: Partial<Citation> = {}): Citation {
  return {
    marker: 1,
    chunkId: 'c1',
    source: 'ordner/Programm Übersicht.pdf',
    title: 'Programmübersicht',
    locator: 'Seite 7',
    snippet: 'Kontakt: Dr. Anna Beispiel, Tel. 030 18 681-12345, anna.beispiel@bund.example',
    ...overrides,
  };
}

describe('rate limit per key and minute', () => {
  it('allows `limit` events per window and key, can be read without counting, and frees the key after the window', async () => {
    vi.useFakeTimers();
    try {
      const limiter = new MemoryRateLimiter({ name: 'unit', limit: 3, windowMs: 60_000 });
      const allowed = (key: string) => limiter.tryAcquire(key);
      expect([await allowed('a'), await allowed('a'), await allowed('a'), await allowed('a')]).toEqual([true, true, true, false]);
      expect(await allowed('b')).toBe(true);
      expect(await limiter.isLimited('a')).toBe(true);
      expect(await limiter.isLimited('b')).toBe(false);
      vi.advanceTimersByTime(59_000);
      expect(await allowed('a')).toBe(false);
      vi.advanceTimersByTime(1_100);
      expect(await limiter.isLimited('a')).toBe(false);
      expect([await allowed('a'), await allowed('a'), await allowed('a'), await allowed('a')]).toEqual([true, true, true, false]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('conversation memory', () => {
  it('keeps only the last three exchanges, shortened, as history for follow-ups', () => {
    let memory = emptyMemory();
    for (let i = 1; i <= 5; i++) {
      memory = remember(memory, { question: `Frage ${i} ${'x'.repeat(600)}`, answer: `Antwort ${i}`, answerId: `id-${i}`, sources: [] });
    }
    expect(memory.exchanges.map((e) => e.answerId)).toEqual(['id-3', 'id-4', 'id-5']);
    expect(memory.exchanges[0]!.question.length).toBe(MAX_REMEMBERED_CHARS);
    const history = historyOf(memory);
    expect(history.map((t) => t.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    expect(history[1]?.text).toBe('Antwort 3');
    expect(findExchange(memory, 'id-4')?.answer).toBe('Antwort 4');
    expect(findExchange(memory, 'id-1')).toBeUndefined();
  });
});

describe('forgetting', () => {
  it('a conversation idle for longer than 30 minutes starts afresh', () => {
    const memory = remember(emptyMemory(), { question: 'Frage', answer: 'Antwort', answerId: 'a', sources: [] }, 1_000);
    expect(historyOf(current(memory, 1_000 + MEMORY_IDLE_MS))).toHaveLength(2);
    expect(historyOf(current(memory, 1_001 + MEMORY_IDLE_MS))).toEqual([]);
    // Remembering after a long pause does not revive the stale exchanges.
    const later = remember(memory, { question: 'Neu', answer: 'Neu', answerId: 'b', sources: [] }, 2_000 + MEMORY_IDLE_MS);
    expect(later.exchanges.map((e) => e.answerId)).toEqual(['b']);
  });

  it('in-memory state drops entries not written within the idle time', async () => {
    let now = 0;
    const storage = new ExpiringMemoryStorage(1_000, () => now);
    await storage.write({ 'conv/a': { n: 1 }, 'conv/b': { n: 2 } });
    now = 800;
    await storage.write({ 'conv/b': { n: 3, eTag: '*' } });
    now = 1_500;
    const items = await storage.read(['conv/a', 'conv/b']);
    expect(items['conv/a']).toBeUndefined();
    expect(items['conv/b']).toMatchObject({ n: 3 });
    expect(storage.size).toBe(1);
  });
});

describe('links in answers', () => {
  it('makes mail and call links from contact records, dropping numbers too short to be phone numbers', () => {
    const links = contactRecordLinks([
      { name: 'Anna Beispiel', phones: ['030 18 681-12345', '68161'], emails: ['anna.beispiel@bund.example.'] },
      { name: 'Zentrale', phones: ['+49 (0) 621 107 08-302'], emails: ['keine adresse'] },
    ]);
    expect(links).toEqual([
      { kind: 'email', display: 'anna.beispiel@bund.example', url: 'mailto:anna.beispiel@bund.example' },
      { kind: 'phone', display: '030 18 681-12345', url: 'tel:0301868112345' },
      { kind: 'phone', display: '+49 (0) 621 107 08-302', url: 'tel:+4962110708302' },
    ]);
  });

  it('links PDFs at the cited page, every other format to the source viewer at the passage', () => {
    expect(sourceUrl('https://bot.example/', citation())).toBe('https://bot.example/sources/ordner/Programm%20%C3%9Cbersicht.pdf#page=7');
    expect(sourceUrl('https://bot.example', citation({ source: 'a.docx', locator: 'Seite 2' }))).toBe('https://bot.example/sources/a.docx');
    expect(citationUrl('https://bot.example', citation(), ['c1'])).toBe('https://bot.example/sources/ordner/Programm%20%C3%9Cbersicht.pdf#page=7');
    expect(citationUrl('https://bot.example', citation({ source: 'a b.docx', locator: 'Ablauf' }), ['c1', 'c2'])).toBe(
      'https://bot.example/view/a%20b.docx?passage=c1&passage=c2#passage-c1',
    );
    // A PDF citation without a page (a section label) has no page to open: the viewer shows the passage.
    expect(citationUrl('https://bot.example', citation({ source: 'b.pdf', locator: 'Einleitung' }), ['c9'])).toBe('https://bot.example/view/b.pdf?passage=c9#passage-c9');
    expect([pageNumber('Folie 15'), pageNumber('Seite 3'), pageNumber('Abschnitt 2')]).toEqual([15, 3, undefined]);
  });

  it('names a source "title – locator" and never says the same thing twice', () => {
    expect(sourceLabel(citation())).toBe('Programmübersicht – Seite 7');
    expect(sourceLabel(citation({ title: 'Workshop „Strategie“', locator: 'Workshop „Strategie“' }))).toBe('Workshop „Strategie“');
    expect(sourceLabel(citation({ title: 'Masterclass II', locator: 'Masterclass II zur digitalen Transformation' }))).toBe('Masterclass II zur digitalen Transformation');
    expect(sourceLabel(citation({ title: 'Digitales Mindset für Führungskräfte', locator: 'Digitales Mindset' }))).toBe('Digitales Mindset für Führungskräfte');
    expect(sourceLabel(citation({ title: '', source: 'ordner/notiz.txt', locator: '' }))).toBe('notiz.txt');
  });

  it('lists one entry per distinct passage, renumbering the markers in the text', () => {
    const { text, entries } = citationEntries({
      answer: 'Beginn am 28. November [2]. Ort: München [1]. Fünfzehn Behörden [3]. Kosten [4] [2].',
      citations: [
        citation({ marker: 1, chunkId: 'a', source: 'reise.html', title: 'Reise', locator: 'Reise', snippet: 'Ort: München' }),
        citation({ marker: 2, chunkId: 'b', source: 'reise.html', title: 'Reise', locator: 'Reise', snippet: 'Beginn am 28. November' }),
        citation({ marker: 3, chunkId: 'c', source: 'reise.html', title: 'Reise', locator: 'Ablauf', snippet: 'Fünfzehn Behörden' }),
        citation({ marker: 4, chunkId: 'd', source: 'kosten.pdf', title: 'Kosten', locator: 'Seite 2', snippet: 'x '.repeat(200) }),
        citation({ marker: 5, chunkId: 'e', source: 'nie.pdf', title: 'Nie zitiert' }),
      ],
    });
    // [2] and [1] are the same section: one entry, first cited first; [4] [2] becomes [3] [1].
    expect(text).toBe('Beginn am 28. November [1]. Ort: München [1]. Fünfzehn Behörden [2]. Kosten [3] [1].');
    expect(entries.map((e) => [e.marker, e.label, e.chunkIds])).toEqual([
      [1, 'Reise', ['b', 'a']],
      [2, 'Reise – Ablauf', ['c']],
      [3, 'Kosten – Seite 2', ['d']],
    ]);
    expect(entries[0]!.snippet).toBe('Beginn am 28. November … Ort: München');
    expect(entries[2]!.snippet.length).toBeLessThanOrEqual(MAX_SNIPPET);
    expect(entries[2]!.snippet.endsWith('…')).toBe(true);
    // Adjacent markers that merged into one are written once.
    expect(citationEntries({ answer: 'Satz [1][2].', citations: [citation({ marker: 1, chunkId: 'a' }), citation({ marker: 2, chunkId: 'b' })] }).text).toBe('Satz [1].');
  });

  it('Teams citations cover exactly the markers used in the text, with the same passage as the web chat', () => {
    const { text, entries } = citationEntries({ answer: 'Antwort [2] und [1].', citations: [citation({ marker: 1, snippet: 'a '.repeat(200) }), citation({ marker: 2, source: 'b.docx', locator: 'Ablauf', chunkId: 'c2' }), citation({ marker: 3 })] });
    const entity = teamsAiEntity(text, entries, 'https://bot.example');
    expect(entity.citation.map((c) => c.position)).toEqual([1, 2]);
    expect(entity.citation[0]!.appearance).toMatchObject({ name: 'Programmübersicht – Ablauf', url: 'https://bot.example/view/b.docx?passage=c2#passage-c2', keywords: ['Ablauf'] });
    expect(entity.citation[1]!.appearance.abstract).toBe(entries[1]!.snippet);
    expect(entity.citation[1]!.appearance.abstract.length).toBeLessThanOrEqual(160);
  });

  it('web rendering: Markdown with the source list for any client, and the parts the web chat page shows', () => {
    const activity = renderAnswer(
      { answered: true, answer: 'Siehe [1].', citations: [citation({ title: 'Plan [Entwurf]' }), citation({ marker: 2, source: 'x.pdf' })], language: 'de', kind: 'general', engine: 'test' },
      { channelId: 'webchat', publicBaseUrl: 'https://bot.example', answerId: 'a1', followUps: ['Was kostet der Plan?'] },
    );
    expect(activity.text).toContain('**Quellen:**');
    expect(activity.text).toContain('[Plan &#91;Entwurf&#93; – Seite 7](https://bot.example/sources/ordner/Programm%20%C3%9Cbersicht.pdf#page=7)');
    expect(activity.text).not.toContain('x.pdf');
    expect(activity.entities).toBeUndefined();
    expect(activity.attachments).toBeUndefined();
    const web = (activity.channelData as { wegweiser: WebAnswer }).wegweiser;
    expect(web).toMatchObject({ version: 1, answerId: 'a1', language: 'de', text: 'Siehe [1].' });
    expect(web.sources).toEqual([
      {
        marker: 1,
        label: 'Plan [Entwurf] – Seite 7',
        url: 'https://bot.example/sources/ordner/Programm%20%C3%9Cbersicht.pdf#page=7',
        viewerUrl: 'https://bot.example/view/ordner/Programm%20%C3%9Cbersicht.pdf?passage=c1#passage-c1',
        snippet: 'Kontakt: Dr. Anna Beispiel, Tel. 030 18 681-12345, anna.beispiel@bund.example',
      },
    ]);
    expect(web.texts.feedbackDown).toBe('Nicht hilfreich');
    expect(activity.suggestedActions).toEqual({ actions: [{ type: 'imBack', title: 'Was kostet der Plan?', value: 'Was kostet der Plan?' }], to: [] });
  });

  it('an English answer carries English headings, labels and contact buttons, in Teams as on the web', () => {
    const answer = {
      answered: true,
      answer: 'Call +49 30 1234567 [1].',
      citations: [citation()],
      language: 'en' as const,
      kind: 'contact' as const,
      engine: 'test',
      contacts: [{ name: 'Anna Beispiel', phones: ['+49 30 1234567'], emails: [] }],
    };
    const web = renderAnswer(answer, { channelId: 'directline', publicBaseUrl: 'https://bot.example', answerId: 'a2' });
    expect(web.text).toContain('**Sources:**');
    expect(web.text).not.toContain('Quellen');
    expect(web.locale).toBe('en-US');
    const parts = (web.channelData as { wegweiser: WebAnswer }).wegweiser;
    expect(parts.texts).toMatchObject({ sourcesHeading: 'Sources', showPassage: 'Show passage', feedbackUp: 'Helpful' });
    expect(parts.contacts).toEqual([{ kind: 'phone', url: 'tel:+49301234567', title: 'Call +49 30 1234567' }]);
    const teams = renderAnswer(answer, { channelId: 'msteams', publicBaseUrl: 'https://bot.example', answerId: 'a2' });
    const card = teams.attachments?.[0]?.content as { body: Array<{ text: string }>; actions: Array<{ title: string }> };
    expect(card.body[0]!.text).toBe('Get in touch');
    expect(card.actions[0]!.title).toBe('Call +49 30 1234567');
  });
});

describe('/sources path parsing', () => {
  it('decodes segments and rejects traversal, separators and hidden files', () => {
    expect(relativeSourcePath('/sources/ordner/Programm%20%C3%9Cbersicht.pdf?x=1')).toBe('ordner/Programm Übersicht.pdf');
    const status = (url: string) => {
      try {
        relativeSourcePath(url);
        return 200;
      } catch (error) {
        return (error as SourcePathError).status;
      }
    };
    expect(status('/sources/a/../b.pdf')).toBe(400);
    expect(status('/sources/%2E%2E/b.pdf')).toBe(400);
    expect(status('/sources/a%2Fb.pdf')).toBe(400);
    expect(status('/sources/C%3A%5Cwindows')).toBe(400);
    expect(status('/sources/.git/config')).toBe(404);
    expect(status('/sources/')).toBe(400);
  });
});

describe('feedback store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wegweiser-feedback-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends to a monthly JSON lines file and reads newest first, skipping torn lines', async () => {
    await appendFeedback(dir, { ts: '2026-10-31T23:00:00.000Z', user: 'u1', rating: 'up', answerId: 'a1', sources: ['x.pdf, Seite 1'] });
    await appendFeedback(dir, { ts: '2026-11-02T08:00:00.000Z', user: 'u2', rating: 'down', comment: 'k'.repeat(5000), answerId: 'a2', sources: [] });
    await appendFile(path.join(dir, 'feedback', 'feedback-2026-11.jsonl'), '{"ts":"2026-11-03T');
    const all = await readFeedback(dir);
    expect(all.map((e) => e.answerId)).toEqual(['a2', 'a1']);
    expect(all[0]!.comment).toHaveLength(1000);
    expect((await readFeedback(dir, { since: '2026-11-01T00:00:00.000Z' })).map((e) => e.answerId)).toEqual(['a2']);
    expect(await readFile(path.join(dir, 'feedback', 'feedback-2026-10.jsonl'), 'utf8')).toContain('"rating":"up"');
  });

  it('reads nothing when no feedback was given yet', async () => {
    expect(await readFeedback(path.join(dir, 'missing'))).toEqual([]);
    await mkdir(path.join(dir, 'feedback'));
    expect(await readFeedback(dir)).toEqual([]);
  });
});

describe('Direct Line conversations in memory', () => {
  it('forget idle conversations, also without a request (sweeper)', async () => {
    let now = 0;
    const store = new MemoryDirectLineStore(1_000, 10, () => now);
    try {
      const a = await store.create();
      await store.create();
      now = 900;
      expect(await store.authorize(`Bearer ${a.token}`)).toEqual(a);
      now = 1_500;
      // a was used at 900, b never since 0.
      store.sweep();
      expect(store.size).toBe(1);
      now = 2_000;
      expect(await store.authorize(`Bearer ${a.token}`)).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

function chunk(id: string, text: string, locator: Chunk['locator'], heading?: string): Chunk {
  return {
    id,
    label: 0,
    source: 'seite.html',
    title: 'Programm <Nord>',
    format: 'html',
    locator,
    ...(heading ? { heading } : {}),
    text,
    fileHash: 'h',
    fileMtime: '2026-01-01T00:00:00.000Z',
    facts: { contacts: [], dates: [], places: [], amounts: [], offers: [] },
  };
}

describe('source viewer page', () => {
  const section = { kind: 'section' as const, label: 'Ablauf & Kosten' };
  const first = chunk('c1', 'Ablauf & Kosten\n\nDer Kurs dauert zwei Tage. Er beginnt am 3. März in Leipzig.', section, 'Ablauf & Kosten');
  // The chunker repeats the last sentence of the previous chunk at the start of the next one.
  const second = chunk('c2', 'Er beginnt am 3. März in Leipzig.\n\nDie Gebühr beträgt <b>120 Euro</b>.\n\n• Anmeldung <script>alert(1)</script>\n\n• Bis Ende Februar', section, 'Ablauf & Kosten');

  it('shows each sentence once; a cited passage keeps its whole text and the one before gives up the overlap', () => {
    expect(documentSections([first, second]).map((s) => s.passages.map((p) => p.text))).toEqual([
      [first.text, second.text.slice('Er beginnt am 3. März in Leipzig.\n\n'.length)],
    ]);
    expect(documentSections([first, second], new Set(['c2']))[0]!.passages.map((p) => p.text)).toEqual(['Ablauf & Kosten\n\nDer Kurs dauert zwei Tage.', second.text]);
  });

  it('renders the index text escaped, never the document\'s own markup, with the cited passage marked', () => {
    const file = { source: 'seite.html', title: 'Programm <Nord>', format: 'html', hash: 'h', size: 2048, mtime: '2026-01-01T00:00:00.000Z', chunkCount: 2, sectionCount: 1 };
    const html = renderSourcePage({ file, chunks: [first, second], cited: ['c2'] }, '');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>120');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<title>Programm &lt;Nord&gt; – Quelle im Wegweiser</title>');
    expect(html).toContain('<h2 id="abschnitt-1">Ablauf &amp; Kosten</h2>');
    expect(html).toMatch(/<div class="passage cited" id="passage-c2" role="region" aria-label="Zitierte Textstelle"><p class="cited-label">Zitierte Textstelle<\/p>/);
    expect(html).toContain('<ul><li>Anmeldung &lt;script&gt;alert(1)&lt;/script&gt;</li><li>Bis Ende Februar</li></ul>');
    expect(html).toContain('<a href="#passage-c2">Zur zitierten Textstelle springen</a>');
    expect(html).toContain('href="/sources/seite.html" download="seite.html">Original herunterladen</a>');
    // A passage id from an older index version: said plainly, nothing highlighted.
    const stale = renderSourcePage({ file, chunks: [first, second], cited: ['weg'] }, '');
    expect(stale).toContain('steht nicht mehr in der aktuellen Fassung');
    expect(stale).not.toContain('passage cited');
  });
});

describe('Teams app package', () => {
  const settings = { microsoftAppId: '11111111-2222-3333-4444-555555555555', publicBaseUrl: 'https://wegweiser.example.org/' };

  function pngSize(png: Buffer): { width: number; height: number } {
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
  }

  it('zips the manifest with the app id and host filled in, and valid icons of the required sizes', async () => {
    const zip = await JSZip.loadAsync(await buildTeamsPackage(settings));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.id).toBe(settings.microsoftAppId);
    expect(manifest.bots[0].botId).toBe(settings.microsoftAppId);
    expect(manifest.validDomains).toEqual(['wegweiser.example.org']);
    expect(manifest.developer.websiteUrl).toBe('https://wegweiser.example.org/');
    expect(manifest.manifestVersion).toBe(manifest.$schema.match(/v(\d+\.\d+)\//)[1]);
    const color = await zip.file('color.png')!.async('nodebuffer');
    const outline = await zip.file('outline.png')!.async('nodebuffer');
    expect(pngSize(color)).toEqual({ width: 192, height: 192 });
    expect(pngSize(outline)).toEqual({ width: 32, height: 32 });
    // The outline icon is white on transparent, as Teams requires.
    const idat = outline.subarray(outline.indexOf('IDAT') + 4, outline.indexOf('IEND') - 8);
    const pixels = inflateSync(idat);
    const alphaValues = new Set<number>();
    const colours = new Set<string>();
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const i = y * (1 + 32 * 4) + 1 + x * 4;
        alphaValues.add(pixels[i + 3]!);
        if (pixels[i + 3]) colours.add(pixels.subarray(i, i + 3).toString('hex'));
      }
    }
    expect([...alphaValues].sort()).toEqual([0, 255]);
    expect([...colours]).toEqual(['ffffff']);
  });

  it('refuses a non-GUID app id and a non-https address', () => {
    const template = '{"id":"${{MicrosoftAppId}}","d":["${{PUBLIC_HOSTNAME}}"]}';
    expect(() => fillManifest(template, { ...settings, microsoftAppId: 'my-bot' })).toThrow(TeamsPackageError);
    expect(() => fillManifest(template, { ...settings, publicBaseUrl: 'http://intern' })).toThrow(/https/);
    expect(() => fillManifest('{"x":"${{UNKNOWN}}"}', settings)).toThrow(/UNKNOWN/);
    expect(JSON.parse(fillManifest(template, settings))).toEqual({ id: settings.microsoftAppId, d: ['wegweiser.example.org'] });
  });
});
