// Runs axe over every kind of page and fails on any WCAG 2.1 A/AA
// violation. Prints one JSON line per page and a summary line.
import { AxeBuilder } from '@axe-core/playwright';
import { base, launch, locale, signIn } from './common.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const round = process.env.TRAPPA_ROUND;
const closed = process.env.TRAPPA_CLOSED_ROUND;
const codeRound = process.env.TRAPPA_CODE_ROUND;
const unit = process.env.TRAPPA_UNIT;

const browser = await launch();
const context = await browser.newContext({ locale });
let page = await context.newPage();
let failures = 0;
let rules = 0;

async function check(name, url, prepare) {
  if (url) await page.goto(url);
  if (prepare) await prepare();
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  rules = Math.max(rules, result.passes.length + result.violations.length + result.incomplete.length + result.inapplicable.length);
  const violations = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
  failures += violations.length;
  console.log(JSON.stringify({ page: name, title: await page.title(), passes: result.passes.length, violations }));
}

// What axe leaves alone: a button drawn as a link must be readable on the
// page's white (axe gave white on white as 'incomplete', not a violation),
// and a radio button or checkbox sits on its label's line, not above it.
async function checkLayout(name) {
  const problems = await page.evaluate(() => {
    const found = [];
    const luminance = (rgb) => {
      const [r, g, b] = rgb.match(/\d+/g).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const b of document.querySelectorAll('main button.link')) {
      const contrast = 1.05 / (luminance(getComputedStyle(b).color) + 0.05);
      if (contrast < 4.5) found.push(`button "${b.textContent.trim()}" has contrast ${contrast.toFixed(2)} on white`);
    }
    for (const input of document.querySelectorAll('main input[type=radio], main input[type=checkbox]')) {
      const label = document.querySelector(`label[for="${input.id}"]`);
      if (!label || label.contains(input)) continue;
      const a = input.getBoundingClientRect();
      const l = label.getBoundingClientRect();
      if (l.top >= a.bottom || l.bottom <= a.top) found.push(`${input.id} is not on its label's line`);
    }
    return found;
  });
  failures += problems.length;
  console.log(JSON.stringify({ layout: name, problems }));
}

