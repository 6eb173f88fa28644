// Rich technical content, drawn by the publishing tool at build time and read in
// Chromium: formulas as MathML, Mermaid diagrams as SVG, link cards, code permalinks,
// players that load only when asked, posts quoted as text, Zenn's syntax.
//
// - The sample post (posts/inference-capacity-math.md) in the sample build: the same
//   body in the rendered page, the app's own render and the feed, nothing fetched
//   from elsewhere, themes followed.
// - A site with players and a quoted post, built offline from a cache committed with
//   its posts: nothing reaches the provider before the reader asks; each page's
//   policy allows exactly its players, also after client-side navigation.
// - A site whose cards are fetched from a stand-in for the web (Shift_JIS and EUC-JP
//   pages, a hostile page, a missing one), then built again offline from the cache.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DIST, PROFILE, expectPoll, postPath, readManifest, useHarness, waitForApp } from './harness.mjs';
import { plainShell } from './build.mjs';
import { startServer } from './server.mjs';

const h = useHarness();
const SAMPLE = 'inference-capacity-math';
const WEB_FIXTURES = path.resolve('tests/e2e/fixtures/web');
const state = { tmp: null, players: null, fetched: null, web: null };

/**
 * Runs the publishing tool; resolves to what it printed on both streams. Not
 * synchronously: the stand-in for the web answers from this process meanwhile.
 */
async function publish(args, env = {}) {
  const run = await promisify(execFile)('cargo', ['run', '--quiet', '--offline', '-p', 'fumi-publish', '--', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return `${run.stdout}${run.stderr}`;
}

/** A project with `posts` (name → Markdown) and an embeds cache, built into a copy of the release app. */
async function buildSite(name, posts, { cache = null, env = {} } = {}) {
  const root = path.join(state.tmp, name);
  const dist = path.join(state.tmp, `${name}-dist`);
  fs.mkdirSync(path.join(root, 'posts'), { recursive: true });
  fs.writeFileSync(path.join(root, 'fumi.toml'), `title = "${name}"\nlanguage = "ja"\nbase_url = "https://${name}.example/"\n`);
  for (const [file, markdown] of Object.entries(posts)) fs.writeFileSync(path.join(root, 'posts', file), markdown);
  if (cache) {
    fs.mkdirSync(path.join(root, 'posts', '.embeds'), { recursive: true });
    for (const [file, bytes] of Object.entries(cache)) fs.writeFileSync(path.join(root, 'posts', '.embeds', file), bytes);
  }
  const report = await rebuild(root, dist, env);
  return { root, dist, report };
}

/** (Re)publishes `root` into `dist`, a copy of the release app, and renders its pages. */
async function rebuild(root, dist, env = {}) {
  fs.rmSync(dist, { recursive: true, force: true });
  fs.cpSync(DIST, dist, { recursive: true, filter: (src) => !/\.(br|gz)$/.test(src) });
  fs.rmSync(path.join(dist, 'posts'), { recursive: true, force: true });
  fs.rmSync(path.join(dist, 'embeds'), { recursive: true, force: true });
  fs.writeFileSync(path.join(dist, 'index.html'), plainShell(fs.readFileSync(path.join(dist, '404.html'), 'utf8')));
  const report = await publish(['build', '--root', root, '--out', path.join(dist, 'posts'), '--site-root', dist], env);
  await publish(['trunk-post-build', '--root', root], { TRUNK_STAGING_DIR: dist, TRUNK_PUBLIC_URL: '/', TRUNK_PROFILE: 'release' });
  return report;
}

/** A small PNG (an RGB gradient), made here so no binary fixture is needed. */
function png(width, height) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push((x * 255) / width, (y * 255) / height, 160);
  }
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** The stand-in for the web: pages with Open Graph data in three encodings, a hostile one, a missing one. */
function startWeb() {
  const requests = [];
  const html = (res, body, type = 'text/html; charset=utf-8') => {
    res.writeHead(200, { 'Content-Type': type });
    res.end(body);
  };
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const url = new URL(req.url, 'http://web');
    switch (url.pathname) {
      case '/article':
        return html(
          res,
          `<!doctype html><html><head><title>raw</title><meta property="og:title" content="Kubernetes の Pod を &quot;正しく&quot; 止める"><meta property="og:description" content="preStop と terminationGracePeriodSeconds の関係を整理します。"><meta property="og:site_name" content="例のブログ"><meta property="og:image" content="/og.png"></head><body></body></html>`,
        );
      case '/og.png':
        res.writeHead(200, { 'Content-Type': 'image/png' });
        return res.end(png(1200, 630));
      case '/sjis':
        return html(res, fs.readFileSync(path.join(WEB_FIXTURES, 'sjis.html')), 'text/html; charset=Shift_JIS');
      case '/euc':
        return html(res, fs.readFileSync(path.join(WEB_FIXTURES, 'euc-jp.html')), 'text/html');
      case '/hostile':
        return html(
          res,
          `<html><head><meta property="og:title" content="&quot;&gt;&lt;img src=x onerror=__xss('og-title')&gt;"><meta property="og:description" content="<script>__xss('og-description')</script>"><meta property="og:image" content="javascript:__xss('og-image')"></head></html>`,
        );
      default:
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end('not here');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, requests, close: () => new Promise((r) => server.close(r)) }),
    ),
  );
}

