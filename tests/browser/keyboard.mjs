// Fills in and submits the whole survey with the keyboard only (Tab, arrow
// keys, Space, typing, Enter), then reads the thank-you page. The page is
// only read, never clicked: every action is a key press.
import { base, launch, locale } from './common.mjs';

const round = process.env.TRAPPA_ROUND;
const browser = await launch();
const page = await browser.newPage({ locale });
// The survey page's weight as the browser measures it (Resource Timing):
// bytes over the wire, headers included, for the page and all it loads.
await page.goto(`${base}/s/${round}`);
await page.waitForLoadState('load');
const weight = await page.evaluate(() =>
  [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
    .reduce((sum, e) => sum + e.transferSize, 0));
const resources = await page.evaluate(() => performance.getEntriesByType('resource').length);

const seenGroups = new Set();
let answered = { select: 0, radio: 0, text: 0 };
for (let i = 0; i < 2000; i++) {
  await page.keyboard.press('Tab');
  const el = await page.evaluate(() => {
    const a = document.activeElement;
    if (!a) return null;
    const outline = getComputedStyle(a).outlineStyle;
    const shadow = getComputedStyle(a).boxShadow;
    return {
      tag: a.tagName.toLowerCase(),
      type: a.type || '',
      name: a.name || '',
      text: (a.textContent || '').trim(),
      focusVisible: outline !== 'none' || (shadow && shadow !== 'none'),
    };
  });
  if (!el) continue;
  if (['input', 'select', 'textarea', 'button'].includes(el.tag) && !el.focusVisible) {
    throw new Error(`focus is not visible on ${el.tag} ${el.name}`);
  }
  if (el.tag === 'select' && !seenGroups.has(el.name)) {
    seenGroups.add(el.name);
    await page.keyboard.press('ArrowDown');
    answered.select++;
  } else if (el.type === 'radio' && !seenGroups.has(el.name)) {
    seenGroups.add(el.name);
    // Arrow keys move within the group and check the radio they land on.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Space');
    answered.radio++;
  } else if (el.tag === 'textarea' && !seenGroups.has(el.name)) {
    seenGroups.add(el.name);
    await page.keyboard.type('Skrevet med tastaturet.');
    answered.text++;
  } else if (el.tag === 'button' && el.type === 'submit' && /send/i.test(el.text)) {
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    break;
  }
}
const heading = await page.textContent('h1');
const url = page.url();
await browser.close();
console.log(JSON.stringify({ url, heading, answered, weight, resources }));
if (!new URL(url).pathname.endsWith('/takk')) {
  console.error(`the keyboard did not reach the thank-you page: ${url} (${heading})`);
  process.exit(1);
}
