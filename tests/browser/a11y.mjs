// Accessibility baseline of depeche pages: the home page and an article
// page must have no axe-core WCAG 2.1 A/AA violation, in the normal and the
// high-contrast palette. The contrast toggle is checked both with
// JavaScript (no reload, aria-pressed, persists) and without (form POST).
//
// Usage: node a11y.mjs BASE_URL     (CHROMIUM overrides /usr/bin/chromium)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const OVERALL_TIMEOUT_MS = 150_000;
const STEP_TIMEOUT_MS = 20_000;

const base = process.argv[2];
if (!base) {
  console.error('usage: node a11y.mjs BASE_URL');
  process.exit(2);
}
const failures = [];
const fail = (what) => { failures.push(what); console.log(`FAIL ${what}`); };
const pass = (what) => console.log(`ok   ${what}`);

const watchdog = setTimeout(() => {
  console.error(`a11y: gave up after ${OVERALL_TIMEOUT_MS / 1000} s`);
  process.exit(2);
}, OVERALL_TIMEOUT_MS);

async function axe(page, label) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
  if (result.violations.length === 0) {
    pass(`axe: ${label}`);
    return;
  }
  for (const v of result.violations) {
    fail(`axe: ${label}: ${v.id} (${v.impact}) ${v.help}`);
    for (const node of v.nodes.slice(0, 5)) console.log(`       at ${node.target.join(' ')}: ${node.failureSummary.replace(/\n/g, ' ')}`);
  }
}

async function htmlClass(page) {
  return (await page.locator('html').getAttribute('class')) || '';
}

async function firstArticleUrl(page) {
  await page.goto(base + '/');
  const href = await page.locator('a[href^="/articles/"]').first().getAttribute('href');
  if (!href) throw new Error('no article link on the home page');
  return base + href;
}

async function withScripts(browser) {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });

  const article = await firstArticleUrl(page);
  await axe(page, 'home, normal contrast');
  await page.goto(article);
  if ((await page.getAttribute('html', 'lang')) !== 'fr') fail('article: html lang is not fr');
  await axe(page, 'article, normal contrast');

  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('href'));
  if (first === '#contenu') pass('skip link is the first focusable element'); else fail(`first focusable element is ${first}`);

  const toggle = page.locator('#contrast-toggle');
  if ((await toggle.getAttribute('aria-pressed')) !== 'false') fail('toggle starts pressed');
  let navigated = false;
  page.once('framenavigated', () => { navigated = true; });
  await toggle.click();
  await page.waitForFunction(() => document.documentElement.classList.contains('contrast-high'));
  await page.waitForTimeout(300);
  if (navigated) fail('contrast toggle reloaded the page with JavaScript on'); else pass('contrast toggle applies without reload');
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') fail('aria-pressed not true after toggling'); else pass('aria-pressed follows the mode');
  await axe(page, 'article, high contrast');

  await page.reload();
  if (!(await htmlClass(page)).includes('contrast-high')) fail('high contrast not kept after reload'); else pass('high contrast persists (cookie)');
  await page.goto(base + '/');
  await axe(page, 'home, high contrast');

  // Back to normal, with a real click again.
  await page.locator('#contrast-toggle').click();
  await page.waitForFunction(() => !document.documentElement.classList.contains('contrast-high'));
  pass('contrast toggle switches back');

  // The menu drawer (shown on narrow screens) and its close button.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('.site-menu summary').click();
  await page.locator('.menu-close').click();
  if (await page.locator('.site-menu').evaluate((d) => d.open)) fail('Fermer does not close the menu'); else pass('Fermer closes the menu');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Accounts and search: the forms as a reader uses them.
  await page.goto(base + '/inscription');
  await axe(page, 'sign-up page');
  await page.fill('#email', 'lectrice@example.org');
  await page.fill('#name', 'Lectrice');
  await page.fill('#password', 'un mot de passe solide');
  await Promise.all([page.waitForNavigation(), page.click('.account-form button[type=submit]')]);
  const viewer = (await page.locator('.viewer').textContent()) || '';
  if (viewer.includes('Lectrice')) pass('sign-up signs the reader in'); else fail(`after sign-up the header says "${viewer}"`);
  await axe(page, 'page signed in');
  await page.goto(base + '/recherche?q=france');
  await axe(page, 'search results');

  // A comment posted with JavaScript appears without a reload.
  await page.goto(article + '#commentaires');
  let reloaded = false;
  page.once('framenavigated', () => { reloaded = true; });
  await page.fill('#nouveau-commentaire', 'Un avis écrit pour le test.\nSur deux lignes, avec https://example.org.');
  await page.click('.comment-new button[type=submit]');
  await page.waitForSelector('.comment-list .comment-body');
  if (reloaded) fail('posting a comment reloaded the page'); else pass('a comment is posted without a reload');
  const heading = await page.locator('#comments-title').textContent();
  if (heading.includes('1 commentaire')) pass('the count follows'); else fail(`comment count says "${heading}"`);
  await axe(page, 'article with a comment');
  await Promise.all([page.waitForNavigation(), page.click('.sign-out-form button')]);

  // Another reader opens the report dialog, closes it with Fermer, then reports.
  await page.goto(base + '/inscription');
  await page.fill('#email', 'lecteur@example.org');
  await page.fill('#name', 'Lecteur');
  await page.fill('#password', 'un autre mot de passe');
  await Promise.all([page.waitForNavigation(), page.click('.account-form button[type=submit]')]);
  await page.goto(article + '#commentaires');
  const reportHref = await page.locator('.report-link').first().getAttribute('href');
  await page.goto(base + reportHref);
  await axe(page, 'report page (the no-script path)');
  await page.goto(article + '#commentaires');
  await page.click('.report-link');
  const dialog = page.locator('dialog.report-dialog');
  if (await dialog.evaluate((d) => d.open)) pass('Signaler le commentaire opens a dialog'); else fail('the report dialog did not open');
  await axe(page, 'report dialog open');
  await dialog.locator('.dialog-close').click();
  if (await dialog.evaluate((d) => d.open)) fail('Fermer does not close the report dialog'); else pass('Fermer closes the report dialog');
  await page.click('.report-link');
  await page.check('#motif-spam');
  await dialog.locator('button[type=submit]').click();
  await page.waitForSelector('.report-done');
  pass('a report is sent from the dialog');
  await Promise.all([page.waitForNavigation(), page.click('.sign-out-form button')]);
  if (await page.locator('a[href^="/connexion"]').count()) pass('sign-out signs the reader out'); else fail('no sign-in link after sign-out');
  await page.goto(base + '/connexion');
  await axe(page, 'sign-in page');

  // The moderator finds the report in the queue and approves the comment.
  await page.fill('#email', 'moderation@example.org');
  await page.fill('#password', 'veille de nuit sur le fil');
  await Promise.all([page.waitForNavigation(), page.click('.account-form button[type=submit]')]);
  await page.goto(base + '/moderation');
  await axe(page, 'moderation queues');
  const queued = await page.locator('#signales .moderation-item').count();
  if (queued === 1) pass('the reported comment is in the moderators\' queue'); else fail(`${queued} items in the reported queue`);
  await Promise.all([page.waitForNavigation(), page.click('#signales .moderation-item button[value=approve]')]);
  if ((await page.locator('#signales .moderation-item').count()) === 0) pass('approving empties the queue'); else fail('the comment is still in the queue after approval');
  // Accounts 1 to 7 are the demo readers made by `depeche demo` (run.sh), then
  // the moderator; 2 is a reader with comments on several articles.
  await page.goto(base + '/moderation/utilisateurs/2');
  await axe(page, 'a reader\'s moderation page');
  await Promise.all([page.waitForNavigation(), page.click('.sign-out-form button')]);

  for (const e of errors) fail(`page error: ${e}`);
  await context.close();
}

