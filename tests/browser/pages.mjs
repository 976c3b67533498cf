// Every page kind a reader, a signed-in reader and a moderator can reach,
// at 1280×800 (desktop) and 390×844 (phone, touch), in the normal and the
// high-contrast palette: no axe-core WCAG 2.1 A/AA violation, no horizontal
// scrolling, no breaking space before ; : ! ? » or after « in the rendered
// text, and a full-page screenshot per page, width and mode. The HTML the
// server sent for each page goes through the Nu HTML checker (vnu-jar, run by
// Debian's Java) in one run: zero errors. Then the keyboard paths on a phone:
// skip link, menu drawer, contrast toggle; on a desktop the drawer gives way
// to the rubrique bar. The report dialog's keyboard path is in a11y.mjs.
// The per-page checks themselves are in page-checks.mjs.
//
// Usage: node pages.mjs BASE_URL OUT_DIR   (pages.sh prepares the server)
//   OUT_DIR receives <page>-<width>-<mode>.png, article-<width>.png (the
//   viewport crops shown in the README) and html/ (the served pages).
//   CHROMIUM overrides /usr/bin/chromium, JAVA the `java` on the PATH.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { axe, overflow, spacingFaults, loadLazyImages, watchErrors } from './page-checks.mjs';

const require = createRequire(import.meta.url);
// The whole check must end before ctest's limit (420 s), browser and Java included.
const OVERALL_TIMEOUT_MS = 390_000;
// One navigation, click or wait; the machine may be busy with builds.
const STEP_TIMEOUT_MS = 30_000;
// The Nu checker reads every page in one Java run.
const VNU_TIMEOUT_MS = 120_000;
// Demo article ids are small; the withdrawn one is found among the first ids.
const MAX_ARTICLE_ID = 60;
// How much text on each side of a spacing fault the report shows.
const CONTEXT_CHARS = 30;

const VIEWPORTS = [
  { width: 1280, height: 800, isMobile: false, hasTouch: false },
  { width: 390, height: 844, isMobile: true, hasTouch: true },
];
const MODES = ['normal', 'high'];
const ACCOUNTS = {
  reader: { email: 'pages@example.org', password: 'une page après l’autre' },
  moderator: { email: 'moderation@example.org', password: 'veille de nuit sur le fil' },
};

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node pages.mjs BASE_URL OUT_DIR');
  process.exit(2);
}
const htmlDir = path.join(outDir, 'html');
const failures = [];
const fail = (what) => { failures.push(what); console.log(`FAIL ${what}`); };
const pass = (what) => console.log(`ok   ${what}`);

const watchdog = setTimeout(() => {
  console.error(`pages: gave up after ${OVERALL_TIMEOUT_MS / 1000} s`);
  process.exit(2);
}, OVERALL_TIMEOUT_MS);

async function api(urlPath) {
  const response = await fetch(base + urlPath);
  return { status: response.status, body: response.ok ? await response.json() : null };
}

// Ids the page list needs, found through the JSON API rather than assumed.
async function demoIds() {
  const list = await api('/api/v1/articles?limit=100');
  if (!list.body || list.body.items.length === 0) throw new Error('the API lists no article');
  let withdrawn = null;
  let commented = null;
  for (let id = 1; id <= MAX_ARTICLE_ID && (withdrawn === null || commented === null); ++id) {
    const article = await api(`/api/v1/articles/${id}`);
    if (article.status === 410 && withdrawn === null) withdrawn = id;
    if (article.status !== 200 || commented !== null) continue;
    const comments = await api(`/api/v1/articles/${id}/comments`);
    const items = comments.body ? comments.body.items : [];
    if (items.length >= 2) commented = { article: article.body, comments: items.map((c) => c.id) };
  }
  if (withdrawn === null) throw new Error(`no article among ids 1..${MAX_ARTICLE_ID} answers 410`);
  if (commented === null) throw new Error('no demo article has two comments');
  const [comment, reported] = commented.comments;
  // The home page's second page starts where a first page of 20 stops: the
  // API's cursor and the pages' "avant" cursor are the same.
  const first = await api('/api/v1/articles?limit=20');
  if (!first.body || !first.body.next) throw new Error('the demo holds a single home page');
  const olderHome = `/?avant=${encodeURIComponent(first.body.next)}`;
  return { withdrawn, article: commented.article.url, articleId: commented.article.id, comment, reported, olderHome };
}

