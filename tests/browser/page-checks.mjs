// The checks pages.mjs runs on one open page, each returning what it found
// (an empty list or null when the page passes), so that the caller can say
// which page, width and mode failed.
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// axe-core's WCAG 2.1 A/AA rules; one line per violation, with up to five places.
export async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
  return result.violations.map((v) => `${v.id} (${v.impact}) ${v.help}` + v.nodes.slice(0, 5)
    .map((n) => `\n       at ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join(''));
}

// When the page is wider than the viewport, the deepest elements that stick
// out on the right, so that the report names the culprit. The width is the
// device's: a phone widens innerWidth to fit content that overflows.
export function overflow(page, deviceWidth) {
  return page.evaluate((device) => {
    const width = Math.min(window.innerWidth, device);
    const scroll = document.documentElement.scrollWidth;
    if (scroll <= width) return null;
    const sticksOut = (el) => el.getBoundingClientRect().right > width + 0.5;
    const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
      [...el.classList].map((c) => `.${c}`).join('');
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => sticksOut(el) && ![...el.children].some(sticksOut))
      .slice(0, 5).map((el) => `${name(el)} (right ${Math.round(el.getBoundingClientRect().right)})`);
    return `scrollWidth ${scroll} > viewport ${width}; sticking out: ${culprits.join(', ') || 'nothing visible'}`;
  }, deviceWidth);
}

// The visible text of <body>, joined per block box (an inline element does
// not break a sentence), and the title, checked for breaking spaces before
// ; : ! ? » and after «. Code, form values and URLs are not prose.
export function spacingFaults(page, contextChars) {
  return page.evaluate((around) => {
    const breaking = '[\\t\\n\\f\\r \\u1680\\u2000-\\u2006\\u2008-\\u200A\\u205F\\u3000]';
    const before = new RegExp(`${breaking}+(?=[;:!?»])`, 'g');
    const after = new RegExp(`(?<=«)${breaking}+`, 'g');
    const url = /\b[a-z][a-z0-9+.-]*:\/\/\S+|\bwww\.\S+|\S+@\S+\.\S+/gi;
    const notProse = 'script, style, template, noscript, code, pre, kbd, samp, textarea';
    const blocks = new Map([['<title>', document.title]]);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest(notProse) || !el.checkVisibility({ visibilityProperty: true })) continue;
      let block = el;
      while (block !== document.body && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      blocks.set(block, (blocks.get(block) || '') + node.data);
    }
    const show = (s) => s.replace(/[\s\u00A0\u202F]/g, (c) => ({ ' ': '␣', '\u00A0': '⍽', '\u202F': '⍽' }[c] ?? `[U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}]`));
    const faults = [];
    for (const block of blocks.values()) {
      // Leading white space of a block is not rendered.
      const text = block.replace(/^\s+/, '');
      const prose = text.replace(url, (u) => 'x'.repeat(u.length));
      for (const re of [before, after]) {
        for (const m of prose.matchAll(re)) {
          const [at, end] = [m.index, m.index + m[0].length];
          faults.push(`…${show(text.slice(Math.max(0, at - around), at))}⟦${show(text.slice(at, end))}⟧${show(text.slice(end, end + around))}…`);
        }
      }
    }
    return faults;
  }, contextChars);
}

// A full-page screenshot does not scroll: pictures below the fold, loaded
// lazily, would show as empty boxes.
export function loadLazyImages(page) {
  return page.evaluate(() => Promise.all([...document.images].map((img) => {
    img.loading = 'eager';
    return img.decode().catch(() => {});
  })));
}

// Script errors, console errors (a CSP violation is one) and sub-requests
// that fail, until stop(). The page's own status is checked apart: a 404
// page is expected to say so.
export function watchErrors(page) {
  const seen = [];
  const onPageError = (e) => seen.push(`script error: ${e.message}`);
  const onConsole = (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) seen.push(`console error: ${m.text()}`);
  };
  const onResponse = (r) => {
    if (r.status() >= 400 && !r.request().isNavigationRequest()) seen.push(`HTTP ${r.status()} for ${r.url()}`);
  };
  const onFailed = (r) => seen.push(`request failed: ${r.url()} (${r.failure() && r.failure().errorText})`);
  page.on('pageerror', onPageError).on('console', onConsole).on('response', onResponse).on('requestfailed', onFailed);
  const stop = () => page.off('pageerror', onPageError).off('console', onConsole)
    .off('response', onResponse).off('requestfailed', onFailed);
  return { seen, stop };
}
