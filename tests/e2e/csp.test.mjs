// A strict Content-Security-Policy, served as the build's `_headers` asks (as
// Netlify and Cloudflare Pages do): every route renders under it and client-side
// navigation works, with no policy violation and no console error; the policy is
// really enforced (an injected inline script, inline handler, style attribute or eval
// is refused), by the header and, on hosts that cannot send headers, by the <meta>
// copy in every page; and other sites cannot frame the blog.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { DIST, readManifest, useHarness, waitForApp, expectPath, postPath, tagPath } from './harness.mjs';
import { startServer } from './server.mjs';

const h = useHarness({ headers: true });
const manifest = readManifest();

/** The policy the README documents. */
const POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: https:; " +
  "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; " +
  "form-action 'self'; frame-ancestors 'self'";
/** The same without frame-ancestors, which a <meta> cannot carry. */
const META_POLICY = POLICY.replace(/; frame-ancestors[^;]*/, '');
/** giscus, when the site's comments use it: post pages allow its script, frame and
 * stylesheet (sharing.test.mjs loads it), and so does the header, which covers every
 * path (browsers enforce both: other pages still allow none). */
const COMMENTS = manifest.site.sharing_html?.includes('https://giscus.app/client.js') ? 'https://giscus.app' : null;
const withComments = (policy) =>
  COMMENTS
    ? policy
        .replace("script-src 'self' 'wasm-unsafe-eval'", `$& ${COMMENTS}`)
        .replace("style-src 'self'", `$& ${COMMENTS}`)
        .replace('; object-src', `; frame-src ${COMMENTS}; object-src`)
    : policy;
const HEADER_POLICY = withComments(POLICY);

const LONG_JA = 'mlops-pipeline-on-kubernetes';
/** Has tables whose columns are aligned (`|:-:|`): alignment must not need style attributes. */
const ALIGNED = 'writing-posts';

