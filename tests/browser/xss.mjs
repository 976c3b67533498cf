// Stored and reflected XSS check of depeche pages in Chromium. Every payload
// of xss-payloads.txt goes through every place a reader or an agency puts
// text: agency dispatches (ninjs and RSS: headline, body, byline, summary,
// subjects, picture caption and credit, provider), pseudonyms, comment bodies
// and replies, report free texts (seen on /moderation), and search queries
// (page and API). Then each page that shows them is loaded in Chromium with
// CSP bypassed (so that escaping is tested, not the policy) and the check
// fails if any payload runs: xss(), alert(), confirm(), prompt(), print() and
// fetch('/xss…') are hooked before the page's scripts, dialogs and requests
// to payload URLs are watched, and the DOM must hold no on* attribute, no
// javascript:/vbscript:/data:text/html URL and no foreign script, frame,
// object, embed, base or meta element.
//
// Usage (xss.sh runs both steps around a server):
//   node xss.mjs prepare BINARY DATA_DIR WORK_DIR   dispatches, ingest, a moderator
//   node xss.mjs check BASE_URL WORK_DIR            posts, reports, loads the pages
// CHROMIUM overrides /usr/bin/chromium.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const PASSWORD = 'un mot de passe pour le test xss';
const MODERATOR = { email: 'moderation-xss@example.org', name: 'Modération XSS' };
const OVERALL_TIMEOUT_MS = 270_000;
const WORKERS = 3;          // pages loading at once
const REPORT_FORM_EVERY = 8; // the report page shows the same comment markup as the thread
const STEP_TIMEOUT_MS = 20_000;
const MAX_REPORT_CHARS = 1000;
const MAX_QUERY_BYTES = 200;

// Decodes the escapes of the payload file: \n \r \t \0 \xHH \u{H…} \\.
function decode(line) {
  return line.replace(/\\(n|r|t|0|x[0-9A-Fa-f]{2}|u\{[0-9A-Fa-f]+\}|\\)/g, (_, e) => {
    if (e === 'n') return '\n';
    if (e === 'r') return '\r';
    if (e === 't') return '\t';
    if (e === '0') return '\0';
    if (e === '\\') return '\\';
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
  });
}

export function loadPayloads() {
  const lines = fs.readFileSync(path.join(here, 'xss-payloads.txt'), 'utf8').split('\n');
  const out = [];
  for (const line of lines) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const id = out.length + 1;
    out.push({ id, text: decode(line).replaceAll('$ID', String(id)) });
  }
  return out;
}

// ---------------------------------------------------------------- prepare