const VIDEO = 'https://www.youtube.com/watch?v=Fumi0Player';
const POST = 'https://x.com/fumi_blog/status/1850000000000000000';
const PLAYER = 'https://www.youtube-nocookie.com/embed/Fumi0Player';

before(async () => {
  state.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-rich-'));
  if (PROFILE !== 'release') return;
  // Players and a quoted post, from a cache committed with the posts (a fixture: this
  // video and post do not exist), built offline.
  const thumbnail = png(480, 270);
  const cache = {
    'embeds.json': `${JSON.stringify(
      {
        [POST]: { fetched: 'test fixture', embed: { kind: 'post', title: 'fumi', description: '一行目の投稿です。\n二行目。', site: 'X' } },
        [VIDEO]: {
          fetched: 'test fixture',
          embed: { kind: 'video', title: 'Kubernetes 入門の講演', site: 'fumi チャンネル', image: { src: 'embeds/00000000000000aa.png', size: [480, 270] }, frame: PLAYER },
        },
      },
      null,
      2,
    )}\n`,
    '00000000000000aa.png': thumbnail,
  };
  state.players = await buildSite(
    'players',
    {
      'talk.md': `---\ntitle: "講演の記事"\ndate: 2024-03-01\ntags: [talk]\n---\n講演の動画です。\n\n@[youtube](Fumi0Player)\n\n投稿も引用します。\n\n@[tweet](${POST})\n`,
      'plain.md': `---\ntitle: "ふつうの記事"\ndate: 2024-03-02\ntags: [talk]\n---\n動画はありません。[講演の記事](/posts/talk)もどうぞ。\n`,
    },
    { cache, env: { FUMI_OFFLINE: '1' } },
  );
  state.players.server = await startServer({ dir: state.players.dist });

  // Cards fetched from the stand-in for the web.
  state.web = await startWeb();
  const cards = ['article', 'sjis', 'euc', 'hostile', 'missing'].map((p) => `${state.web.url}/${p}`).join('\n\n');
  state.fetched = await buildSite(
    'fetched',
    { 'cards.md': `---\ntitle: "カードの記事"\ndate: 2024-04-01\ntags: [cards]\n---\nリンクカードです。\n\n${cards}\n` },
    { env: { FUMI_OFFLINE: '0' } },
  );
  state.fetched.server = await startServer({ dir: state.fetched.dist });
});

after(async () => {
  await state.players?.server?.close();
  await state.fetched?.server?.close();
  await state.web?.close();
  if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
});

