import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import { readFeedback } from '../../bot/feedbackStore.ts';
import { createServer, type WegweiserServer } from '../../bot/server.ts';
import { CONTACT_EMAIL, CONTACT_QUESTION, makeBotWorkspace, startBotServer, type BotWorkspace, type RunningServer } from '../bot/botTestSupport.ts';
import { axeViolations, launchChromium, screenshot } from './browserSupport.ts';
import { FORMAT_CASES, makeFormatsDocs } from './formatsCorpus.ts';

const WIDTHS = [1280, 390] as const;
const HEIGHT = { 1280: 900, 390: 844 } as const;

async function ask(page: Page, question: string): Promise<void> {
  const input = page.getByRole('textbox').last();
  await input.fill(question);
  await input.press('Enter');
}

/** The last answer the bot gave (an activity with Wegweiser's feedback control). */
function lastAnswer(page: Page): Locator {
  return page.locator('.webchat__basic-transcript__activity').filter({ has: page.locator('.ww-feedback') }).last();
}

/** Asks and waits until the answer holding `expected` is shown; returns it. */
async function askAndWait(page: Page, question: string, expected: string): Promise<Locator> {
  const before = await page.locator('.ww-feedback').count();
  await ask(page, question);
  await expect.poll(() => page.locator('.ww-feedback').count(), { timeout: 30_000 }).toBeGreaterThan(before);
  const answer = lastAnswer(page);
  await expect.poll(() => answer.innerText(), { timeout: 10_000 }).toContain(expected);
  return answer;
}

async function openChat(context: BrowserContext, baseUrl: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await expect.poll(() => page.locator('#chat').innerText(), { timeout: 30_000 }).toContain('Willkommen');
  return page;
}

/** Where the element stands in the visible part of `container` (the transcript's scroll area). */
async function placement(element: Locator, container: Locator): Promise<string> {
  const [box, frame] = await Promise.all([element.boundingBox(), container.boundingBox()]);
  if (!box || !frame) return 'not rendered';
  if (box.y < frame.y - 1) return `cut off at the top (${Math.round(box.y)} < ${Math.round(frame.y)})`;
  if (box.y + box.height > frame.y + frame.height + 1) return `cut off at the bottom (${Math.round(box.y + box.height)} > ${Math.round(frame.y + frame.height)})`;
  return 'inside';
}

