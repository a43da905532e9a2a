import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFeedback } from '../../bot/feedbackStore.ts';
import { ADMIN_TOKEN, makeWorkspace, removeWorkspace, startBotServer, type BotHarness } from '../admin/adminHarness.ts';
import { ARTIFACTS, axeViolations, launchChromium } from './browserSupport.ts';

describe('admin page in a real browser', () => {
  let root: string;
  let harness: BotHarness;
  let browser: Browser;

  beforeAll(async () => {
    root = await makeWorkspace({ copyCorpus: true });
    // A notes file beside the documents, as in data/docs: neither listed nor indexed.
    await writeFile(path.join(root, 'docs', 'SOURCES.md'), '# Herkunft der Dokumente\n\nNotizen zum Ordner.\n');
    harness = await startBotServer(root);
    await appendFeedback(harness.config.dataDir, {
      ts: '2026-11-20T09:30:00.000Z',
      user: 'f00dcafe12345678',
      rating: 'down',
      comment: 'Telefonnummer fehlte',
      answerId: 'antwort-1',
      sources: ['digitale-kompetenzen-praesentation.pdf, Folie 15'],
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await removeWorkspace(root);
  });

  it('signs in, uploads a document, re-indexes with live progress and shows the report, accessibly', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${harness.baseUrl}/admin`);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await axeViolations(page)).toEqual([]);
    // Signed out: no "Sie sind angemeldet" (the hidden attribute wins over the row's display: flex).
    expect(await page.isVisible('#angemeldet')).toBe(false);
    expect(await page.getByText('Sie sind angemeldet.').isVisible()).toBe(false);

    // Wrong token: a German error, still signed out.
    await page.getByLabel('Admin-Token').fill('falsches-token-1234567890');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Anmeldung abgelehnt: Das Admin-Token ist ungültig.');
    expect(await page.isVisible('#verwaltung')).toBe(false);
    expect(await page.isVisible('#angemeldet')).toBe(false);
    expect(await page.isVisible('#anmelde-formular')).toBe(true);

    // Keyboard only: type the token and submit with Enter.
    await page.getByLabel('Admin-Token').fill(ADMIN_TOKEN);
    await page.getByLabel('Admin-Token').press('Enter');
    await page.waitForSelector('#verwaltung', { state: 'visible' });
    expect(await page.isVisible('#angemeldet')).toBe(true);
    expect(await page.isVisible('#anmelde-formular')).toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('wegweiser-admin-token'))).toBe(ADMIN_TOKEN);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await expect.poll(() => page.locator('#dokumente-tabelle tbody tr').count()).toBe(5);
    expect(await page.locator('#dokumente-tabelle tbody').textContent()).not.toContain('SOURCES.md');
    const feedbackRow = page.locator('#feedback-tabelle tbody tr').first();
    await expect.poll(() => feedbackRow.textContent()).toContain('nicht hilfreich');
    expect(await feedbackRow.textContent()).toContain('Telefonnummer fehlte');

    // A notes file name is refused, in German.
    await page.getByLabel('Datei auswählen').setInputFiles({ name: 'README.md', mimeType: 'text/markdown', buffer: Buffer.from('# Notiz\n') });
    await page.getByRole('button', { name: 'Hochladen' }).click();
    await expect.poll(() => page.locator('#hochladen-meldung').textContent()).toContain('Hochladen fehlgeschlagen: „README.md“ ist eine Notizdatei');

    await page.getByLabel('Datei auswählen').setInputFiles({
      name: 'Lernlabor Süd.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Lernlabor Süd\n\nDas Lernlabor Süd bietet Kurse zur E-Akte an. Ansprechpartnerin: Frau Jana Kiefer, Telefon 0711 123456.\n'),
    });
    await page.getByRole('button', { name: 'Hochladen' }).click();
    await expect.poll(() => page.locator('#hochladen-meldung').textContent()).toContain('Lernlabor Süd.md wurde gespeichert');
    await expect.poll(() => page.locator('#dokumente-tabelle tbody').textContent()).toContain('neu – bitte indexieren');

    await page.getByRole('button', { name: 'Neu indexieren', exact: true }).click();
    const liveRegion = page.locator('#auftrag-status');
    expect(await liveRegion.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => liveRegion.textContent(), { timeout: 60_000 }).toContain('Indexierung abgeschlossen');
    const report = page.locator('#bericht');
    await report.waitFor({ state: 'visible' });
    expect(await report.textContent()).toContain('Neu (6)');
    expect(await report.textContent()).toContain('Lernlabor Süd.md');
    await expect.poll(() => page.locator('#dokumente-tabelle tbody').textContent()).not.toContain('bitte indexieren');
    const row = page.locator('#dokumente-tabelle tbody tr', { hasText: 'Lernlabor Süd.md' });
    expect(Number(await row.locator('td').nth(1).textContent())).toBeGreaterThan(0);

    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin.png'), fullPage: true });
    expect(consoleErrors.filter((text) => !text.includes('401') && !text.includes('400'))).toEqual([]);
    await page.close();
  });

  it('at 390 px: the sign-in is accessible and shows no signed-in state before sign-in', async () => {
    const page = await browser.newPage({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    await page.goto(`${harness.baseUrl}/admin`);
    expect(await page.isVisible('#anmelde-formular')).toBe(true);
    expect(await page.isVisible('#angemeldet')).toBe(false);
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await page.close();
  });
});
