import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeedback } from '../../bot/feedbackStore.ts';
import { CONTACT_EMAIL, CONTACT_QUESTION, makeBotWorkspace, startBotServer, type BotWorkspace, type RunningServer } from '../bot/botTestSupport.ts';

const ARTIFACTS = path.resolve('test-artifacts');

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[]; html: string }>;
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Injected through the DevTools protocol; the page's CSP rightly forbids inline scripts.
  await page.evaluate(await readFile(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: (n as unknown as { html: string }).html })) }));
  });
}

async function ask(page: Page, question: string): Promise<void> {
  const input = page.getByRole('textbox').last();
  await input.fill(question);
  await input.press('Enter');
}

describe('web chat in a real browser', () => {
  let workspace: BotWorkspace;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    workspace = await makeBotWorkspace();
    server = await startBotServer(workspace);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await workspace?.cleanup();
  });

  it('answers a question and a follow-up with citation links to the source page, accessibly', async () => {
    const page = await browser.newPage({ locale: 'de-DE', viewport: { width: 1100, height: 900 } });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) consoleErrors.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${server.baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('de');

    // The welcome arrives over the built-in Direct Line endpoint.
    await expect.poll(() => page.locator('#chat').innerText(), { timeout: 30_000 }).toContain('Willkommen');

    await ask(page, CONTACT_QUESTION);
    await expect.poll(() => page.locator('#chat').innerText(), { timeout: 30_000 }).toContain('Marvin Baldauf');
    const citation = page.locator('#chat a[href*="/sources/digitale-kompetenzen-praesentation.pdf#page="]').first();
    await expect.poll(() => citation.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await citation.getAttribute('href')).toMatch(/\/sources\/digitale-kompetenzen-praesentation\.pdf#page=\d+$/);

    const emailCount = async () => (await page.locator('#chat').innerText()).split(CONTACT_EMAIL).length - 1;
    const before = await emailCount();
    await ask(page, 'Und wie ist die E-Mail-Adresse?');
    // The follow-up's answer names the address again (once more than before, at least).
    await expect.poll(emailCount, { timeout: 30_000 }).toBeGreaterThan(before);
    await expect.poll(() => page.locator('#chat').innerText()).toContain('Und wie ist die E-Mail-Adresse?');

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat.png'), fullPage: true });

    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('starts with example questions as buttons and files feedback from the card, without the question', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    await page.goto(`${server.baseUrl}/`);
    const example = page.getByRole('button', { name: 'Wann ist die erste #digitaljourney gestartet?' }).first();
    await example.click();
    await expect.poll(() => page.locator('#chat').innerText(), { timeout: 30_000 }).toContain('2022');
    await page.getByPlaceholder('Kommentar zur Antwort (optional)').last().fill('Ort fehlte');
    await page.getByRole('button', { name: /Nicht hilfreich/ }).last().click();
    await expect.poll(() => page.locator('#chat').innerText(), { timeout: 30_000 }).toContain('Danke für Ihre Rückmeldung');
    const [entry] = await readFeedback(workspace.config.dataDir);
    expect(entry).toMatchObject({ rating: 'down', comment: 'Ort fehlte', channel: 'directline' });
    expect(entry?.sources.some((s) => s.startsWith('digitaljourney.html'))).toBe(true);
    expect(JSON.stringify(entry)).not.toContain('gestartet');
  });

  it('the skip link moves focus to the chat', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    await page.goto(`${server.baseUrl}/`);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Direkt zum Chat' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat');
  });

  it('the embed snippet adds a chat button that opens the chat in a panel', async () => {
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
    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    const frame = page.frameLocator('iframe[title="Wegweiser-Chat"]');
    await expect.poll(() => frame.locator('#chat').innerText(), { timeout: 30_000 }).toContain('Willkommen');
    // The injected button and panel are accessible on the host page.
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    await button.click();
    await page.getByRole('button', { name: 'Chat schließen' }).click();
    expect(await button.getAttribute('aria-expanded')).toBe('false');

    // The embedded variant of the page itself.
    const inner = await browser.newPage({ locale: 'de-DE' });
    await inner.goto(`${server.baseUrl}/?embed=1`);
    await expect.poll(() => inner.locator('#chat').innerText(), { timeout: 30_000 }).toContain('Willkommen');
    expect(await inner.isVisible('.site-header')).toBe(false);
    expect(await axeViolations(inner)).toEqual([]);
  });
});
