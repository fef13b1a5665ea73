// Answers the stepped survey on a phone-sized screen (390 × 844) with the
// keyboard only (Tab, arrow keys, Space, typing, Enter): every screen in
// turn, once going back a screen to see the answers kept, up to the
// thank-you page. The page is only read, never clicked.
//
// For each screen it reports what a reader meets: the words shown (text a
// sighted person reads; text for screen readers only is not counted), apart
// from the words of the answer options (radio labels and the unit list's
// options, counted on their own: choosing among them is what the seconds
// per answer stand for), the answers asked for, the bytes over the wire
// (Resource Timing) and the page's height. With TRAPPA_SHOTS set, it saves
// a screenshot of each screen there.
import { base, launch, locale } from './common.mjs';

const round = process.env.TRAPPA_ROUND;
const shots = process.env.TRAPPA_SHOTS;
const browser = await launch();
const context = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
const page = await context.newPage();
await page.goto(`${base}/s/${round}`);

async function measure() {
  await page.waitForLoadState('load');
  return page.evaluate(() => {
    const hiddenForEyes = (el) => el.closest('.vh') !== null;
    let words = 0;
    let optionWords = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || hiddenForEyes(el)) continue;
      const inOption = el.closest('option, label.opt') !== null;
      if (!el.closest('option') && el.getClientRects().length === 0) continue;
      const count = n.textContent.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
      if (inOption) optionWords += count;
      else words += count;
    }
    const groups = new Set();
    for (const el of document.querySelectorAll('main form [name]')) {
      if (!el.name.startsWith('_') && el.type !== 'hidden') groups.add(el.name);
    }
    const weight = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .reduce((sum, e) => sum + e.transferSize, 0);
    return {
      title: document.title,
      progress: document.querySelector('#progress span')?.textContent ?? '',
      words,
      optionWords,
      answers: [...groups].filter((g) => !/\.note$|^kommentar$/.test(g)).length,
      texts: [...groups].filter((g) => /\.note$|^kommentar$/.test(g)).length,
      weight,
      height: document.documentElement.scrollHeight,
      sideways: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
}

/// The checked radios and chosen options of the screen shown.
async function chosen() {
  return page.evaluate(() => [
    ...[...document.querySelectorAll('input[type=radio]:checked')].map((r) => `${r.name}=${r.value}`),
    ...[...document.querySelectorAll('select')].map((s) => `${s.name}=${s.value}`),
  ]);
}

/// Tabs through the screen once, answering every question not answered
/// yet; stops on the first submit button whose text matches `button`.
async function answerScreen(button) {
  const seen = new Set();
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a) return null;
      const style = getComputedStyle(a);
      return {
        tag: a.tagName.toLowerCase(),
        type: a.type || '',
        name: a.name || '',
        value: a.value || '',
        checked: Boolean(a.checked),
        text: (a.textContent || '').trim(),
        focusVisible: style.outlineStyle !== 'none' || (style.boxShadow && style.boxShadow !== 'none'),
      };
    });
    if (!el) continue;
    if (['input', 'select', 'textarea', 'button'].includes(el.tag) && !el.focusVisible) {
      throw new Error(`focus is not visible on ${el.tag} ${el.name}`);
    }
    if (el.tag === 'select' && !seen.has(el.name)) {
      seen.add(el.name);
      if (!el.value) await page.keyboard.press('ArrowDown');
    } else if (el.type === 'radio' && !seen.has(el.name)) {
      seen.add(el.name);
      // Tab lands on the checked radio of a group, if any: keep it.
      if (!el.checked) {
        // Arrow keys move within the group and check the radio they land on.
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowLeft');
        await page.keyboard.press('Space');
      }
    } else if (el.tag === 'summary' && !seen.has('summary' + i)) {
      // A note's details: opened, so its text box can be reached.
      seen.add('summary' + i);
    } else if (el.tag === 'textarea' && !seen.has(el.name) && el.name === 'kommentar') {
      seen.add(el.name);
      await page.keyboard.type('Skrevet med tastaturet.');
    } else if (el.tag === 'button' && button.test(el.text)) {
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      return;
    }
  }
  throw new Error(`no button ${button} on ${page.url()}`);
}

const screens = [];
let wentBack = null;
let browserBack = null;
for (let n = 0; n < 20; n++) {
  const url = new URL(page.url());
  if (url.pathname.endsWith('/takk')) break;
  const m = await measure();
  if (shots) await page.screenshot({ path: `${shots}/screen-${n + 1}.png`, fullPage: true });
  screens.push(m);
  await answerScreen(/^(Neste|Send svaret)$/);
  // On the fourth screen, once: back to the third, whose answers must
  // still be there, and on again.
  if (wentBack === null && screens.length === 3) {
    const before = await page.evaluate(() => location.href);
    const third = screens.length;
    await answerScreen(/^Tilbake$/);
    const kept = await chosen();
    wentBack = { from: before, kept: kept.length, progress: await page.textContent('#progress span') };
    if (kept.length === 0) throw new Error(`going back to screen ${third} lost its answers`);
    await answerScreen(/^Neste$/);
  }
  // On the fifth screen, once: the browser's own back button, as a thumb
  // on a phone presses it. Each screen has an address of its own, so it
  // lands on the fourth with its answers, with no form sent again.
  if (browserBack === null && screens.length === 4) {
    let dialog = null;
    page.once('dialog', (d) => { dialog = d.message(); d.dismiss(); });
    await page.goBack({ waitUntil: 'load' });
    const kept = await chosen();
    browserBack = { url: page.url(), kept: kept.length, progress: await page.textContent('#progress span'), dialog };
    if (kept.length === 0) throw new Error('the back button lost the answers of screen 4');
    await answerScreen(/^Neste$/);
  }
}
const heading = await page.textContent('h1');
const url = page.url();
await browser.close();
console.log(JSON.stringify({ url, heading, screens, wentBack, browserBack }));
if (!new URL(url).pathname.endsWith('/takk')) {
  console.error(`the keyboard did not reach the thank-you page: ${url} (${heading})`);
  process.exit(1);
}
