import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, makeBotWorkspace, startBotServer, type BotWorkspace, type RunningServer } from '../bot/botTestSupport.ts';
import { launchChromium } from './browserSupport.ts';

const HOSTILE_TITLE = `<img src=x onerror="document.title='pwned'"> Datenschutzkurs für Verwaltungsbeschäftigte`;
const HOSTILE_PARAGRAPH =
  'Die Anmeldung zum Datenschutzkurs erfolgt über <a href="https://evil.example/login">das Anmeldeportal</a> ' +
  `<img src=x onerror="document.title='pwned'"> oder unter https://evil.example/info bis zum 15. März 2027.`;

describe('document text in the web chat is plain text (real Chromium)', () => {
  let docs: string;
  let workspace: BotWorkspace;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    docs = await mkdtemp(path.join(tmpdir(), 'wegweiser-injection-'));
    await cp(CORPUS_DIR, docs, { recursive: true });
    await writeFile(path.join(docs, 'datenschutzkurs.txt'), `${HOSTILE_TITLE}\n\n${HOSTILE_PARAGRAPH}\n`);
    workspace = await makeBotWorkspace({ DOCS_DIR: docs });
    server = await startBotServer(workspace);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await workspace?.cleanup();
    if (docs) await rm(docs, { recursive: true, force: true });
  });

  it('shows <img> and <a> from a document as text, links no document URL, and keeps the citation link', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    const requestedHosts = new Set<string>();
    page.on('request', (request) => requestedHosts.add(new URL(request.url()).host));
    await page.goto(`${server.baseUrl}/`);
    await expect.poll(() => page.locator('#chat').innerText(), { timeout: 30_000 }).toContain('Willkommen');
    const input = page.getByRole('textbox').last();
    await input.fill('Wie erfolgt die Anmeldung zum Datenschutzkurs?');
    await input.press('Enter');
    await expect.poll(() => page.locator('#chat').innerText(), { timeout: 30_000 }).toContain('das Anmeldeportal</a>');

    const transcript = await page.locator('#chat').innerText();
    // The markup is visible as the characters the document holds, in the answer and the source title.
    expect(transcript).toContain('<a href="https://evil.example/login">das Anmeldeportal</a>');
    expect(transcript).toContain(`<img src=x onerror="document.title='pwned'">`);
    expect(transcript).toContain('https://evil.example/info');
    expect(transcript).toContain('<img src=x onerror="document.title=\'pwned\'"> Datenschutzkurs für Verwaltungsbeschäftigte');
    // Nothing of it became an element: no image, no link to the document's addresses, no script ran.
    // Anywhere on the page: the transcript, the sources panel with its passages, the suggested follow-ups.
    expect(await page.locator('img[src="x"], img[src$="/x"]').count()).toBe(0);
    expect(await page.locator('a[href*="evil.example"]').count()).toBe(0);
    expect(await page.locator('[aria-label*="evil"]').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    expect(requestedHosts.has('evil.example')).toBe(false);
    // The bot's own citation link is still there (a text file opens in the source viewer at the passage).
    const citation = page.locator('#chat a[href*="/view/datenschutzkurs.txt?passage="]');
    await expect.poll(() => citation.count()).toBeGreaterThan(0);

    // The source viewer behind it shows the same markup as text (HTML-escaped there).
    const viewer = await browser.newPage({ locale: 'de-DE' });
    viewer.on('request', (request) => requestedHosts.add(new URL(request.url()).host));
    await viewer.goto(String(await citation.first().getAttribute('href')));
    const shown = await viewer.locator('main').innerText();
    expect(shown).toContain('<a href="https://evil.example/login">das Anmeldeportal</a>');
    expect(await viewer.locator('img[src="x"], img[src$="/x"], a[href*="evil.example"]').count()).toBe(0);
    expect(await viewer.title()).not.toBe('pwned');
    expect(requestedHosts.has('evil.example')).toBe(false);
  });
});
