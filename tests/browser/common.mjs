// Shared by the browser checks: launch Debian's Chromium (Playwright's own
// browser download is not used) and sign in.
import { chromium } from 'playwright-core';

export const base = process.env.TRAPPA_URL;
// A browser set up for Norway: pages come in bokmål unless a test asks
// for another language with ?lang=.
export const locale = 'nb-NO';
if (!base) throw new Error('TRAPPA_URL is not set');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.TRAPPA_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
}

export async function signIn(page, name, password) {
  await page.goto(`${base}/login`);
  await page.fill('#name', name);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}