/** Runs in every document before its scripts: records each policy violation. */
function recordViolations() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    const where = `${e.sourceFile}:${e.lineNumber}`;
    window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${where} ${e.sample}`);
  });
}

/** Opens `pathname` with violations recorded; returns the page, its errors and the document response. */
async function open(pathname, origin = h.url) {
  const { page, context, errors } = await h.openPage(pathname, {
    goto: false,
    setup: (page) => page.addInitScript(recordViolations),
  });
  const response = await page.goto(`${origin}${pathname}`);
  return { page, context, errors, response };
}

const violations = (page) => page.evaluate(() => window.__violations);

/** Every HTML file of the build, relative to it. */
function htmlFiles() {
  return fs
    .readdirSync(DIST, { recursive: true })
    .filter((f) => f.endsWith('.html'))
    .map((f) => f.split(path.sep).join('/'));
}

test('the build ships the policy in _headers and in every page, and no page has an inline script', () => {
  const headers = fs.readFileSync(path.join(DIST, '_headers'), 'utf8');
  assert.match(headers, /^\/\*\n(  .+\n)*  Content-Security-Policy: (.+)\n/m, '_headers: a policy for every path');
  assert.equal(headers.match(/Content-Security-Policy: (.+)/)[1], HEADER_POLICY);
  const files = htmlFiles();
  assert.ok(files.includes('index.html') && files.includes('404.html'), files.join(' '));
  assert.ok(files.filter((f) => f.startsWith('posts/')).length >= manifest.posts.length, 'a rendered page per post');
  let start = null;
  for (const file of files) {
    const html = fs.readFileSync(path.join(DIST, file), 'utf8');
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)];
    assert.equal(metas.length, 1, `${file}: one policy <meta>`);
    const expected = file.startsWith('posts/') ? withComments(META_POLICY) : META_POLICY;
    assert.equal(metas[0][1], expected, `${file}: the policy without frame-ancestors`);
    assert.ok(metas[0].index < html.indexOf('<script'), `${file}: the policy comes before every script`);
    let records = 0;
    for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      // The one exception: the page record, a JSON data block the browser never runs
      // (`type="application/json"`, id fumi-page), read by the app with JSON.parse.
      if (attributes === ' type="application/json" id="fumi-page"') {
        records += 1;
        assert.doesNotThrow(() => JSON.parse(body), `${file}: the page record is JSON`);
        continue;
      }
      // And the schema.org description of a post or an author's page, another data block.
      if (attributes === ' type="application/ld+json" data-fumi-head') {
        assert.doesNotThrow(() => JSON.parse(body), `${file}: the JSON-LD is JSON`);
        continue;
      }
      assert.match(attributes, /\bsrc=/, `${file}: no inline script (${attributes.trim()} ${body.trim().slice(0, 60)})`);
    }
    // Every page but the not-found page records its route.
    assert.equal(records, file === '404.html' ? 0 : 1, `${file}: page records`);
    assert.doesNotMatch(html, /\son[a-z]+=/i, `${file}: no inline event handlers`);
    assert.doesNotMatch(html, /\sstyle="/i, `${file}: no style attributes`);
    // The first-paint script loads the page's module scripts, the start-up file among them.
    const listed = html.match(/<script data-after-first-paint="([^"]+)" src="\/theme-[0-9a-f]{14,16}\.js"/)?.[1] ?? '';
    const src = listed.split(' ').find((entry) => /^\/fumi-start-[0-9a-f]{14,16}\.js$/.test(entry))?.slice(1);
    assert.ok(src, `${file}: starts the app from the start-up file (${listed})`);
    assert.doesNotMatch(html, /<script type="module"/, `${file}: no module script before the first paint`);
    start ??= src;
    assert.equal(src, start, `${file}: the same start-up file as every page`);
  }
  const script = fs.readFileSync(path.join(DIST, start), 'utf8');
  // The app's glue and wasm, named relative to the start script itself (it imports the
  // glue when the app is wanted: at once, on intent or when idle).
  const glue = script.match(/new URL\('\.\/(fumi-[0-9a-f]{14,16}\.js)', import\.meta\.url\)/)?.[1];
  const wasm = script.match(/new URL\('\.\/(fumi-[0-9a-f]{14,16}_bg\.wasm)', import\.meta\.url\)/)?.[1];
  assert.ok(glue, 'imports the app relative to itself');
  assert.ok(wasm, 'and its wasm');
  assert.match(script, /import\(GLUE\)/, 'the glue is loaded with import(), no inline code');
  for (const name of [glue, wasm]) assert.ok(fs.existsSync(path.join(DIST, name)), `${name} is in the build`);
});

test('with the policy served, every route renders with no violation and no console error', async () => {
  const post = (slug) => manifest.posts.find((p) => p.slug === slug);
  const routes = [
    ['/', manifest.site.title],
    [postPath(LONG_JA), post(LONG_JA).title],
    [postPath(ALIGNED), post(ALIGNED).title],
    ['/tags', null],
    ['/tags?view=cloud', null],
    [tagPath('機械学習'), null],
    ['/archive', null],
    [`/search?q=${encodeURIComponent('運用')}`, null],
    ['/no/such/page', null],
  ];
  for (const [pathname, h1] of routes) {
    const { page, errors, response } = await open(pathname);
    assert.equal(response.headers()['content-security-policy'], HEADER_POLICY, `${pathname}: the header is served`);
    await waitForApp(page);
    if (h1) assert.equal((await page.locator('main#main h1').textContent()).trim(), h1, pathname);
    if (pathname.startsWith('/posts/')) await page.locator('main#main .post__body p').first().waitFor();
    if (pathname.startsWith('/search')) await page.locator('main#main .search-result').first().waitFor();
    if (pathname.includes('view=cloud')) {
      // Sized through the CSSOM, which the policy allows.
      const sizes = await page.locator('.tag-cloud__tag').evaluateAll((as) => as.map((a) => a.style.fontSize));
      assert.ok(sizes.length > 3 && sizes.every((s) => s.endsWith('em')), sizes.join(' '));
      assert.ok(new Set(sizes).size > 1, 'tags are sized by their counts');
    }
    if (pathname === postPath(ALIGNED)) {
      const align = await page.locator('.post__body td.align-right, .post__body th.align-center').evaluateAll((cells) =>
        cells.map((c) => getComputedStyle(c).textAlign),
      );
      assert.ok(align.includes('right') && align.includes('center'), `aligned columns: ${align}`);
    }
    assert.deepEqual(await violations(page), [], `${pathname}: no policy violation`);
    h.assertNoErrors(errors, `${pathname}: no console error`);
    await page.context().close();
  }
});

test('client-side navigation works under the policy', async () => {
  const { page, errors } = await open('/');
  await waitForApp(page);
  await page.evaluate(() => {
    window.__marker = 1;
  });
  const first = manifest.posts[0];
  await page.locator(`main#main a[href="${postPath(first.slug)}"]`).first().click();
  await expectPath(page, postPath(first.slug));
  await page.locator('main#main .post__body').waitFor();
  await page.locator('main#main .post-nav__link--older').click();
  await expectPath(page, postPath(manifest.posts[1].slug));
  await page.locator('main#main').getByRole('heading', { level: 1, name: manifest.posts[1].title, exact: true }).waitFor();
  await page.locator('main#main .post__body').waitFor();
  const tag = manifest.posts[1].tags[0];
  await page.locator(`main#main a.tag[href="${tagPath(tag)}"]`).first().click();
  await expectPath(page, tagPath(tag));
  await page.locator('main#main ol.post-list > li').first().waitFor();
  await page.locator('header nav.site-nav a').nth(1).click();
  await expectPath(page, '/tags');
  await page.locator('main#main ul.tag-index').waitFor();
  await page.locator('header nav.site-nav a').nth(2).click();
  await expectPath(page, '/archive');
  await page.locator('main#main .archive-year').first().waitFor();
  await page.goBack();
  await expectPath(page, '/tags');
  await page.locator('main#main ul.tag-index').waitFor();
  assert.equal(await page.evaluate(() => window.__marker), 1, 'no full page load');
  assert.deepEqual(await violations(page), []);
  h.assertNoErrors(errors);
});