async function apiCall(method, urlPath, token, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(base + urlPath, { method, headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${urlPath}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

// What the reader leaves before the pages are checked, so that Mon compte
// lists a comment and the moderators' queue holds a reported one.
async function readerActivity(ids) {
  const { token } = await apiCall('POST', '/api/v1/session', null, ACCOUNTS.reader);
  await apiCall('POST', `/api/v1/articles/${ids.articleId}/comments`, token,
    { body: 'Un avis laissé pour vérifier les pages\u00A0: le compte et la modération.' });
  await apiCall('POST', `/api/v1/comments/${ids.reported}/reports`, token,
    { reason: 'spam', text: 'Signalé pour vérifier la file des modérateurs.' });
}

// A failed sign-up: every field wrong, so that every error shows at once.
async function failedSignUp(page) {
  await page.goto(base + '/inscription');
  await page.fill('#email', 'pas-une-adresse');
  await page.fill('#name', 'x');
  await page.fill('#password', 'court');
  const [response] = await Promise.all([page.waitForNavigation(), page.click('.account-form button[type=submit]')]);
  return response;
}

function pageKinds(ids) {
  const info = ['mentions-legales', 'conditions-utilisation', 'charte-commentaires',
    'donnees-personnelles', 'accessibilite', 'contact'];
  return [
    { name: 'home', path: '/' },
    { name: 'home-page-2', path: ids.olderHome },
    { name: 'rubrique', path: '/rubrique/sport' },
    { name: 'article', path: ids.article },
    { name: 'search', path: '/recherche?q=france' },
    { name: 'search-empty', path: '/recherche?q=zzzzqqq' },
    { name: 'not-found', path: '/cette-page-n-existe-pas', status: 404 },
    { name: 'withdrawn', path: `/articles/${ids.withdrawn}`, status: 410 },
    { name: 'sign-in', path: '/connexion' },
    { name: 'sign-up', path: '/inscription' },
    { name: 'sign-up-errors', open: failedSignUp, status: 400 },
    ...info.map((slug) => ({ name: slug, path: `/${slug}` })),
    { name: 'article-signed-in', path: ids.article, who: 'reader' },
    { name: 'account', path: '/compte', who: 'reader' },
    { name: 'report', path: `/commentaires/${ids.comment}/signaler`, who: 'reader' },
    { name: 'moderation', path: '/moderation', who: 'moderator' },
    { name: 'moderation-user', path: '/moderation/utilisateurs/2', who: 'moderator' },
  ];
}

async function signIn(page, who) {
  await page.goto(base + '/connexion');
  await page.fill('#email', ACCOUNTS[who].email);
  await page.fill('#password', ACCOUNTS[who].password);
  await Promise.all([page.waitForNavigation(), page.click('.account-form button[type=submit]')]);
  if ((await page.locator('.sign-out-form').count()) === 0) throw new Error(`could not sign in as the ${who}`);
}

// `storageState` carries a signed-in session (see signedIn), or nothing.
async function newContext(browser, viewport, mode, storageState = undefined) {
  const { width, height, isMobile, hasTouch } = viewport;
  // No bypassCSP: the pages must work under their own Content-Security-Policy.
  const context = await browser.newContext({ viewport: { width, height }, isMobile, hasTouch, storageState });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  if (mode === 'high') await context.addCookies([{ name: 'contrast', value: 'high', url: base }]);
  return context;
}

// Opens one page kind and runs every per-page check on it; returns the HTML
// the server sent, for the Nu checker.
async function checkPage(page, kind, viewport, mode) {
  const label = `${kind.name} at ${viewport.width} px, ${mode} contrast`;
  const errors = watchErrors(page);
  const response = kind.open ? await kind.open(page) : await page.goto(base + kind.path);
  await page.evaluate(() => document.fonts.ready);
  const status = response ? response.status() : 0;
  const expected = kind.status || 200;
  if (status !== expected) fail(`${label}: HTTP ${status}, expected ${expected} (${page.url()})`);
  const high = await page.evaluate(() => document.documentElement.classList.contains('contrast-high'));
  if (high !== (mode === 'high')) fail(`${label}: the page is not in the ${mode} palette`);
  const violations = await axe(page);
  for (const v of violations) fail(`${label}: axe: ${v}`);
  const wide = await overflow(page, viewport.width);
  if (wide) fail(`${label}: horizontal scrolling: ${wide}`);
  const faults = await spacingFaults(page, CONTEXT_CHARS);
  for (const f of faults) fail(`${label}: breaking space at ⟦ ⟧ (␣ breaking, ⍽ no-break): ${f}`);
  await loadLazyImages(page);
  await page.screenshot({ path: path.join(outDir, `${kind.name}-${viewport.width}-${mode}.png`), fullPage: true });
  errors.stop();
  for (const e of errors.seen) fail(`${label}: ${e}`);
  if (violations.length === 0 && !wide && faults.length === 0 && errors.seen.length === 0) pass(label);
  return response ? response.text() : '';
}

// Signs each account in once, through the form; every later context reuses
// its cookies, which spares a password hash per context.
async function signedIn(browser) {
  const states = { anonymous: undefined };
  for (const who of Object.keys(ACCOUNTS)) {
    const context = await newContext(browser, VIEWPORTS[0], 'normal');
    await signIn(await context.newPage(), who);
    states[who] = await context.storageState();
    await context.close();
  }
  return states;
}

async function checkAllPages(browser, kinds) {
  const served = [];
  const sessions = await signedIn(browser);
  for (const viewport of VIEWPORTS) {
    for (const mode of MODES) {
      for (const who of Object.keys(sessions)) {
        const mine = kinds.filter((k) => (k.who || 'anonymous') === who);
        const context = await newContext(browser, viewport, mode, sessions[who]);
        const page = await context.newPage();
        try {
          for (const kind of mine) {
            const html = await checkPage(page, kind, viewport, mode).catch((e) => {
              fail(`${kind.name} at ${viewport.width} px, ${mode} contrast: could not be checked: ${e.message}`);
              return null;
            });
            if (html === null || viewport.width !== VIEWPORTS[0].width) continue;
            const file = path.join(htmlDir, `${kind.name}-${mode}.html`);
            fs.writeFileSync(file, html);
            served.push(file);
          }
        } finally {
          await context.close();
        }
      }
    }
  }
  return served;
}

function findJava() {
  const java = process.env.JAVA || 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  return probe.status === 0 ? java : null;
}

// The Nu HTML checker on the bytes the server sent; a missing Java fails.
function checkHtml(files) {
  const java = findJava();
  if (!java) {
    fail('Nu checker: no Java runtime (install the Debian package default-jre-headless)');
    return;
  }
  const jar = String(require('vnu-jar'));
  const run = spawnSync(java, ['-jar', jar, '--format', 'json', '--stdout', '--exit-zero-always', ...files],
    { encoding: 'utf8', timeout: VNU_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    fail(`Nu checker did not run: ${(run.error && run.error.message) || (run.stderr || '').split('\n')[0]}`);
    return;
  }
  const errors = report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  for (const m of errors) {
    const page = path.basename(decodeURIComponent(new URL(m.url).pathname), '.html');
    const extract = m.extract ? ` in «${m.extract.replace(/\s+/g, ' ').trim()}»` : '';
    fail(`Nu checker: ${page} line ${m.lastLine}: ${m.message}${extract}`);
  }
  if (errors.length === 0) pass(`Nu checker: no error in ${files.length} served pages`);
}

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el ? el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + [...el.classList].map((c) => `.${c}`).join('') : 'nothing';
});

// Presses Tab until `selector` has the focus; false when it never does.
async function tabTo(page, selector, maxPresses = 12) {
  for (let i = 0; i < maxPresses; ++i) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return true;
  }
  return false;
}

async function skipLink(page, label) {
  await page.keyboard.press('Tab');
  const first = await focused(page);
  if (first !== 'a.skip-link') { fail(`${label}: the first Tab focuses ${first}, not the skip link`); return; }
  await page.keyboard.press('Enter');
  const target = await focused(page);
  if (target === 'main#contenu') pass(`${label}: Tab then Enter on the skip link moves the focus to main#contenu`);
  else fail(`${label}: Enter on the skip link left the focus on ${target}`);
}

async function menu(page, label, width) {
  if (!(await tabTo(page, '.site-menu > summary'))) { fail(`${label}: Tab never reaches the menu's summary`); return; }
  await page.keyboard.press('Enter');
  const open = await page.locator('.site-menu').evaluate((d) => d.open);
  if (!open) { fail(`${label}: Enter on the menu's summary does not open it`); return; }
  const box = await page.locator('.menu-panel').evaluate((p) => p.getBoundingClientRect().toJSON());
  if (box.left >= 0 && box.right <= width) pass(`${label}: the open menu lies inside the viewport`);
  else fail(`${label}: the open menu spans ${Math.round(box.left)}..${Math.round(box.right)} px, outside 0..${width}`);
  await page.keyboard.press('Escape');
  const shut = !(await page.locator('.site-menu').evaluate((d) => d.open));
  const back = await focused(page);
  if (shut && back === 'summary') pass(`${label}: Escape closes the menu and gives the focus back to its summary`);
  else fail(`${label}: after Escape the menu is ${shut ? 'closed' : 'open'} and the focus is on ${back}`);
}

async function contrastToggle(page, label, mode) {
  if (!(await tabTo(page, '#contrast-toggle'))) { fail(`${label}: Tab never reaches the contrast toggle`); return; }
  const flips = mode === 'high' ? [false, true] : [true, false];
  for (const high of flips) {
    await page.keyboard.press('Space');
    await page.waitForFunction((h) => document.documentElement.classList.contains('contrast-high') === h, high)
      .catch(() => {});
    const pressed = await page.locator('#contrast-toggle').getAttribute('aria-pressed');
    const cls = await page.evaluate(() => document.documentElement.classList.contains('contrast-high'));
    if (pressed === String(high) && cls === high) pass(`${label}: Space on the toggle turns high contrast ${high ? 'on' : 'off'}`);
    else fail(`${label}: after Space aria-pressed is ${pressed} and contrast-high is ${cls ? 'set' : 'unset'}, expected ${high}`);
  }
}

// The phone's keyboard paths, and the desktop header without the drawer.
async function checkKeyboard(browser, articlePath) {
  for (const mode of MODES) {
    const viewport = VIEWPORTS[1];
    const label = `keyboard at ${viewport.width} px, ${mode} contrast`;
    const context = await newContext(browser, viewport, mode);
    const page = await context.newPage();
    try {
      await page.goto(base + articlePath);
      await skipLink(page, label);
      await page.goto(base + articlePath);
      await menu(page, label, viewport.width);
      await page.goto(base + articlePath);
      await contrastToggle(page, label, mode);
    } finally {
      await context.close();
    }
  }
  const context = await newContext(browser, VIEWPORTS[0], 'normal');
  const page = await context.newPage();
  await page.goto(base + '/');
  const drawer = await page.locator('.site-menu > summary').isVisible();
  const bar = await page.locator('.sections-nav').isVisible();
  if (!drawer && bar) pass('at 1280 px the rubrique bar shows and the menu drawer does not');
  else fail(`at 1280 px the menu summary is ${drawer ? 'shown' : 'hidden'} and the rubrique bar ${bar ? 'shown' : 'hidden'}`);
  await context.close();
}

// The README's pictures: what a reader sees first of an article.
async function readmeShots(browser, articlePath) {
  for (const viewport of VIEWPORTS) {
    const context = await newContext(browser, viewport, 'normal');
    const page = await context.newPage();
    await page.goto(base + articlePath);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(outDir, `article-${viewport.width}.png`) });
    await context.close();
  }
}

let browser;
try {
  fs.mkdirSync(htmlDir, { recursive: true });
  const ids = await demoIds();
  await readerActivity(ids);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: 60_000,
  });
  const served = await checkAllPages(browser, pageKinds(ids));
  checkHtml(served);
  await checkKeyboard(browser, ids.article);
  await readmeShots(browser, ids.article);
} catch (e) {
  fail(`could not run: ${e.stack || e.message}`);
} finally {
  if (browser) await browser.close();
  clearTimeout(watchdog);
}
const took = `${Math.round(process.uptime())} s`;
console.log(failures.length ? `${failures.length} failure(s) in ${took}; screenshots in ${outDir}`
  : `every page check passed in ${took}; screenshots in ${outDir}`);
process.exit(failures.length ? 1 : 0);