describe('web chat in a real browser', () => {
  let root: string;
  let workspace: BotWorkspace;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wegweiser-webchat-'));
    await makeFormatsDocs(path.join(root, 'docs'));
    workspace = await makeBotWorkspace({ DOCS_DIR: path.join(root, 'docs'), RATE_LIMIT_PER_MINUTE: '1000' });
    server = await startBotServer(workspace);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await workspace?.cleanup();
    if (root) await rm(root, { recursive: true, force: true });
  });

  describe.each(WIDTHS)('at %i px', (width) => {
    let context: BrowserContext;
    const consoleErrors: string[] = [];

    beforeAll(async () => {
      context = await browser.newContext({ locale: 'de-DE', viewport: { width, height: HEIGHT[width] } });
      context.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
    });

    afterAll(async () => {
      await context?.close();
    });

    it('every citation (PDF, PPTX, DOCX, HTML, MD, TXT) lands on its passage, highlighted, and the passage expands under the answer', async () => {
      const page = await openChat(context, server.baseUrl);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      for (const { format, question, source, passage } of FORMAT_CASES) {
        const answer = await askAndWait(page, question, passage);
        const link = answer.locator('.ww-source__link').first();
        const href = (await link.getAttribute('href')) ?? '';

        // The passage, short, expands under the answer.
        const details = answer.locator('.ww-source__passage').first();
        expect(await details.locator('blockquote').isVisible()).toBe(false);
        await details.locator('summary').click();
        await expect.poll(() => details.locator('blockquote').isVisible()).toBe(true);
        expect(await details.locator('blockquote').innerText(), format).toContain(passage);

        let viewerLink = link;
        if (format === 'PDF') {
          // PDFs open at the cited page in the browser's PDF viewer (headless Chromium downloads
          // instead, so the link and the served file are checked); the highlighted text is one click on.
          expect(href).toMatch(/\/sources\/digitale-kompetenzen-praesentation\.pdf#page=15$/);
          const pdf = await fetch(href.replace(/#.*$/, ''), { method: 'HEAD' });
          expect(pdf.headers.get('content-type')).toBe('application/pdf');
          viewerLink = details.getByRole('link', { name: /Textstelle im Dokument hervorgehoben ansehen/ });
          await answer.scrollIntoViewIfNeeded();
          await screenshot(page, `webchat-source-${width}`);
        } else {
          expect(href, format).toContain(`/view/${encodeURIComponent(source)}?passage=`);
        }

        const [viewer] = await Promise.all([context.waitForEvent('page'), viewerLink.click()]);
        await viewer.waitForLoadState();
        expect(decodeURIComponent(new URL(viewer.url()).pathname)).toBe(`/view/${source}`);
        const cited = viewer.locator('.passage.cited');
        await expect.poll(() => cited.count(), { timeout: 10_000 }).toBeGreaterThan(0);
        expect(await cited.first().innerText(), format).toContain(passage);
        expect(await cited.first().innerText()).toContain('Zitierte Textstelle');
        // Landed on it: the browser scrolled to the anchor, and the passage is in view.
        expect(await viewer.evaluate(() => document.querySelector(':target')?.classList.contains('cited'))).toBe(true);
        const box = await cited.first().boundingBox();
        expect(box && box.y >= 0 && box.y < HEIGHT[width]).toBe(true);
        if (format === 'HTML') {
          await screenshot(viewer, `viewer-${width}`);
          const violations = await axeViolations(viewer);
          expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
        }
        expect(await viewer.getByRole('link', { name: 'Original herunterladen' }).getAttribute('href')).toBe(`/sources/${encodeURIComponent(source)}`);
        await viewer.close();
      }
      const violations = await axeViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
      await page.close();
    });

    it('a typical answer is visible whole, with its sources and the light feedback control, without scrolling', async () => {
      const page = await openChat(context, server.baseUrl);
      const answer = await askAndWait(page, CONTACT_QUESTION, 'Marvin Baldauf');
      const transcript = page.locator('.webchat__basic-transcript__scrollable');
      // Once the follow-up suggestions are shown (they take room below the transcript).
      await expect.poll(() => page.locator('.webchat__suggested-action').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      // The feedback control sits at the very end of the scroll area; Web Chat's stick-to-bottom may
      // leave its last pixels below the edge, so it counts as in view when its buttons' middle is.
      const feedbackInView = async () => {
        const [thumb, frame] = await Promise.all([answer.locator('.ww-thumb').first().boundingBox(), transcript.boundingBox()]);
        return thumb && frame && thumb.y + thumb.height / 2 < frame.y + frame.height ? 'in view' : 'below the edge';
      };
      // Web Chat scrolls to new content smoothly: wait until it has come to rest.
      await expect
        .poll(
          async () => [
            await placement(answer.locator('.webchat__stacked-layout__message'), transcript),
            await placement(answer.locator('.ww-sources'), transcript),
            await feedbackInView(),
          ],
          { timeout: 10_000 },
        )
        .toEqual(['inside', 'inside', 'in view']);
      await screenshot(page, `webchat-answer-${width}`);
      // The feedback control stays small: two round icon buttons, no comment field yet.
      const thumbs = answer.locator('.ww-thumb');
      expect(await thumbs.count()).toBe(2);
      for (const thumb of await thumbs.all()) {
        const size = await thumb.boundingBox();
        expect(size!.height).toBeLessThanOrEqual(40);
        expect(await thumb.locator('svg').count()).toBe(1);
      }
      expect(await answer.locator('textarea').count()).toBe(0);
      await page.close();
    });

    it('feedback: thumbs with accessible names; the comment field only after thumbs down; both are stored', async () => {
      const page = await openChat(context, server.baseUrl);
      const before = (await readFeedback(workspace.config.dataDir)).length;
      const first = await askAndWait(page, 'Wann ist die erste #digitaljourney gestartet?', '28. November 2022');
      await first.getByRole('button', { name: 'Hilfreich', exact: true }).click();
      await expect.poll(() => first.locator('.ww-feedback__status').innerText()).toBe('Danke für Ihre Rückmeldung!');
      expect(await first.getByRole('button', { name: 'Hilfreich', exact: true }).getAttribute('aria-pressed')).toBe('true');
      expect(await first.locator('textarea').count()).toBe(0);

      const second = await askAndWait(page, 'Was kostet das Lernlabor Süd?', '120 Euro');
      await second.getByRole('button', { name: 'Nicht hilfreich' }).click();
      const comment = second.getByLabel(/Was hat gefehlt\?/);
      await expect.poll(() => comment.isVisible()).toBe(true);
      expect(await comment.evaluate((el) => el === document.activeElement)).toBe(true);
      const violations = await axeViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
      await comment.fill('Gilt der Preis auch für Kommunen?');
      await second.getByRole('button', { name: 'Rückmeldung senden' }).click();
      await expect.poll(() => second.locator('.ww-feedback__status').innerText()).toBe('Danke für Ihre Rückmeldung!');
      expect(await second.locator('textarea').count()).toBe(0);

      await expect.poll(async () => (await readFeedback(workspace.config.dataDir)).length).toBe(before + 2);
      const [down, up] = await readFeedback(workspace.config.dataDir);
      expect(down).toMatchObject({ rating: 'down', comment: 'Gilt der Preis auch für Kommunen?', channel: 'directline', sources: ['lernlabor-sued.md, Kosten'] });
      expect(up).toMatchObject({ rating: 'up', channel: 'directline' });
      expect(up?.comment).toBeUndefined();
      expect(JSON.stringify([down, up])).not.toContain('Lernlabor Süd?');
      await page.close();
    });

    it('suggested follow-ups appear after an answer and, when clicked, are answered', async () => {
      const page = await openChat(context, server.baseUrl);
      await askAndWait(page, 'Wann ist die erste #digitaljourney gestartet?', '28. November 2022');
      const suggestions = page.locator('.webchat__suggested-action');
      await expect.poll(() => suggestions.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      const texts = await suggestions.allInnerTexts();
      expect(texts.every((t) => t.includes('#digitaljourney'))).toBe(true);
      const chosen = texts[0]!.trim();
      const answers = await page.locator('.ww-feedback').count();
      await suggestions.first().click();
      await expect.poll(() => page.locator('.ww-feedback').count(), { timeout: 30_000 }).toBeGreaterThan(answers);
      expect(await page.locator('#chat').innerText()).toContain(chosen);
      const answer = lastAnswer(page);
      expect(await answer.innerText()).not.toMatch(/keine Angabe/);
      expect(await answer.locator('.ww-source__link').count()).toBeGreaterThan(0);
      await page.close();
    });

    it('"Neues Gespräch" starts a fresh conversation that remembers nothing of the last one', async () => {
      const page = await openChat(context, server.baseUrl);
      await askAndWait(page, CONTACT_QUESTION, 'Marvin Baldauf');
      await page.getByRole('button', { name: 'Neues Gespräch' }).click();
      await expect.poll(() => page.locator('#status').innerText(), { timeout: 15_000 }).toContain('Neues Gespräch begonnen');
      await expect.poll(() => page.locator('#chat').innerText(), { timeout: 30_000 }).toContain('Willkommen');
      expect(await page.locator('#chat').innerText()).not.toContain('Marvin Baldauf');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toMatch(/INPUT|TEXTAREA/);
      // The follow-up has nothing to refer to any more.
      await ask(page, 'Und wie ist die E-Mail-Adresse?');
      await expect.poll(() => page.locator('.ww-feedback').count(), { timeout: 30_000 }).toBe(1);
      expect(await lastAnswer(page).innerText()).not.toContain(CONTACT_EMAIL);
      await page.close();
    });

    it('speaks German around Web Chat: de-DE time stamps, German answers; an English question gets English labels', async () => {
      const page = await openChat(context, server.baseUrl);
      const german = await askAndWait(page, CONTACT_QUESTION, 'Marvin Baldauf');
      const transcript = await page.locator('#chat').innerText();
      expect(transcript).toMatch(/Gesendet um \d{1,2}\. \p{L}+ um \d{2}:\d{2}/u);
      expect(transcript).not.toMatch(/\d{1,2}:\d{2}\s?(AM|PM)/);
      expect(await german.locator('.ww-sources__title').innerText()).toBe('Quellen');
      const english = await askAndWait(page, 'When did the first #digitaljourney start?', '2022');
      expect(await english.locator('.ww-answer-parts').getAttribute('lang')).toBe('en');
      expect(await english.locator('.ww-sources__title').innerText()).toBe('Sources');
      expect(await english.locator('summary').first().innerText()).toBe('Show passage');
      expect(await english.getByRole('button', { name: 'Helpful', exact: true }).count()).toBe(1);
      expect(await english.innerText()).not.toMatch(/Quellen|Textstelle/);
      await page.close();
    });

    it('logged no console errors', () => {
      expect(consoleErrors).toEqual([]);
    });
  });

  it('the skip link moves focus to the chat', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    await page.goto(`${server.baseUrl}/`);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Direkt zum Chat' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat');
    await page.close();
  });

  it('the embed snippet adds a chat button that opens and closes the chat panel', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    // An intranet page on the same server origin stands in for the host page.
    await page.route('**/intranet-test-page', (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="de"><head><title>Intranet</title></head><body><main><h1>Intranet</h1></main><script src="${server.baseUrl}/embed.js" async></script></body></html>`,
      }),
    );
    await page.goto(`${server.baseUrl}/intranet-test-page`);
    const button = page.getByRole('button', { name: 'Wegweiser fragen' });
    const panel = page.locator('#wegweiser-panel');
    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    const frame = page.frameLocator('iframe[title="Wegweiser-Chat"]');
    await expect.poll(() => frame.locator('#chat').innerText(), { timeout: 30_000 }).toContain('Willkommen');
    // The injected button and panel are accessible on the host page.
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await panel.isVisible()).toBe(false);
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    await button.click();
    expect(await panel.isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Chat schließen' }).click();
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await panel.isVisible()).toBe(false);

    // The embedded variant of the page itself: the chat and "Neues Gespräch", no page header.
    const inner = await browser.newPage({ locale: 'de-DE' });
    await inner.goto(`${server.baseUrl}/?embed=1`);
    await expect.poll(() => inner.locator('#chat').innerText(), { timeout: 30_000 }).toContain('Willkommen');
    expect(await inner.isVisible('.site-header h1')).toBe(false);
    expect(await inner.getByRole('button', { name: 'Neues Gespräch' }).isVisible()).toBe(true);
    expect(await axeViolations(inner)).toEqual([]);
    await page.close();
    await inner.close();
  });
});

describe('web chat when the server goes away', () => {
  let workspace: BotWorkspace;
  let browser: Browser;
  let running: WegweiserServer | undefined;
  let port = 0;

  async function startOnPort(): Promise<void> {
    running = await createServer(workspace.config, { assistant: workspace.assistant, logger: createLogger({ level: 'silent' }) });
    const server = running.server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }

  async function stop(): Promise<void> {
    const current = running;
    running = undefined;
    if (!current) return;
    const closed = current.close();
    // Keep-alive connections of the browser would hold the server open.
    current.server.server.closeAllConnections();
    await closed;
  }

  beforeAll(async () => {
    workspace = await makeBotWorkspace();
    await startOnPort();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stop();
    await workspace?.cleanup();
  });

  it.each(WIDTHS)('at %i px: shows a polite error within 5 s, and "Erneut versuchen" sends the question once the server is back', async (width) => {
    const page = await browser.newPage({ locale: 'de-DE', viewport: { width, height: HEIGHT[width] } });
    await page.goto(`http://127.0.0.1:${port}/`);
    await expect.poll(() => page.locator('#chat').innerText(), { timeout: 30_000 }).toContain('Willkommen');
    const connection = page.locator('#connection');
    expect(await connection.getAttribute('class')).not.toContain('error');

    await stop();
    const stoppedAt = Date.now();
    await expect.poll(async () => (await connection.getAttribute('class')) ?? '', { timeout: 5_000, interval: 100 }).toContain('error');
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    const status = page.locator('#status');
    expect(await status.getAttribute('role')).toBe('status');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(await status.innerText()).toMatch(/nicht erreichbar/);
    const retry = page.getByRole('button', { name: 'Erneut versuchen' });
    expect(await retry.isVisible()).toBe(true);

    // A question asked meanwhile cannot be sent; the error stays and says so.
    await ask(page, CONTACT_QUESTION);
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toMatch(/nicht erreichbar|nicht gesendet/);
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await screenshot(page, `webchat-offline-${width}`);

    // Retrying while the server is still down says so.
    await retry.click();
    await expect.poll(() => status.innerText(), { timeout: 5_000 }).toContain('weiterhin nicht erreichbar');

    // The server is back (a restart: it has forgotten the conversation); the retry starts a new one and asks again.
    await startOnPort();
    await retry.click();
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toContain('Die Verbindung steht wieder');
    expect(await connection.getAttribute('class')).not.toContain('error');
    await expect.poll(() => page.locator('#chat').innerText(), { timeout: 30_000 }).toContain('Marvin Baldauf');
    await page.close();
  });
});
