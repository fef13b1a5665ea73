// The survey administrator's whole job in the browser, without the command
// line: make a round; open it; invite one unit with codes and leave another
// on the open link; upload a CSV of answers; add a leader, who signs in;
// close the round; print the summary. Each step prints one JSON line.
import { writeFileSync } from 'node:fs';
import { base, launch, locale, signIn } from './common.mjs';

const say = (step, detail = {}) => console.log(JSON.stringify({ step, ...detail }));
const browser = await launch();
const admin = await (await browser.newContext({ locale })).newPage();
await signIn(admin, 'admin', process.env.TRAPPA_ADMIN_PASSWORD);

// 1. A round from the form.
await admin.goto(`${base}/admin`);
await Promise.all([admin.waitForNavigation(), admin.click('a[href="/admin/rounds/ny"]')]);
await admin.fill('#id', '2027');
await admin.fill('#title', 'Samhandling 2027');
await admin.fill('#municipality', 'Solvik');
await admin.fill('#units', 'Kulturskolen; 4\nBiblioteket; 3');
await Promise.all([admin.waitForNavigation(), admin.click('form.narrow button[type=submit]')]);
say('round created', { url: admin.url(), text: await admin.textContent('main') });

// 2. Open it from the list of rounds.
await Promise.all([admin.waitForNavigation(), admin.click('form[action="/admin/rounds/2027/open"] button')]);
say('round opened', { url: admin.url() });

// 3. Codes for Kulturskolen; Biblioteket keeps the open link.
await admin.goto(`${base}/admin/rounds/2027`);
await admin.selectOption('#codes-unit', 'Kulturskolen');
await admin.fill('#codes-count', '2');
await Promise.all([admin.waitForNavigation(), admin.click('form[action="/admin/rounds/2027/koder"] button')]);
const codes = await admin.$$eval('.letter .code', (els) => els.map((e) => e.textContent.trim()));
say('codes made', { codes: codes.length });

// Staff answer screen by screen: a role, a unit where asked, then on.
let offered = [];
let stairByName = 0;
async function answer(page, unit) {
  for (let i = 0; i < 12 && !new URL(page.url()).pathname.endsWith('/takk'); i++) {
    if (await page.$('input[name=role]')) await page.check('input[name=role][value=ansatt]');
    if (await page.$('#unit')) {
      offered = await page.$$eval('#unit option', (os) => os.map((o) => o.value).filter(Boolean));
      if (unit) await page.selectOption('#unit', unit);
    }
    // The stair, as a person on a phone answers it: by the steps' names.
    const partners = page.locator('fieldset.relation');
    for (let p = 0; p < (await partners.count()); p++) {
      const [now, goal] = [partners.nth(p).locator('fieldset').nth(0), partners.nth(p).locator('fieldset').nth(1)];
      await now.getByLabel('2 Utvikle felles problemforståelse', { exact: true }).check();
      await goal.getByLabel('3 Styrke hverandres måloppnåelse', { exact: true }).check();
      stairByName += 1;
    }
    await Promise.all([page.waitForNavigation(), page.click('button[name=_go][value=next]')]);
  }
}
const staff = await (await browser.newContext({ locale, viewport: { width: 390, height: 844 } })).newPage();
await staff.goto(`${base}/s/2027`);
await answer(staff, 'Biblioteket');
say('answered by open link', { offered, url: staff.url(), stairByName });
await staff.goto(`${base}/s/2027?kode=${codes[0]}`);
await answer(staff, null);
say('answered with a code', { url: staff.url() });

// 4. Upload answers from a CSV file.
const csv = 'round;unit;role;plakat.p01\n' + Array.from({ length: 6 }, (_, i) => `2027;Biblioteket;ansatt;${(i % 5) + 1}`).join('\n') + '\n';
const file = `${process.env.TRAPPA_TMP}/svar-2027.csv`;
writeFileSync(file, csv);
await admin.goto(`${base}/admin/rounds/2027`);
await admin.setInputFiles('#upload-file', file);
await Promise.all([admin.waitForNavigation(), admin.click('form[action="/admin/rounds/2027/import"] button')]);
say('csv uploaded', { text: await admin.textContent('main') });

// 5. A leader for Kulturskolen, who then signs in.
await admin.goto(`${base}/admin/brukere`);
await admin.fill('#account-name', 'leder');
await admin.check('#role-leader');
await admin.check('input[name=unit][value="Kulturskolen"]');
await Promise.all([admin.waitForNavigation(), admin.click('form[action="/admin/brukere"] button')]);
const password = (await admin.textContent('code.password')).trim();
const leader = await (await browser.newContext({ locale })).newPage();
await signIn(leader, 'leder', password);
say('leader signed in', { url: leader.url(), text: await leader.textContent('main') });

// 6. Close the round.
await admin.goto(`${base}/admin`);
await Promise.all([admin.waitForNavigation(), admin.click('form[action="/admin/rounds/2027/close"] button')]);
say('asked before closing', { heading: (await admin.textContent('h1')).trim() });
await Promise.all([admin.waitForNavigation(), admin.click('form[action="/admin/rounds/2027/close"] button')]);
say('round closed', { url: admin.url() });

// 7. Print the summary.
const pdf = await admin.request.get(`${base}/rapporter/2027/pdf?kind=summary`);
const body = await pdf.body();
say('summary printed', { status: pdf.status(), type: pdf.headers()['content-type'], bytes: body.length, magic: body.subarray(0, 5).toString() });
await browser.close();
