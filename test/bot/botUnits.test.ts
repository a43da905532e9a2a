import { appendFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Citation } from '../../core/types.ts';
import { current, emptyMemory, findExchange, historyOf, MAX_REMEMBERED_CHARS, MEMORY_IDLE_MS, remember } from '../../bot/conversationMemory.ts';
import { ExpiringMemoryStorage } from '../../bot/stateStorage.ts';
import { DirectLineConversations } from '../../bot/directline/directLineConversations.ts';
import { appendFeedback, readFeedback } from '../../bot/feedbackStore.ts';
import { MemoryRateLimiter } from '../../bot/state/memoryRateLimiter.ts';
import { contactRecordLinks } from '../../bot/render/contactLinks.ts';
import { renderAnswer } from '../../bot/render/renderAnswer.ts';
import { pageNumber, sourceUrl } from '../../bot/render/sourceLinks.ts';
import { teamsAiEntity } from '../../bot/render/teamsCitations.ts';
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

  it('links PDFs at the cited page and encodes path segments; other formats open at the start', () => {
    expect(sourceUrl('https://bot.example/', citation())).toBe('https://bot.example/sources/ordner/Programm%20%C3%9Cbersicht.pdf#page=7');
    expect(sourceUrl('https://bot.example', citation({ source: 'a.docx', locator: 'Seite 2' }))).toBe('https://bot.example/sources/a.docx');
    expect(sourceUrl('https://bot.example', citation({ source: 'b.pdf', locator: 'Einleitung' }))).toBe('https://bot.example/sources/b.pdf');
    expect([pageNumber('Folie 15'), pageNumber('Seite 3'), pageNumber('Abschnitt 2')]).toEqual([15, 3, undefined]);
  });

  it('Teams citations cover exactly the markers used in the text, with clipped abstracts', () => {
    const entity = teamsAiEntity('Antwort [2] und [1].', [citation({ marker: 1, snippet: 'a '.repeat(200) }), citation({ marker: 2 }), citation({ marker: 3 })], 'https://bot.example');
    expect(entity.citation.map((c) => c.position)).toEqual([1, 2]);
    expect(entity.citation[0]!.appearance.abstract.length).toBeLessThanOrEqual(160);
    expect(entity.citation[1]!.appearance.keywords).toEqual(['Seite 7']);
  });

  it('web rendering lists only cited sources and escapes Markdown in titles', () => {
    const activity = renderAnswer(
      { answered: true, answer: 'Siehe [1].', citations: [citation({ title: 'Plan [Entwurf]' }), citation({ marker: 2, source: 'x.pdf' })], language: 'de', kind: 'general', engine: 'test' },
      { channelId: 'webchat', publicBaseUrl: 'https://bot.example', answerId: 'a1' },
    );
    expect(activity.text).toContain('[Plan &#91;Entwurf&#93;, Seite 7](https://bot.example/sources/ordner/Programm%20%C3%9Cbersicht.pdf#page=7)');
    expect(activity.text).not.toContain('x.pdf');
    expect(activity.entities).toBeUndefined();
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

describe('Direct Line conversations', () => {
  it('authorise by token, page by watermark and forget idle conversations', () => {
    let now = 0;
    const store = new DirectLineConversations(1_000, 10, () => now);
    try {
      const a = store.create();
      const b = store.create();
      expect(store.authorize(`Bearer ${a.token}`, a.id)).toBe(a);
      expect(store.authorize(`Bearer ${a.token}`, b.id)).toBeUndefined();
      expect(store.authorize('Bearer nope')).toBeUndefined();
      store.append(a, { type: 'message', text: 'eins' });
      store.append(a, { type: 'message', text: 'zwei' });
      expect(store.since(a, 0).activities.map((x) => x.text)).toEqual(['eins', 'zwei']);
      expect(store.since(a, 1)).toMatchObject({ watermark: 2, activities: [{ text: 'zwei' }] });
      now = 900;
      expect(store.authorize(`Bearer ${a.token}`)).toBe(a);
      now = 1_500;
      // a was used at 900, b never since 0.
      store.sweep();
      expect(store.size).toBe(1);
      now = 2_000;
      expect(store.authorize(`Bearer ${a.token}`)).toBeUndefined();
    } finally {
      store.close();
    }
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