/** Opens `url` noting every request that leaves `origin` and every CSP violation. */
async function openWatched(url, origin, { noApp = false, viewport } = {}) {
  const away = [];
  const { page, errors } = await h.openPage(url, {
    viewport,
    setup: async (page) => {
      if (noApp) await page.route(/\/fumi-[0-9a-f]{14,16}(_bg\.wasm|\.js)$/, (route) => route.abort());
      await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
        window.__xss = (id) => (window.__xssHits = [...(window.__xssHits ?? []), id]);
      });
      page.on('request', (r) => {
        if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) away.push(r.url());
      });
    },
  });
  return { page, errors, away };
}

/** The body as a reader sees it: its HTML without the app's bookkeeping (focus stops, comment markers). */
const bodyHtml = (page) =>
  page.locator('main#main .post__body').evaluate((body) => {
    const copy = body.cloneNode(true);
    for (const el of copy.querySelectorAll('[tabindex]')) el.removeAttribute('tabindex');
    return copy.innerHTML.replace(/<!--[^]*?-->/g, '');
  });

test('the sample post shows formulas, diagrams and cards drawn at build time, with no app and nothing fetched elsewhere', async () => {
  const { page, away } = await openWatched(postPath(SAMPLE), h.url, { noApp: true });
  const body = page.locator('main#main .post__body');
  await body.waitFor();
  // Formulas: MathML, laid out by the browser (a fraction is taller than a line).
  assert.ok((await body.locator('math').count()) >= 12, 'every formula is MathML');
  const display = await body.locator('.math-display math[display="block"]').first().boundingBox();
  const symbol = await body.locator('p math').first().boundingBox();
  assert.ok(display.height > 1.8 * symbol.height, `a fraction is laid out as one (${display.height} vs ${symbol.height} px)`);
  assert.equal(await body.locator('.math-error').count(), 0);
  assert.equal(await body.locator('.math-display annotation').first().textContent(), '\n\\rho = \\frac{\\lambda}{c\\,\\mu}\n', 'the TeX rides along');
  // Diagrams: two SVG images named by their labels, wide enough to read.
  const diagrams = body.locator('figure.diagram svg[role="img"]');
  assert.equal(await diagrams.count(), 2);
  const label = await diagrams.first().getAttribute('aria-label');
  for (const node of ['クライアント', 'Ingress', '推論 API', 'リクエストキュー', 'GPU ワーカー 2']) assert.ok(label.includes(node), label);
  assert.ok((await diagrams.nth(1).boundingBox()).width > 300);
  // The code permalink: its lines, numbered from 584, highlighted, with a link back.
  const code = body.locator('figure.embed--code');
  assert.equal(await code.locator('figcaption a').textContent(), 'pulldown-cmark/src/lib.rs');
  assert.match(await code.locator('figcaption a').getAttribute('href'), /^https:\/\/github\.com\/pulldown-cmark\/.*#L584-L599$/);
  const numbers = (await code.locator('.code-block__numbers').textContent()).split('\n');
  assert.deepEqual([numbers[0], numbers.at(-1), numbers.length], ['584', '599', 16]);
  assert.match(await code.locator('code').textContent(), /InlineMath\(CowStr<'a>\),/);
  assert.ok((await code.locator('code span[class^="hl-"]').count()) > 0, 'highlighted');
  // Link cards (one written as Zenn's @[card](…)).
  const titles = await body.locator('figure.embed--link .embed__title').allTextContents();
  assert.deepEqual(titles, ['Horizontal Pod Autoscaling', 'MathML Core']);
  // Zenn's syntax and furigana.
  assert.equal(await body.locator('details.fold summary').textContent(), '計算に使ったスクリプト');
  assert.equal(await body.locator('.alert').count(), 1);
  assert.equal(await body.locator('.code-block__filename', { hasText: 'hpa.yaml' }).count(), 1);
  assert.equal(await body.locator('.diff-line--added').count(), 1);
  assert.equal(await body.locator('.diff-line--removed').count(), 1);
  assert.deepEqual(await body.locator('ruby rt').allTextContents(), ['かどうりつ', 'まちぎょうれつ']);
  assert.deepEqual(away, [], 'no request leaves the site');
});

test('diagrams take the colours of the theme the reader chose', async () => {
  const { page } = await openWatched(postPath(SAMPLE), h.url, { noApp: true });
  const colours = () =>
    page.evaluate(() => {
      const label = document.querySelector('figure.diagram svg text');
      return { ink: getComputedStyle(label).fill, text: getComputedStyle(document.body).color };
    });
  const light = await colours();
  assert.equal(light.ink, light.text, 'labels are written in the page text colour');
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  const dark = await colours();
  assert.equal(dark.ink, dark.text);
  assert.notEqual(dark.ink, light.ink, 'and follow it into the dark theme');
});

test('the app draws the same body itself, and the feed carries it', async () => {
  const manifest = readManifest();
  assert.ok(manifest.posts.some((p) => p.slug === SAMPLE));
  const rendered = await openWatched(postPath(SAMPLE), h.url, { noApp: true });
  await rendered.page.locator('main#main .post__body').waitFor();
  const staticBody = await bodyHtml(rendered.page);

  // From the archive, the app fetches the post's Markdown and hints and renders them.
  const { page } = await openWatched('/archive', h.url);
  await waitForApp(page);
  await page.locator(`main#main a[href$="${postPath(SAMPLE)}"]`).first().click();
  await page.locator('main#main .post__body figure.diagram').first().waitFor();
  assert.equal(await bodyHtml(page), staticBody, 'the app renders exactly what the page had');

  const feed = fs.readFileSync(path.join(DIST, 'feed.xml'), 'utf8');
  const entry = feed.slice(feed.indexOf(`posts/${SAMPLE}`));
  for (const part of ['&lt;math display=&quot;block&quot;&gt;', 'diagram__svg', 'embed--code', 'embed__title&quot;&gt;MathML Core']) {
    assert.ok(entry.includes(part), `the feed entry has ${part}`);
  }
});

test('a player loads only when asked, under a policy that allows exactly it', { skip: PROFILE !== 'release' && 'needs a release build' }, async () => {
  const origin = state.players.server.url;
  const talk = await openWatched(`${origin}/posts/talk`, origin, { noApp: true });
  const page = talk.page;
  const card = page.locator('figure.embed--video');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-frame'), PLAYER);
  assert.equal(await card.locator('.embed__title').textContent(), 'Kubernetes 入門の講演');
  assert.equal(await card.locator('img.embed__image').getAttribute('src'), 'embeds/00000000000000aa.png');
  assert.ok(fs.existsSync(path.join(state.players.dist, 'embeds', '00000000000000aa.png')), 'the thumbnail is in the site');
  // The quoted post: text, no vendor script.
  assert.equal(await page.locator('figure.embed--post blockquote p').innerHTML(), '一行目の投稿です。<br>二行目。');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /frame-src https:\/\/www\.youtube-nocookie\.com;/);
  assert.equal(await page.locator('iframe').count(), 0);
  assert.deepEqual(talk.away, [], 'nothing reaches the provider before the reader asks');

  // The reader asks (the app starts, takes the held click and loads the player).
  await page.route('https://www.youtube-nocookie.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<title>player</title><p>player</p>' }),
  );
  await page.unroute(/\/fumi-[0-9a-f]{14,16}(_bg\.wasm|\.js)$/);
  await card.locator('button.embed__load').click();
  const player = page.locator('figure.embed--video iframe.embed__frame');
  await player.waitFor();
  assert.equal(await player.getAttribute('src'), PLAYER);
  assert.equal(await player.getAttribute('title'), 'Kubernetes 入門の講演');
  await expectPoll(() => talk.away.filter((u) => u.startsWith(PLAYER)).length, 1);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);

  // A page without players allows none.
  const plain = await openWatched(`${origin}/posts/plain`, origin, { noApp: true });
  await plain.page.locator('main#main .post__body').waitFor();
  const plainPolicy = await plain.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.ok(!plainPolicy.includes('frame-src'), plainPolicy);
});