await check('start', `${base}/`);
await check('form', `${base}/s/${round}`);
await check('form with errors', null, async () => {
  await Promise.all([page.waitForNavigation(), page.click('form[method=post] button[type=submit]')]);
});
// The stepped form's screens: the stair (with the gentle question a goal
// below today's step gets) and the statements.
const next = () => Promise.all([page.waitForNavigation(), page.click('button[name=_go][value=next]')]);
// The screens are answers to posts (no address shows a form in
// progress), so their reflow is measured where they are.
const reflowed = [];
async function reflowHere(name) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize(size);
  reflowed.push({ reflow: name, scrollWidth: width, ok: width <= 320 });
}
await check('form, stair screen', null, async () => {
  await page.goto(`${base}/s/${round}`);
  await page.check('input[name=role][value=ansatt]');
  await page.selectOption('#unit', unit);
  await next();
  await reflowHere('form, stair screen');
});
await check('form, gentle question', null, async () => {
  await page.check('fieldset.relation >> nth=0 >> input[name$=".now"][value="3"]');
  await page.check('fieldset.relation >> nth=0 >> input[name$=".goal"][value="1"]');
  await next();
});
await check('form, statements screen', null, async () => {
  for (let i = 0; i < 6 && !(await page.$('input[name^="plakat."]')); i++) await next();
  await reflowHere('form, statements screen');
});
await check('thank-you', `${base}/s/${round}/takk`);
await check('closed round', `${base}/s/${closed}`);
await check('results for everyone', `${base}/resultater/${closed}`);
await check('results for everyone (nn)', `${base}/resultater/${closed}?lang=nn`);
await check('results list', `${base}/resultater`);
await check('code entry', `${base}/s/${codeRound}`);
await check('code refused', `${base}/s/${codeRound}?kode=ABCDE-FGHJK`);
await check('login', `${base}/login`);
await check('login failed', null, async () => {
  await page.fill('#name', 'ingen');
  await page.fill('#password', 'feil-passord');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
});
await check('not found', `${base}/finnes-ikke`);
await signIn(page, 'admin', process.env.TRAPPA_ADMIN_PASSWORD);
await check('admin dashboard', `${base}/admin`);
await check('admin round', `${base}/admin/rounds/${round}`);
await check('reports list', `${base}/rapporter`);
await check('leader report', `${base}/rapporter/${round}?kind=leader`);
await check('summary report', `${base}/rapporter/${round}?kind=summary`);
await check('unit report', `${base}/rapporter/${round}?kind=unit&unit=${encodeURIComponent(unit)}`);
await check('learning report', `${base}/rapporter/${round}?kind=learning`);
await check('meeting kit', `${base}/rapporter/${round}?kind=meeting&unit=${encodeURIComponent(unit)}`);
await check('meeting kits (nn)', `${base}/rapporter/${round}?kind=meeting&lang=nn`);
await check('follow-up page', `${base}/oppfolging/${closed}`);
await check('group-work sheets', `${base}/oppfolging/${closed}/ark`);
await check('group-work sheet 3', null, async () => {
  await page.goto(`${base}/oppfolging/${closed}/ark`);
  await Promise.all([page.waitForNavigation(), page.click('ul.sheets li:nth-child(3) a')]);
});
await check('group-work sheet refused', null, async () => {
  await page.goto(`${base}/oppfolging/${closed}/ark`);
  await page.fill('#sheet-title', ' ');
  await page.fill('#sheet-held', '');
  await page.evaluate(() => document.querySelector('#sheet-held').removeAttribute('required'));
  await page.evaluate(() => document.querySelector('#sheet-title').removeAttribute('required'));
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/ark"] button[type=submit]')]);
});
await check('accounts', `${base}/admin/brukere`);
await checkLayout('accounts');
await check('new round', `${base}/admin/rounds/ny`);
await checkLayout('new round');
await check('edit round', `${base}/admin/rounds/${codeRound}/endre`);
await check('edit round (has answers)', `${base}/admin/rounds/${round}/endre`);
await check('texts for the politicians', `${base}/admin/rounds/${closed}/tekster`);
await checkLayout('texts for the politicians');
await check('texts refused', null, async () => {
  await page.goto(`${base}/admin/rounds/${closed}/tekster`);
  await page.fill('#achieved', 'x'.repeat(4001));
  await Promise.all([page.waitForNavigation(), page.click('form.narrow button[type=submit]')]);
});
await check('new round refused', null, async () => {
  await page.goto(`${base}/admin/rounds/ny`);
  await page.fill('#id', 'Neste år');
  await page.fill('#units', 'A; mange');
  await Promise.all([page.waitForNavigation(), page.click('form.narrow button[type=submit]')]);
});
await check('follow-up refused form', null, async () => {
  await page.goto(`${base}/oppfolging/${closed}`);
  await page.fill('#area-why', '');
  await page.$eval('#area-why', (el) => el.removeAttribute('required'));
  await Promise.all([page.waitForNavigation(), page.click('#new-area ~ form button[type=submit]')]);
});
// The other two languages: the switch on a signed-in page is remembered
// for the session, so the reports after it come in that language too.
await check('admin dashboard (en)', `${base}/admin?lang=en`);
await check('edit round (en)', `${base}/admin/rounds/${codeRound}/endre`);
await check('edit round (nn)', `${base}/admin/rounds/${codeRound}/endre?lang=nn`);
await check('edit round (en again)', `${base}/admin/rounds/${codeRound}/endre?lang=en`);
await check('summary report (en)', `${base}/rapporter/${round}?kind=summary`);
await check('leader report (nn)', `${base}/rapporter/${round}?kind=leader&lang=nn`);
await check('form (nn)', `${base}/s/${round}?lang=nn`);
await check('form (en)', `${base}/s/${round}?lang=en`);

// A report an administrator made with another k than the round's, marked
// as such; then a leader's view: the open round shows only response counts.
await check('report with another k', `${base}/rapporter/${closed}?kind=leader&min_n=3&lang=nb`);
if (process.env.TRAPPA_LEADER_PASSWORD) {
  const leader = await browser.newContext({ locale });
  const leaderPage = await leader.newPage();
  await signIn(leaderPage, 'leder', process.env.TRAPPA_LEADER_PASSWORD);
  const adminPage = page;
  page = leaderPage;
  await check('reports list (leader, open round)', `${base}/rapporter`);
  await check('leader report (leader, closed round)', `${base}/rapporter/${closed}?kind=leader`);
  await check('follow-up page (leader)', `${base}/oppfolging/${closed}?lang=en`);
  page = adminPage;
}

// Reflow (WCAG 1.4.10): the staff's pages need no sideways scrolling on a
// 320 px wide screen (what 1280 px at 400 % zoom amounts to).
const narrow = await browser.newPage({ viewport: { width: 320, height: 640 }, locale });
for (const r of reflowed) {
  if (!r.ok) failures++;
  console.log(JSON.stringify(r));
}
// The accounts page on a phone: its table scrolls by itself, the page not.
{
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${base}/admin/brukere`);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  const ok = width <= 390;
  if (!ok) failures++;
  console.log(JSON.stringify({ reflow: '/admin/brukere at 390 px', scrollWidth: width, ok }));
  await phone.close();
}
for (const path of [`/s/${round}`, `/s/${codeRound}`, `/s/${round}/takk`, '/login', '/']) {
  await narrow.goto(`${base}${path}`);
  const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
  const ok = width <= 320;
  if (!ok) failures++;
  console.log(JSON.stringify({ reflow: path, scrollWidth: width, ok }));
}

// The printable letters from `trappa invite`, as a file.
if (process.env.TRAPPA_LETTERS) {
  await check('invitation letters', `file://${process.env.TRAPPA_LETTERS}`);
}

await browser.close();
console.log(JSON.stringify({ summary: true, failures, rules }));
process.exit(failures === 0 ? 0 : 1);
