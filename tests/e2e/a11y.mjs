// Shared helpers of the accessibility tests (accessibility.test.mjs, keyboard.test.mjs):
// the three ways a reader gets a theme, axe-core run inside the page, waiting for a
// route to settle, and a second site published from fixtures (Japanese interface,
// several pages of posts, every kind of alert).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { DIST, waitForApp } from './harness.mjs';
import { startServer } from './server.mjs';
import { plainShell } from './build.mjs';

const require = createRequire(import.meta.url);
/** axe-core's source, evaluated in the page (not a <script> tag, which a strict CSP would refuse). */
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0/2.1/2.2 A and AA, plus axe's best practices (landmarks, heading order, …). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Rules left out, each for a reason that is about authored content rather than fumi:
 * `empty-table-header` (best practice, not WCAG) flags a table whose top-left header
 * cell an author left empty, as posts/kubernetes-resource-requests.md does.
 */
const AXE_RULES_OFF = { 'empty-table-header': { enabled: false } };

/** Where public/theme.js and the theme toggle keep the reader's choice. */
export const THEME_KEY = 'fumi-theme';

/**
 * The ways a page ends up light or dark: the default (a light system, no choice),
 * the reader's choice stored by the toggle, and a dark system setting without a choice.
 */
export const THEMES = [
  { name: 'light', colorScheme: 'light', stored: null, expect: 'light' },
  { name: 'dark (chosen with the toggle)', colorScheme: 'light', stored: 'dark', expect: 'dark' },
  { name: 'dark (system setting)', colorScheme: 'dark', stored: null, expect: 'dark' },
];

/** `openPage` options that put the page in `theme` before anything loads. */
export function themeSetup(theme, extra = {}) {
  return {
    ...extra,
    setup: async (page, context) => {
      await page.emulateMedia({ colorScheme: theme.colorScheme });
      if (theme.stored) {
        await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [THEME_KEY, theme.stored]);
      }
      if (extra.setup) await extra.setup(page, context);
    },
  };
}

/** The colour scheme the page actually uses (`light` or `dark`). */
export const usedScheme = (page) => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);

/**
 * Waits until the route has settled: the app is in charge of the page (no skeleton),
 * search results are in, and two frames have passed (for work the app does after
 * rendering, such as marking scrollable code blocks).
 */
export async function settle(page) {
  await waitForApp(page);
  await page.waitForFunction(() => {
    const q = new URL(location.href).searchParams.get('q');
    if (location.pathname.endsWith('/search') && q && q.trim()) {
      return Boolean(document.querySelector('main .search-results [role="status"], main .search-results .error-view'));
    }
    return true;
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** axe's violations in the page, reduced to what a failure message needs. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ tags, rules }) => {
      const result = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        rules,
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      }));
    },
    { tags: AXE_TAGS, rules: AXE_RULES_OFF },
  );
}

/** One line per violation and one per element, for an assertion message. */
export function describeViolations(where, violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target} — ${(n.summary ?? '').split('\n').slice(1).join(' ').trim().slice(0, 240)}`);
      if (v.nodes.length > 5) nodes.push(`      … and ${v.nodes.length - 5} more`);
      return [`  ${where}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.help}`, ...nodes].join('\n');
    })
    .join('\n');
}

/** Asserts that `found` (a list of describeViolations strings) is empty. */
export function assertNoViolations(found, what) {
  assert.ok(found.length === 0, `axe found violations (${what}):\n${found.join('\n')}`);
}

// ---- a second site, published from fixtures by the real tool ----

const ALERTS_EN = `Every kind of alert, with a task list and an aligned table.

> [!NOTE]
> Notes carry background the reader may want.

> [!TIP]
> Tips make the task easier, like [linking](https://example.com) to the docs.

> [!IMPORTANT]
> Important things the reader needs to know.

> [!WARNING]
> Warnings need attention *right now*.

> [!CAUTION]
> Cautions describe the risk of an action.

## Checklist

- [x] Alerts in both themes
- [ ] A nested list
  - [x] with its own tasks

## Numbers

| Metric | Before | After |
| :--- | ---: | :---: |
| Image size | 980 MB | 15 MB |

\`\`\`rust:src/main.rs
fn main() {
    let very_long_line_that_does_not_fit_a_phone_screen = "so the block scrolls sideways on a narrow window";
    println!("{very_long_line_that_does_not_fit_a_phone_screen}");
}
\`\`\`

## Closing

The end.[^1]

[^1]: A footnote, with a back-link.
`;

const ALERTS_JA = `警告ボックスをすべて並べた記事です。

> [!NOTE]
> 補足の情報です。

> [!TIP]
> 便利な使い方です。

> [!IMPORTANT]
> 重要な点です。

> [!WARNING]
> すぐに注意が必要です。

> [!CAUTION]
> 操作の危険を説明します。

## やること

- [x] 両方のテーマで確認する
- [ ] 入れ子のリスト

## 表

| 項目 | 値 |
| --- | ---: |
| サイズ | 15 MB |

## おわりに

以上です。
`;

function publish(args, env = {}) {
  execFileSync('cargo', ['run', '--quiet', '--offline', '-p', 'fumi-publish', '--', ...args], {
    stdio: 'pipe',
    env: { ...process.env, ...env },
  });
}

/**
 * Publishes the sample posts plus two posts with every alert kind as a site whose
 * interface is Japanese and whose list has several pages, into a copy of the build
 * under test, and serves it. Returns { url, manifest, close }.
 */
export async function startFixtureSite() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-a11y-'));
  const root = path.join(tmp, 'site');
  const dist = path.join(tmp, 'dist');
  fs.mkdirSync(path.join(root, 'posts'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'fumi.toml'),
    'title = "ふみ"\ndescription = "アクセシビリティ検査用のサイト"\nlanguage = "ja"\nbase_url = "http://127.0.0.1:1/"\nposts_per_page = 3\n',
  );
  const samples = path.resolve('posts');
  for (const name of fs.readdirSync(samples).filter((n) => n.endsWith('.md'))) {
    // This site has no [authors]: the posts are its (unnamed) author's.
    const text = fs.readFileSync(path.join(samples, name), 'utf8').replace(/^authors?:.*\n/m, '');
    fs.writeFileSync(path.join(root, 'posts', name), text);
  }
  fs.writeFileSync(
    path.join(root, 'posts', 'alerts-en.md'),
    `---\ntitle: "Alerts, tasks and tables"\ndate: 2020-02-02\ntags: [guide, markdown]\nlang: en\n---\n${ALERTS_EN}`,
  );
  fs.writeFileSync(
    path.join(root, 'posts', 'alerts-ja.md'),
    `---\ntitle: "警告ボックスとタスクリスト"\ndate: 2020-01-01\ntags: [guide, 日本語]\nlang: ja\n---\n${ALERTS_JA}`,
  );
  // The release app with this site's posts, static pages and host files, as a build makes them.
  fs.cpSync(DIST, dist, { recursive: true });
  fs.rmSync(path.join(dist, 'posts'), { recursive: true, force: true });
  fs.writeFileSync(path.join(dist, 'index.html'), plainShell(fs.readFileSync(path.join(dist, '404.html'), 'utf8')));
  publish(['build', '--root', root, '--out', path.join(dist, 'posts'), '--site-root', dist]);
  publish(['trunk-post-build'], { TRUNK_STAGING_DIR: dist, TRUNK_PUBLIC_URL: '/', TRUNK_PROFILE: 'release' });
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'posts', 'manifest.json'), 'utf8'));
  const server = await startServer({ dir: dist, port: 0, headers: true });
  return {
    url: server.url,
    manifest,
    async close() {
      await server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