const xmlText = (s) => s.replace(/[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '')
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cdata = (s) => '<![CDATA[' + s.replace(/[\0-\x08\x0B\x0C\x0E-\x1F]/g, '')
  .replaceAll(']]>', ']]]]><![CDATA[>') + ']]>';

function ninjsItem(p) {
  return {
    uri: `urn:newsml:xss.example:2026:ninjs-${p.id}`,
    version: 1,
    type: 'text',
    language: 'fr',
    versionCreated: '2026-11-21T10:00:00+01:00',
    firstCreated: '2026-11-21T10:00:00+01:00',
    pubStatus: 'usable',
    copyrightHolder: p.text,
    headline: `Essai ${p.id} ${p.text}`,
    by: p.text,
    description_text: p.text,
    body_html: `<p>Corps de la dépêche d'essai ${p.id}.</p>${p.text}<p>Fin ${p.text}</p>`,
    subjects: [{ name: p.text, uri: `medtop:${p.id}` }],
    associations: {
      photo: {
        type: 'picture',
        uri: `urn:newsml:xss.example:2026:photo-${p.id}`,
        headline: p.text,
        description_text: p.text,
        by: p.text,
        renditions: { original: { href: 'port.jpg', contentType: 'image/jpeg', width: 1200, height: 800 } },
      },
    },
  };
}

function rssDocument(payloads, part) {
  const items = payloads.map((p) => `
    <item>
      <guid isPermaLink="false">urn:xss.example:rss:${p.id}</guid>
      <title>${xmlText(`Essai RSS ${p.id} ${p.text}`)}</title>
      <link>https://xss.example/rss/${p.id}</link>
      <description>${xmlText(p.text)}</description>
      <content:encoded>${cdata(`<p>Corps RSS ${p.id}.</p>${p.text}`)}</content:encoded>
      <dc:creator>${xmlText(p.text)}</dc:creator>
      <category>${xmlText(p.text)}</category>
      <pubDate>Sat, 21 Nov 2026 10:00:00 +0100</pubDate>
    </item>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Agence XSS ${part} &lt;img src=x onerror=xss(0)&gt;</title>
    <link>https://xss.example/</link>
    <description>Dépêches d'essai</description>
    <language>fr</language>${items}
  </channel>
</rss>
`;
}

function prepare(binary, data, work) {
  const payloads = loadPayloads();
  const dir = path.join(work, 'dispatches');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(here, '../../demo/dispatches/pictures/port.jpg'), path.join(dir, 'port.jpg'));
  for (const p of payloads) {
    fs.writeFileSync(path.join(dir, `ninjs-${p.id}.json`), JSON.stringify(ninjsItem(p), null, 1));
  }
  for (let i = 0; i < payloads.length; i += 50) {
    fs.writeFileSync(path.join(dir, `rss-${i / 50 + 1}.xml`), rssDocument(payloads.slice(i, i + 50), i / 50 + 1));
  }
  const ingest = spawnSync(binary, ['ingest', '--data', data, dir], { encoding: 'utf8' });
  const lines = ingest.stdout.split('\n').filter((l) => l);
  const rejected = lines.filter((l) => l.startsWith('rejected'));
  console.log(`prepare: ${lines.length} ingest lines, ${rejected.length} rejected`);
  for (const l of rejected.slice(0, 20)) console.log(`  ${l}`);

  const mod = spawnSync(binary, ['user', 'add', '--data', data, '--email', MODERATOR.email, '--name',
    MODERATOR.name, '--role', 'moderator'], { input: PASSWORD + '\n', encoding: 'utf8' });
  if (mod.status !== 0) throw new Error(`moderator not created: ${mod.stderr}`);
  fs.writeFileSync(path.join(work, 'prepared.json'), JSON.stringify({ ingest: lines }));
}

// ---------------------------------------------------------------- check

// Runs in the page before its own scripts: every sink a payload calls is
// recorded instead of acting.
function hookSinks() {
  const hit = (what, args) => {
    try { window.__xssHit(what + '(' + Array.from(args).map(String).join(',') + ')'); } catch (e) { /* binding gone */ }
  };
  window.xss = function () { hit('xss', arguments); };
  window.alert = function () { hit('alert', arguments); };
  window.confirm = function () { hit('confirm', arguments); return false; };
  window.prompt = function () { hit('prompt', arguments); return null; };
  window.print = function () { hit('print', arguments); };
  window.msgbox = function () { hit('msgbox', arguments); };
  const realFetch = window.fetch;
  window.fetch = function (input, init) {
    if (String(input && input.url ? input.url : input).includes('/xss')) { hit('fetch', [input]); }
    return realFetch.call(this, input, init);
  };
}

// Runs in the page after load: what a payload left in the DOM that would run
// on a click, a hover or in another browser.
function domFindings() {
  const bad = [];
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background', 'srcdoc', 'to', 'values', 'from'];
  const describe = (el) => '<' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '>';
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\0-\x20\u00A0\u2028\u2029]/g, '').toLowerCase();
      if (name.startsWith('on')) bad.push(`${describe(el)} has ${a.name}="${a.value.slice(0, 60)}"`);
      else if (name === 'srcdoc') bad.push(`${describe(el)} has srcdoc`);
      else if (urlAttrs.includes(name) && /^(javascript|vbscript|data:text\/html|data:image\/svg)/.test(value)) {
        bad.push(`${describe(el)} has ${a.name}="${a.value.slice(0, 60)}"`);
      } else if (name === 'style' && /expression\(|javascript:|url\(/.test(value)) {
        bad.push(`${describe(el)} has style="${a.value.slice(0, 60)}"`);
      } else if ((el.namespaceURI || '').includes('svg') && (name === 'attributename') && /^on/i.test(a.value)) {
        bad.push(`${describe(el)} animates ${a.value}`);
      }
    }
    const tag = el.tagName.toLowerCase();
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'applet', 'portal'].includes(tag)) bad.push(`element ${describe(el)}`);
    if (tag === 'meta' && (el.closest('body') || el.hasAttribute('http-equiv'))) bad.push(`element <meta> in the body or with http-equiv`);
    if (tag === 'link' && el.closest('body')) bad.push(`element <link> in the body`);
    if (tag === 'script') {
      const src = el.getAttribute('src');
      const type = (el.getAttribute('type') || '').toLowerCase();
      if (src !== null && !src.startsWith('/static/')) bad.push(`<script src="${src.slice(0, 60)}">`);
      else if (src === null && type === 'application/ld+json') {
        try { JSON.parse(el.textContent); } catch (e) { bad.push('JSON-LD script that is not JSON (breakout)'); }
      } else if (src === null) bad.push(`inline <script>${el.textContent.slice(0, 60)}`);
    }
    if (tag === 'style' && el.closest('body')) bad.push('element <style> in the body');
  }
  return bad;
}

