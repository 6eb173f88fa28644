// Moving a blog to fumi, end to end: a Hatena Blog export (HTML, Hatena notation and
// Markdown entries, and a draft), a WordPress export, a Zenn repository and a
// qiita-cli folder (tests/e2e/fixtures/import/) are imported into a new project with
// `fumi-publish import`, published into a copy of the release build, and read in
// Chromium: titles, dates, tags and code come over, and the old addresses answer
// with redirects to the new ones (the page at each old path, and `_redirects`).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIST, PROFILE, useHarness, waitForApp, expectPath, expectTitle } from './harness.mjs';
import { publishTool, renderPages } from './build.mjs';
import { startServer } from './server.mjs';

const h = useHarness();
const FIXTURES = path.resolve('tests/e2e/fixtures/import');
const state = { tmp: null, site: null, project: null, server: null, reports: {} };

before(async () => {
  state.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-import-'));
  state.project = path.join(state.tmp, 'project');
  fs.mkdirSync(state.project);
  fs.writeFileSync(
    path.join(state.project, 'fumi.toml'),
    'title = "移行したブログ"\nlanguage = "ja"\nbase_url = "https://moved.example/"\n',
  );
  const sources = {
    hatena: path.join(FIXTURES, 'hatena-export.txt'),
    wordpress: path.join(FIXTURES, 'wordpress.xml'),
    zenn: path.join(FIXTURES, 'zenn'),
    qiita: path.join(FIXTURES, 'qiita'),
  };
  for (const [source, from] of Object.entries(sources)) {
    state.reports[source] = publishTool(['import', source, from, '--root', state.project]);
  }
  // The imported project published into a copy of the build, its pages rendered as a
  // release build renders them, with its redirects.
  state.site = path.join(state.tmp, 'dist');
  fs.cpSync(DIST, state.site, { recursive: true, filter: (src) => !/\.(br|gz)$/.test(src) });
  for (const f of fs.readdirSync(state.site, { recursive: true })) {
    if (f.endsWith('.html') && f !== '404.html') fs.rmSync(path.join(state.site, f));
  }
  fs.rmSync(path.join(state.site, 'posts'), { recursive: true, force: true });
  publishTool(['build', '--root', state.project, '--out', path.join(state.site, 'posts'), '--site-root', state.site]);
  fs.cpSync(path.join(state.project, 'public'), state.site, { recursive: true });
  if (PROFILE === 'release') renderPages(state.site, '/', { root: state.project });
  state.server = await startServer({ dir: state.site });
});

after(async () => {
  await state.server?.close();
  if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
});

test('every post of the four sources is imported and the report says so, with the same visible text', () => {
  const expected = { hatena: 4, wordpress: 2, zenn: 1, qiita: 1 };
  for (const [source, count] of Object.entries(expected)) {
    const report = state.reports[source];
    assert.match(report, new RegExp(`${count} posts?: ${count} imported, 0 unchanged, 0 skipped\\n$`), report);
    for (const [, before, after] of report.matchAll(/(\d+) → (\d+) chars/g)) assert.equal(after, before, report);
    assert.doesNotMatch(report, /text may be lost/, report);
  }
  assert.match(state.reports.hatena, /written in HTML \(rich editor\)/);
  assert.match(state.reports.hatena, /written in Hatena notation/);
  assert.match(state.reports.hatena, /written in Markdown/);
  assert.match(state.reports.wordpress, /left out {2}1 page item\(s\): not posts/);
});

const posts = [
  {
    slug: '2021-01-04-093000',
    title: '転職してクラウドの会社に入りました',
    date: '2021-01-04',
    tags: ['転職', 'キャリア'],
    heading: 'なぜ転職したか',
    code: ['yaml', 'kind: Pod'],
  },
  {
    slug: 'kubernetes-memo',
    title: 'はてな記法で書いた Kubernetes のメモ',
    date: '2020-06-15',
    tags: ['Kubernetes'],
    heading: 'Pod が起動しない',
    code: ['sh', 'kubectl describe pod web-0'],
  },
  {
    slug: 'mlops-on-gke',
    title: 'MLOps 基盤を GKE に載せた',
    date: '2022-05-10',
    tags: ['MLOps', 'GKE'],
    heading: '構成',
    code: ['python', 'return model.fit(batch)'],
  },
  { slug: '監視の設計', title: '監視の設計メモ', date: '2018-02-11', tags: ['監視'], code: ['yaml', 'name: web'] },
  { slug: 'eks-migration-notes', title: 'EKS への移行で学んだこと', date: '2023-04-05', tags: ['aws', 'kubernetes'] },
  { slug: 'terraform-state-split', title: 'Terraform の state を環境ごとに分ける', date: '2022-06-21', tags: ['Terraform', 'AWS'] },
];