test('a player reached by client-side navigation loads after one reload brings its policy', { skip: PROFILE !== 'release' && 'needs a release build' }, async () => {
  const origin = state.players.server.url;
  const { page, away } = await openWatched(`${origin}/posts/plain`, origin);
  await page.route('https://www.youtube-nocookie.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<p>player</p>' }),
  );
  await waitForApp(page);
  await page.locator('main#main .post__body a', { hasText: '講演の記事' }).click();
  const button = page.locator('figure.embed--video button.embed__load');
  await button.waitFor();
  await button.click();
  // The first page's policy has no frame-src: the post is loaded afresh, and its player then loads.
  const player = page.locator('figure.embed--video iframe.embed__frame');
  await player.waitFor();
  assert.equal(await player.getAttribute('src'), PLAYER);
  assert.match(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'), /frame-src https:\/\/www\.youtube-nocookie\.com/);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.ok(away.every((u) => u.startsWith(PLAYER)), away.join('\n'));
});

test('cards are fetched once from the web, in any Japanese encoding, and hostile pages stay text', { skip: PROFILE !== 'release' && 'needs a release build' }, async () => {
  const { report, root, dist } = state.fetched;
  const web = state.web.url;
  assert.match(report, new RegExp(`posts/cards\\.md:\\d+: ${web}/missing: `), report);
  const origin = state.fetched.server.url;
  const { page, away } = await openWatched(`${origin}/posts/cards`, origin, { noApp: true });
  const body = page.locator('main#main .post__body');
  await body.waitFor();
  const titles = await body.locator('figure.embed--link .embed__title').allTextContents();
  assert.deepEqual(titles, [
    'Kubernetes の Pod を "正しく" 止める',
    'シフトJISで書かれた記事のタイトル',
    'EUC-JPで書かれた記事のタイトル',
    `"><img src=x onerror=__xss('og-title')>`,
  ]);
  assert.equal(await body.locator('figure.embed--link .embed__site').first().textContent(), '例のブログ');
  assert.equal(await body.locator('figure.embed--link .embed__description').nth(2).textContent(), 'メタタグだけが文字コードを教えてくれるページです。');
  // The preview image was downsized and copied into the site; the card reserves its size.
  const image = body.locator('figure.embed--link img.embed__image').first();
  const src = await image.getAttribute('src');
  assert.match(src, /^embeds\/[0-9a-f]{16}\.(jpg|webp|png)$/);
  assert.deepEqual([await image.getAttribute('width'), await image.getAttribute('height')], ['640', '336']);
  assert.ok(fs.existsSync(path.join(dist, src)));
  // The missing page is a plain link; nothing ran; nothing was requested from the web by the reader.
  assert.equal(await body.locator(`a[href="${web}/missing"]`).textContent(), `${web}/missing`);
  await page.waitForTimeout(150);
  assert.deepEqual(await page.evaluate(() => window.__xssHits ?? []), []);
  assert.deepEqual(away, []);
  assert.ok(!state.web.requests.some((r) => r.includes('__xss')), 'the hostile image address was never fetched');

  // The cache is committed with the posts; a later build needs no network at all.
  const cache = JSON.parse(fs.readFileSync(path.join(root, 'posts', '.embeds', 'embeds.json'), 'utf8'));
  assert.deepEqual(Object.keys(cache).sort(), ['article', 'euc', 'hostile', 'sjis'].map((p) => `${web}/${p}`).sort());
  const before = state.web.requests.length;
  await state.web.close();
  await rebuild(root, dist, { FUMI_OFFLINE: '1' });
  assert.equal(state.web.requests.length, before);
  const again = await openWatched(`${origin}/posts/cards`, origin, { noApp: true });
  await again.page.locator('main#main .post__body').waitFor();
  assert.deepEqual(await again.page.locator('figure.embed--link .embed__title').allTextContents(), titles);
  assert.ok(fs.existsSync(path.join(dist, src)), 'its image too');
});