async function check(base, work) {
  const { chromium } = await import('playwright-core');
  const payloads = loadPayloads();
  const failures = [];
  const counts = {};
  const fail = (what) => { failures.push(what); console.log(`FAIL ${what}`); };
  const t0 = Date.now();
  const phase = (what) => console.log(`${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s  ${what}`);
  const tally = (surface, n = 1) => { counts[surface] = (counts[surface] || 0) + n; };

  const api = async (method, url, { token, body } = {}) => {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
    return { status: r.status, json, text };
  };
  const signUp = async (email, name) => {
    const r = await api('POST', '/api/v1/users', { body: { email, name, password: PASSWORD } });
    if (r.status !== 201) throw new Error(`sign-up ${email}: ${r.status} ${r.text}`);
    return r.json;
  };
  const postFrom = (localAddress, url, body) => new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const u = new URL(base + url);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', localAddress,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': Buffer.byteLength(data) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json = null;
        try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.on('error', reject);
    req.end(data);
  });

  // The article that receives the comments: a demo one (not a payload one).
  const list = await api('GET', '/api/v1/articles?limit=100');
  const target = list.json.items.find((a) => !/Essai/.test(a.headline));
  if (!target) throw new Error('no demo article to comment on');

  // Comments and replies by one reader, reports by another.
  const author = await signUp('auteur-xss@example.org', 'Auteur XSS');
  const reporter = await signUp('signaleur-xss@example.org', 'Signaleur XSS');
  const anchor = await api('POST', `/api/v1/articles/${target.id}/comments`, { token: author.token, body: { body: 'Premier commentaire, qui reçoit les réponses.' } });
  if (anchor.status !== 201) throw new Error(`first comment: ${anchor.status} ${anchor.text}`);
  const commentIds = [];
  const statuses = {};
  for (const p of payloads) {
    const top = await api('POST', `/api/v1/articles/${target.id}/comments`, { token: author.token, body: { body: p.text } });
    statuses[top.status] = (statuses[top.status] || 0) + 1;
    if (top.status === 201) { commentIds.push(top.json.id); tally('comment bodies'); }
    const reply = await api('POST', `/api/v1/articles/${target.id}/comments`, { token: author.token, body: { body: p.text, parent_id: anchor.json.id } });
    statuses[reply.status] = (statuses[reply.status] || 0) + 1;
    if (reply.status === 201) tally('comment replies');
  }
  console.log(`comments posted: ${JSON.stringify(statuses)} (status: count)`);
  let reported = 0;
  for (let i = 0; i < payloads.length && i < commentIds.length; i++) {
    const r = await api('POST', `/api/v1/comments/${commentIds[i]}/reports`, { token: reporter.token, body: { reason: 'other', text: payloads[i].text.slice(0, MAX_REPORT_CHARS) } });
    if (r.status === 201) reported++; else console.log(`  report ${payloads[i].id}: ${r.status} ${r.text.slice(0, 120)}`);
  }
  tally('report texts', reported);
  // Pseudonyms through the sign-up API. One address may make 10 accounts an
  // hour: the attempts come from rotating loopback addresses (127.0.0.2…).
  let acceptedNames = 0;
  const refusals = {};
  for (const p of payloads) {
    const from = `127.0.0.${2 + Math.floor((p.id - 1) / 8)}`;
    const r = await postFrom(from, '/api/v1/users', { email: `pseudo-${p.id}@example.org`, name: p.text, password: PASSWORD });
    if (r.status !== 201) {
      const code = (r.json && r.json.error && r.json.error.message) || String(r.status);
      refusals[code] = (refusals[code] || 0) + 1;
      continue;
    }
    acceptedNames++;
    const c = await api('POST', `/api/v1/articles/${target.id}/comments`, { token: r.json.token, body: { body: `Commentaire du pseudonyme ${p.id}` } });
    if (c.status === 201) tally('pseudonyms (accepted, shown with a comment)');
  }
  tally('pseudonyms (tried at sign-up)', payloads.length);
  console.log(`pseudonyms accepted at sign-up: ${acceptedNames} of ${payloads.length}; refused: ${JSON.stringify(refusals)}`);

  // The browser.
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  let pagesLoaded = 0;
  try {
    const newPage = async (context) => {
      const page = await context.newPage();
      page.hits = [];
      await page.exposeBinding('__xssHit', (_source, what) => page.hits.push(what));
      await page.addInitScript(hookSinks);
      page.on('dialog', (d) => { page.hits.push(`dialog ${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
      page.on('request', (r) => {
        let u;
        try { u = new URL(r.url()); } catch (e) { return; }
        if (/^(javascript|vbscript):/.test(u.protocol) || u.hostname.includes('evil.example') || u.pathname.startsWith('/xss')) {
          page.hits.push(`request ${r.url().slice(0, 100)}`);
        }
      });
      page.on('popup', (p) => page.hits.push(`popup ${p.url()}`));
      return page;
    };
    const context = async (user) => {
      const ctx = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
      ctx.setDefaultTimeout(STEP_TIMEOUT_MS);
      if (user) {
        const r = await ctx.request.post(base + '/api/v1/session', { data: { email: user.email, password: PASSWORD } });
        if (r.status() !== 201) throw new Error(`browser sign-in ${user.email}: ${r.status()}`);
      }
      return ctx;
    };
    const visit = async (page, url, label, settleMs = 40) => {
      page.hits.length = 0;
      const resp = await page.goto(base + url, { waitUntil: 'load' });
      pagesLoaded++;
      await page.waitForTimeout(settleMs);
      const dom = await page.evaluate(domFindings).catch((e) => [`DOM not readable: ${e.message}`]);
    if (settleMs >= 300) {
      // Summary pages: show how many payloads are on show, as text.
      const shown = await page.evaluate(() => document.body.innerText.split('xss(').length - 1);
      console.log(`       ${label}: ${shown} payload texts on show`);
    }
      for (const h of page.hits) fail(`${label}: script ran: ${h} (${url.slice(0, 120)})`);
      for (const d of dom) fail(`${label}: ${d} (${url.slice(0, 120)})`);
      return resp;
    };

    // Baseline: the site's own pages must pass the DOM check.
    const anon = await context(null);
    const workers = [];
    for (let i = 0; i < WORKERS; i++) workers.push(await newPage(anon));
    const page = workers[0];
    await visit(page, '/', 'baseline home');
    // The harness must see a payload that runs, or every check passes vacuously.
    await page.setContent('<img src=x onerror=xss(0)><a href="javascript:xss(0)">x</a>');
    await page.waitForTimeout(200);
    const canaryDom = await page.evaluate(domFindings);
    if (!page.hits.includes('xss(0)') || canaryDom.length < 2) fail(`harness: canary not caught (${page.hits}, ${canaryDom})`);
    page.hits.length = 0;
    // Visits each item's page with WORKERS pages at once.
    const each = async (items, fn) => {
      let next = 0;
      await Promise.all(workers.map(async (w) => {
        while (next < items.length) await fn(w, items[next++]);
      }));
    };

    phase('posted and reported; browsing agency text');
    // Agency text: every payload article, its cards on the home and search pages.
    const articles = [];
    for (let cursor = null, n = 0; n < 20; n++) {
      const r = await api('GET', `/api/v1/articles?limit=100${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`);
      articles.push(...r.json.items);
      cursor = r.json.next;
      if (!cursor) break;
    }
    const payloadArticles = articles.filter((a) => /Essai/.test(a.headline));
    await each(payloadArticles, async (w, a) => {
      await visit(w, a.url, 'article page');
      tally(a.guid.includes(':rss:') ? 'RSS dispatches (title, description, content, creator, category)' : 'ninjs dispatches (headline, body, byline, summary, subject, caption, credit, provider)');
    });
    // Home pages follow each other by cursor: walk them by their "Plus anciens" link.
    for (let path = '/', n = 0; path && n < Math.ceil(articles.length / 20) + 1; n++) {
      await visit(page, path, 'home', 150);
      const older = await page.$('a[rel="next"]');
      path = older ? await older.getAttribute('href') : null;
    }
    for (let i = 1; i <= Math.ceil(payloadArticles.length / 20); i++) await visit(page, `/recherche?q=essai&page=${i}`, 'search results', 150);

    phase('agency text done; search queries');
    // Search queries, reflected by the page and the API.
    // The API's JSON is not rendered as HTML as long as it says it is JSON.
    await each(payloads, async (w, p) => {
      const q = encodeURIComponent(Buffer.from(p.text).subarray(0, MAX_QUERY_BYTES).toString());
      await visit(w, `/recherche?q=${q}`, `search page, payload ${p.id}`);
      const r = await fetch(`${base}/api/v1/search?q=${q}`);
      const type = r.headers.get('content-type') || '';
      if (!type.startsWith('application/json')) fail(`search API answers ${type} for payload ${p.id}`);
      if (r.headers.get('x-content-type-options') !== 'nosniff') fail(`search API without nosniff for payload ${p.id}`);
      await r.arrayBuffer();
      tally('search queries (page + API)');
    });

    phase('search done; comment thread, moderation');
    // The thread, anonymous, as its author (edit forms hold the text) and as
    // the moderator, in both orders; the moderation pages.
    const threadUrl = target.url;
    await visit(page, threadUrl, 'comment thread (anonymous)', 300);
    await visit(page, threadUrl + '?tri=recents', 'comment thread, newest first', 300);
    const authorCtx = await context({ email: 'auteur-xss@example.org' });
    const authorPage = await newPage(authorCtx);
    await visit(authorPage, threadUrl, 'comment thread (author)', 300);
    await visit(authorPage, '/compte', 'account page (author)', 100);
    const exported = await authorCtx.request.get(base + '/compte/commentaires.json');
    if (!(exported.headers()['content-type'] || '').startsWith('application/json')) fail('account export is not served as JSON');
    const reporterCtx = await context({ email: 'signaleur-xss@example.org' });
    const reporterPage = await newPage(reporterCtx);
    for (const id of commentIds.filter((_, i) => i % REPORT_FORM_EVERY === 0)) {
      await visit(reporterPage, `/commentaires/${id}/signaler`, 'report form');
    }
    const modCtx = await context({ email: MODERATOR.email });
    const modPage = await newPage(modCtx);
    await visit(modPage, threadUrl, 'comment thread (moderator)', 300);
    await visit(modPage, '/moderation', 'moderation queues', 300);
    await visit(modPage, `/moderation/utilisateurs/${author.user.id}`, 'moderation: author history', 300);
    await visit(modPage, `/moderation/utilisateurs/${reporter.user.id}`, 'moderation: reporter history', 300);
  } finally {
    await browser.close();
  }
  console.log('\npayloads × surfaces checked:');
  for (const [surface, n] of Object.entries(counts)) console.log(`  ${String(n).padStart(4)}  ${surface}`);
  console.log(`${payloads.length} payloads, ${pagesLoaded} pages loaded in Chromium, ${failures.length} findings`);
  return failures.length === 0 ? 0 : 1;
}

const [mode, ...rest] = process.argv.slice(2);
const watchdog = setTimeout(() => { console.error(`xss: gave up after ${OVERALL_TIMEOUT_MS / 1000} s`); process.exit(2); }, OVERALL_TIMEOUT_MS);
try {
  if (mode === 'prepare' && rest.length === 3) { prepare(...rest); process.exitCode = 0; }
  else if (mode === 'check' && rest.length === 2) process.exitCode = await check(...rest);
  else { console.error('usage: node xss.mjs prepare BINARY DATA WORK | check BASE_URL WORK'); process.exitCode = 2; }
} catch (e) {
  console.error(`xss: ${e.stack || e}`);
  process.exitCode = 2;
}
clearTimeout(watchdog);
