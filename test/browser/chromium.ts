import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless, without background traffic (the tests reach only 127.0.0.1). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