/** Injects what an XSS would, in the page; returns what ran and what the policy reported. */
async function tryInjections(page) {
  return page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__ran = (window.__ran || []).concat("inline script")';
    document.body.append(script);
    const holder = document.createElement('div');
    const gif = 'data:image/gif;base64,R0lGODlhAQABAAAAACwAAAAAAQABAAACAkQBADs=';
    holder.innerHTML = `<img src="${gif}" onload="window.__ran = (window.__ran || []).concat('inline handler')">`;
    document.body.append(holder);
    // Run from a timer: code evaluated by the test driver itself may always eval.
    const evaluated = await new Promise((resolve) =>
      setTimeout(() => {
        try {
          resolve(eval('true'));
        } catch {
          resolve(false);
        }
      }),
    );
    const styled = document.createElement('p');
    styled.setAttribute('style', 'color: rgb(255, 0, 0)');
    document.body.append(styled);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return {
      ran: window.__ran ?? [],
      evaluated,
      styleApplied: getComputedStyle(styled).color === 'rgb(255, 0, 0)',
      image: holder.querySelector('img').naturalWidth, // data: images are allowed
      directives: [...new Set(window.__violations.map((v) => v.split(' ')[0]))].sort(),
    };
  });
}

test('the served policy refuses injected inline scripts, inline handlers, eval and style attributes', async () => {
  const { page } = await open(postPath(LONG_JA));
  await waitForApp(page);
  assert.deepEqual(await violations(page), []);
  const result = await tryInjections(page);
  assert.deepEqual(result.ran, [], 'no injected script ran');
  assert.equal(result.evaluated, false, 'eval is refused');
  assert.equal(result.styleApplied, false, 'a style attribute is refused');
  assert.equal(result.image, 1, 'the data: image itself loaded');
  assert.deepEqual(result.directives, ['script-src', 'script-src-attr', 'script-src-elem', 'style-src-attr']);
});

test('on a host that sends no headers, the <meta> policy in the page still refuses them', async () => {
  const plain = await startServer({ dir: DIST, port: 0 });
  try {
    for (const pathname of ['/', postPath(LONG_JA), '/tags']) {
      const { page, errors, response } = await open(pathname, plain.url);
      assert.equal(response.headers()['content-security-policy'], undefined, 'no header from this host');
      await waitForApp(page);
      assert.deepEqual(await violations(page), [], `${pathname}: the app runs under the meta policy`);
      h.assertNoErrors(errors);
      const result = await tryInjections(page);
      assert.deepEqual(result.ran, [], `${pathname}: no injected script ran`);
      assert.equal(result.evaluated, false);
      assert.equal(result.styleApplied, false);
      await page.context().close();
    }
  } finally {
    await plain.close();
  }
});

/** A page on another origin (localhost vs 127.0.0.1) that frames `url`. */
const framer = { server: null, url: null };
before(async () => {
  framer.server = http.createServer((req, res) => {
    const src = new URL(req.url, 'http://x').searchParams.get('src') ?? '';
    res.writeHead(200, { 'Content-Type': 'text/html;charset=utf-8' });
    res.end(`<!doctype html><title>framer</title><iframe src="${src.replace(/"/g, '&quot;')}"></iframe>`);
  });
  await new Promise((resolve) => framer.server.listen(0, '127.0.0.1', resolve));
  framer.url = `http://localhost:${framer.server.address().port}/`;
});
after(() => new Promise((resolve) => framer.server.close(resolve)));

test('another site cannot frame the blog (frame-ancestors); the blog itself can', async () => {
  const { page } = await h.openPage('/', { goto: false });
  // The frame shows the app, or Chromium's error page when the policy refuses it.
  const frameLoads = async (outer) => {
    await page.goto(`${outer}?src=${encodeURIComponent(`${h.url}/tags`)}`);
    const frame = page.frames()[1];
    for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
      if (frame.url().startsWith('chrome-error:')) return false;
      if (await frame.locator('main#main ul.tag-index').count().catch(() => 0)) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the frame neither loaded nor was refused: ${frame.url()}`);
  };
  assert.equal(await frameLoads(framer.url), false, 'refused inside another origin');
  // Same origin: a page of the site framing the site (served by the same host).
  await page.route(`${h.url}/framer.html*`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>framer</title><iframe src="${h.url}/tags"></iframe>`,
    }),
  );
  assert.equal(await frameLoads(`${h.url}/framer.html`), true, 'allowed inside the same origin');
});