async function withoutScripts(browser, article) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  await page.goto(article);
  await page.locator('#contrast-toggle').click();
  await page.waitForLoadState('load');
  const cls = await htmlClass(page);
  if (!cls.includes('contrast-high')) fail('without JavaScript the form does not switch the palette');
  else pass('without JavaScript the server renders the high-contrast page');
  if (new URL(page.url()).pathname !== new URL(article).pathname) fail(`form returned to ${page.url()}`);
  // Without JavaScript the comment forms and the report page still work.
  await page.goto(base + '/inscription');
  await page.fill('#email', 'sansjs@example.org');
  await page.fill('#name', 'Sans script');
  await page.fill('#password', 'le fil de nuit sans écran');
  await Promise.all([page.waitForNavigation(), page.click('.account-form button[type=submit]')]);
  await page.goto(article);
  await page.fill('#nouveau-commentaire', 'Sans JavaScript.');
  await Promise.all([page.waitForNavigation(), page.click('.comment-new button[type=submit]')]);
  if ((await page.content()).includes('Sans JavaScript.')) pass('without JavaScript a comment is posted by the form'); else fail('comment form without JavaScript');
  // The post lands on the page of the thread that starts with the new
  // comment; the other readers' comments are on the first page.
  await page.goto(article);
  const report = page.locator('.report-link').first();
  if (await report.count()) {
    await Promise.all([page.waitForNavigation(), report.click()]);
    if (new URL(page.url()).pathname.endsWith('/signaler')) pass('without JavaScript the report link opens the report page'); else fail(`report link went to ${page.url()}`);
  } else {
    fail('no report link for another reader\'s comment');
  }
  await context.close();
}

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: 60_000,
  });
  await withScripts(browser);
  const page = await browser.newPage();
  const article = await firstArticleUrl(page);
  await page.close();
  await withoutScripts(browser, article);
} catch (e) {
  fail(`could not run: ${e.message}`);
} finally {
  if (browser) await browser.close();
  clearTimeout(watchdog);
}
console.log(failures.length ? `${failures.length} failure(s)` : 'all accessibility checks passed');
process.exit(failures.length ? 1 : 0);