test('imported posts render with their titles, dates, tags, headings and highlighted code', async () => {
  const { page } = await h.openPage(`${state.server.url}/`);
  await waitForApp(page);
  for (const post of posts) {
    await page.goto(`${state.server.url}/posts/${encodeURIComponent(post.slug)}`);
    await waitForApp(page);
    await expectTitle(page, `${post.title} — 移行したブログ`);
    const main = page.locator('main#main');
    assert.equal(await main.locator('h1').innerText(), post.title);
    assert.equal(await main.locator('time').first().getAttribute('datetime'), post.date);
    const tags = await main.locator('.post__header .tag-list a, header .tag-list a').allInnerTexts();
    // Tags are one per site whatever their case (Hatena's "Kubernetes", Zenn's "kubernetes").
    for (const tag of post.tags) {
      assert.ok(tags.some((t) => t.toLowerCase().includes(tag.toLowerCase())), `${post.slug}: tag ${tag} in ${tags}`);
    }
    if (post.heading) await main.locator('.post__body h2').filter({ hasText: post.heading }).first().waitFor();
    if (post.code) {
      const [lang, line] = post.code;
      const block = main.locator(`.post__body pre code.language-${lang}`);
      assert.match(await block.innerText(), new RegExp(line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    }
  }
  // The draft stays a draft: the release build leaves it out.
  await page.goto(`${state.server.url}/posts/2021-02-01-000000`);
  await waitForApp(page);
  await page.locator('main#main h1', { hasText: /not found|見つかりません/i }).waitFor();
});

test('a Hatena footnote, image and link card, and a Zenn image and message box, come over', async () => {
  const { page } = await h.openPage(`${state.server.url}/posts/kubernetes-memo`);
  await waitForApp(page);
  const body = page.locator('main#main .post__body');
  assert.match(await body.locator('section.footnotes, .footnotes, .footnote-definition').first().innerText(), /ImagePullBackOff/);
  assert.equal(await body.locator('a[href="https://kubernetes.io/docs/home/"]').innerText(), 'Kubernetes のドキュメント');

  await page.goto(`${state.server.url}/posts/2021-01-04-093000`);
  await waitForApp(page);
  const image = page.locator('main#main .post__body img').first();
  assert.equal(
    await image.getAttribute('src'),
    'https://cdn-ak.f.st-hatena.com/images/fotolife/f/fumi-sample/20210104/20210104093000.png',
  );
  // The embed card's address, on a line of its own (a link card once fumi draws them).
  assert.match(await page.locator('main#main .post__body').innerText(), /^https:\/\/zenn\.dev\/fumi\/articles\/eks-migration-notes$/m);

  await page.goto(`${state.server.url}/posts/eks-migration-notes`);
  await waitForApp(page);
  // Zenn's :::message is a note box.
  assert.match(await page.locator('main#main .post__body .alert--note').innerText(), /ノードグループの設定/);
  const zennImage = page.locator('main#main .post__body img[alt="移行前後の構成"]');
  await zennImage.waitFor();
  assert.ok(await zennImage.evaluate((img) => img.complete && img.naturalWidth > 0), 'the copied image loads');
  // Zenn's `=320x` after the address and its caption line under the image.
  assert.equal(await page.locator('main#main .post__body figure figcaption').innerText(), '移行前（左）と移行後（右）');
});

test('old addresses answer with a redirect to the new post: the page at the old path, and _redirects', async () => {
  if (PROFILE !== 'release') return; // the redirects are a release build's
  const moves = [
    ['/entry/2021/01/04/093000', '/posts/2021-01-04-093000', '転職してクラウドの会社に入りました'],
    ['/entry/kubernetes-memo', '/posts/kubernetes-memo', 'はてな記法で書いた Kubernetes のメモ'],
    ['/2022/05/mlops-on-gke/', '/posts/mlops-on-gke', 'MLOps 基盤を GKE に載せた'],
    [`/2018/02/${encodeURIComponent('監視の設計')}/`, `/posts/${encodeURIComponent('監視の設計')}`, '監視の設計メモ'],
  ];
  const { page } = await h.openPage(`${state.server.url}/`);
  for (const [old, now, title] of moves) {
    await page.goto(state.server.url + old);
    await expectPath(page, now);
    await waitForApp(page);
    assert.equal(await page.locator('main#main h1').innerText(), title);
  }
  const rules = fs.readFileSync(path.join(state.site, '_redirects'), 'utf8');
  assert.match(rules, /^\/entry\/2021\/01\/04\/093000 {2}\/posts\/2021-01-04-093000 {2}301!$/m);
  assert.match(rules, /^\/2018\/02\/%E7%9B%A3%E8%A6%96%E3%81%AE%E8%A8%AD%E8%A8%88 {2}\/posts\/%E7%9B%A3%E8%A6%96%E3%81%AE%E8%A8%AD%E8%A8%88 {2}301!$/m);
  assert.ok(rules.indexOf('301!') < rules.indexOf('404.html  200'), 'the redirects come before the fallback');
  assert.doesNotMatch(rules, /2021\/02\/01\/000000/, 'the draft is not a page of this build: no redirect to it');
  const oldPage = fs.readFileSync(path.join(state.site, 'entry/kubernetes-memo.html'), 'utf8');
  assert.match(oldPage, /<link rel="canonical" href="https:\/\/[^"]+\/posts\/kubernetes-memo">/);
  assert.match(oldPage, /<meta name="robots" content="noindex">/);
});
