// Reads every report as a phone (390 px) and a desktop (1280 px) show it,
// and as it prints (print media, 680 px: A4 less the page's margins, the
// width the PDF is laid out at): the page must need no sideways scrolling;
// in every chart no text may touch another text or a mark (a box, line or
// dot), except a box that holds the text whole (a percentage on its own
// bar); and no text may be cut off at its chart's edge or the page's.
// Prints one JSON line per page and width with what it measured; exits 1
// on any finding.
import { base, launch, locale, signIn } from './common.mjs';

const round = process.env.TRAPPA_ROUND;
const unit = process.env.TRAPPA_UNIT;
const pages = {
  summary: `${base}/rapporter/${round}?kind=summary`,
  leader: `${base}/rapporter/${round}?kind=leader`,
  unit: `${base}/rapporter/${round}?kind=unit&unit=${encodeURIComponent(unit)}`,
  learning: `${base}/rapporter/${round}?kind=learning`,
  meeting: `${base}/rapporter/${round}?kind=meeting&unit=${encodeURIComponent(unit)}`,
  'summary (en)': `${base}/rapporter/${round}?kind=summary&lang=en`,
  staff: `${base}/resultater/${round}`,
};

const browser = await launch();
let findings = 0;
for (const [width, media] of [[390, 'screen'], [1280, 'screen'], [680, 'print']]) {
  const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.emulateMedia({ media });
  await signIn(page, 'admin', process.env.TRAPPA_ADMIN_PASSWORD);
  for (const [name, url] of Object.entries(pages)) {
    await page.goto(url);
    const result = await page.evaluate(() => {
      const box = (el) => el.getBoundingClientRect();
      const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const holds = (outer, inner) =>
        outer.left <= inner.left && outer.right >= inner.right && outer.top <= inner.top && outer.bottom >= inner.bottom;
      const touches = [];
      const cut = [];
      let texts = 0;
      // Words that run past the page's edge (a caption, a cell, a label).
      for (const el of document.querySelectorAll('main *, body > *')) {
        if (el.closest('.table-scroll') || el.closest('svg')) continue;
        if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
        const r = box(el);
        if (r.width > 0 && (r.right > window.innerWidth + 0.5 || r.left < -0.5)) {
          cut.push({ at: 'page', text: el.textContent.trim().slice(0, 60) });
        }
      }
      for (const svg of document.querySelectorAll('svg.chart')) {
        const whole = box(svg);
        const id = svg.getAttribute('aria-labelledby') || '';
        const words = [...svg.querySelectorAll('text')]
          .filter((t) => t.textContent.trim())
          .map((t) => ({ text: t.textContent.trim(), r: box(t) }));
        texts += words.length;
        for (const w of words) {
          if (!holds(whole, w.r) || w.r.right > window.innerWidth + 0.5) {
            cut.push({ at: id, text: w.text.slice(0, 60) });
          }
        }
        // The white ground every chart is drawn on is no mark.
        const marks = [...svg.querySelectorAll('rect, circle, polyline, line, path, polygon')]
          .map((m) => ({ tag: m.tagName, r: box(m) }))
          .filter(({ r }) => r.width > 0 || r.height > 0)
          .filter(({ r }) => !(r.width >= whole.width - 1 && r.height >= whole.height - 1));
        for (let i = 0; i < words.length; i++) {
          for (let j = i + 1; j < words.length; j++) {
            if (meets(words[i].r, words[j].r)) touches.push({ chart: id, a: words[i].text, b: words[j].text });
          }
          for (const m of marks) {
            if (meets(words[i].r, m.r) && !holds(m.r, words[i].r)) {
              touches.push({ chart: id, a: words[i].text, b: m.tag });
            }
          }
        }
      }
      // A table wider than its box must show that it scrolls.
      for (const wrap of document.querySelectorAll('.table-scroll')) {
        const wider = wrap.scrollWidth > wrap.clientWidth + 1;
        if (wider && !getComputedStyle(wrap).backgroundImage.includes('gradient')) {
          cut.push({ at: 'table', text: (wrap.querySelector('caption') || wrap).textContent.trim().slice(0, 60) });
        }
      }
      return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        charts: document.querySelectorAll('svg.chart').length,
        texts,
        touches: touches.slice(0, 12),
        touchCount: touches.length,
        cut: cut.slice(0, 12),
        cutCount: cut.length,
      };
    });
    const sideways = result.scrollWidth > result.innerWidth;
    if (sideways) findings++;
    findings += result.touchCount + result.cutCount;
    console.log(JSON.stringify({ report: name, width, media, sideways, ...result }));
  }
  await context.close();
}
await browser.close();
console.log(JSON.stringify({ summary: true, findings }));
process.exit(findings === 0 ? 0 : 1);
