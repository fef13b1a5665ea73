// Reaching people in the browser (issue 28), one phase at a time as
// TRAPPA_PHASE says; tests/integration/browser.rs runs the phases and
// moves the service's clock and reads the SMTP server between them.
//   admin:  an administrator sets the public address, the sender, the relay
//           and the OpenID provider, the round's deadline, closing time and
//           reminder day, and gives TRAPPA_ADDRESSES for TRAPPA_UNIT; axe
//           reads the settings page, the round page and a refused list.
//   answer: each link in TRAPPA_LINKS is answered on a phone.
//   leader: a leader signs in through the OpenID provider as TRAPPA_LEADER
//           and reads TRAPPA_REPORT; axe reads the login page.
// Prints one JSON line per step.
import { AxeBuilder } from '@axe-core/playwright';
import { base, launch, locale, signIn } from './common.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const round = process.env.TRAPPA_ROUND;
const browser = await launch();
let failures = 0;

async function axe(page, name) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const violations = result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  failures += violations.length;
  console.log(JSON.stringify({ page: name, violations }));
}

async function submit(page, form) {
  await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
}

const phase = process.env.TRAPPA_PHASE;
if (phase === 'admin') {
  const page = await (await browser.newContext({ locale })).newPage();
  await signIn(page, 'admin', process.env.TRAPPA_ADMIN_PASSWORD);
  await page.goto(`${base}/admin`);
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/admin/innstillinger"]')]);
  await page.fill('#public_url', base);
  await page.fill('#sender_name', 'HR-avdelingen i Solvik kommune');
  await page.fill('#contact', 'Kari Nordmann, tlf. 400 00 000');
  await submit(page, 'form:has(input[value=address])');
  await page.fill('#smtp_host', '127.0.0.1');
  await page.fill('#smtp_port', process.env.TRAPPA_SMTP_PORT);
  await page.selectOption('#smtp_security', 'none');
  await page.fill('#smtp_user', 'trappa');
  await page.fill('#smtp_password', 'relay-passord');
  await page.fill('#smtp_from', 'undersokelse@solvik.kommune.no');
  await submit(page, 'form:has(input[value=smtp])');
  await page.fill('#oidc_issuer', process.env.TRAPPA_OIDC_ISSUER);
  await page.fill('#oidc_client_id', 'trappa');
  await page.fill('#oidc_client_secret', process.env.TRAPPA_OIDC_SECRET);
  await page.selectOption('#oidc_claim', 'email');
  await page.fill('#oidc_label', 'Solvik-konto');
  await submit(page, 'form:has(input[value=oidc])');
  console.log(JSON.stringify({ step: 'settings', saved: await page.isVisible('p.ok'), secretKept: await page.isVisible('#smtp_password-kept') }));
  await axe(page, 'settings');

  await page.goto(`${base}/admin/rounds/${round}`);
  await page.fill('#deadline', process.env.TRAPPA_DEADLINE);
  await page.fill('#closes_at', process.env.TRAPPA_CLOSES);
  await page.fill('#reminder_days', process.env.TRAPPA_REMINDER);
  await submit(page, `form[action="/admin/rounds/${round}/tidsplan"]`);
  console.log(JSON.stringify({ step: 'schedule', said: await page.textContent('p.ok') }));
  // A list with a mistake comes back with the mistake named and the list kept.
  await page.selectOption('#mail-unit', process.env.TRAPPA_UNIT);
  await page.fill('#mail-addresses', 'kari@solvik.kommune.no\nola(at)solvik.kommune.no');
  await submit(page, `form[action="/admin/rounds/${round}/epost"]`);
  console.log(JSON.stringify({ step: 'refused', said: await page.textContent('div.err') }));
  await axe(page, 'refused addresses');
  await page.selectOption('#mail-unit', process.env.TRAPPA_UNIT);
  await page.fill('#mail-addresses', process.env.TRAPPA_ADDRESSES.split(',').join('\n'));
  await submit(page, `form[action="/admin/rounds/${round}/epost"]`);
  console.log(JSON.stringify({ step: 'invited', said: await page.textContent('p.ok') }));
  await axe(page, 'round page with schedule and e-mail');
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  // What sticks out, if anything: the outermost elements wider than the screen.
  const outside = await page.evaluate(() => [...document.querySelectorAll('main *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1
      && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1))
    .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + e.className : ''}`));
  console.log(JSON.stringify({ step: 'round page on a phone', scrollWidth: wide, outside }));
  if (process.env.TRAPPA_SHOTS) {
    await page.goto(`${base}/admin/rounds/${round}#epost`);
    await page.screenshot({ path: `${process.env.TRAPPA_SHOTS}/round-email-phone.png`, fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/admin/innstillinger`);
    await page.screenshot({ path: `${process.env.TRAPPA_SHOTS}/settings-desktop.png`, fullPage: true });
  }
} else if (phase === 'answer') {
  for (const link of process.env.TRAPPA_LINKS.split(',')) {
    const page = await (await browser.newContext({ locale, viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(link);
    for (let i = 0; i < 12 && !new URL(page.url()).pathname.endsWith('/takk'); i++) {
      if (await page.$('input[name=role]')) await page.check('input[name=role][value=ansatt]');
      await Promise.all([page.waitForNavigation(), page.click('button[name=_go][value=next]')]);
    }
    console.log(JSON.stringify({ step: 'answered', thanked: new URL(page.url()).pathname.endsWith('/takk') }));
    await page.context().close();
  }
} else if (phase === 'leader') {
  const page = await (await browser.newContext({ locale })).newPage();
  await page.goto(`${base}/login`);
  await axe(page, 'login with the municipality\'s account');
  await Promise.all([page.waitForNavigation(), page.click('a[href="/login/oidc"]')]);
  // The provider's own login form.
  await page.fill('input[name=login]', process.env.TRAPPA_LEADER);
  await page.fill('input[name=password]', 'hva som helst');
  await Promise.all([page.waitForURL(`${base}/rapporter`), page.click('button[type=submit]')]);
  await page.goto(`${base}${process.env.TRAPPA_REPORT}`);
  console.log(JSON.stringify({ step: 'report', status: 'read', title: await page.title(), h1: await page.textContent('h1') }));
}
await browser.close();
console.log(JSON.stringify({ failures }));
if (failures) process.exit(1);
