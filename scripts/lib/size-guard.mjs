// Size guard: fails when the release build's wasm or its JS glue, compressed as
// served (brotli, quality 11, as the build's .br copies), is over its budget in
// bench/wasm-budget.json; and when what the long Japanese post needs before its first
// paint (its HTML and the files its head makes render-blocking) is over its own.
//
//   node scripts/lib/size-guard.mjs [dist-folder]        (default: dist)
//
// To raise a budget, do it on purpose: edit the figure in bench/wasm-budget.json in
// the same commit as the change that needs the bytes, and say in the commit message
// what they buy. `node bench/wasm_bytes.mjs --named` shows where the bytes go.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { longestJapanesePost } from '../../bench/long-post.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUDGET_FILE = 'bench/wasm-budget.json';

const brotli = (buf) =>
  zlib.brotliCompressSync(buf, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB (${n.toLocaleString('en')} B)`;

/** The app's wasm and JS glue in `dist`, and their brotli sizes. */
export function measure(dist) {
  const files = fs.readdirSync(dist);
  const wasm = files.filter((f) => /^fumi(-[0-9a-f]+)?_bg\.wasm$/.test(f));
  if (wasm.length !== 1) throw new Error(`expected one fumi*_bg.wasm in ${dist}, found ${wasm.length}: ${wasm.join(', ')}`);
  const glue = wasm[0].replace(/_bg\.wasm$/, '.js');
  if (!files.includes(glue)) throw new Error(`no JS glue ${glue} beside ${wasm[0]} in ${dist}`);
  const size = (f) => brotli(fs.readFileSync(path.join(dist, f)));
  return { wasm: { file: wasm[0], brotli: size(wasm[0]) }, js: { file: glue, brotli: size(glue) } };
}

/**
 * The long Japanese post's page (the bench's) and the files its head makes
 * render-blocking: stylesheets, and scripts neither async, deferred nor modules.
 * The bench measures the same in Chromium ("bytes before first paint", as sent).
 */
export function measureFirstPaint(dist) {
  const post = longestJapanesePost(dist);
  const pageFile = path.join('posts', `${post.slug}.html`);
  const html = fs.readFileSync(path.join(dist, pageFile), 'utf8');
  const head = html.split(/<\/head>/i)[0].replace(/<!--[\s\S]*?-->/g, '');
  const base = head.match(/<base\s+href="([^"]*)"/i)?.[1] ?? '/';
  const attr = (tag, name) => tag.match(new RegExp(`\\s${name}(?:="([^"]*)")?(?=[\\s/>])`, 'i'));
  const files = [];
  for (const tag of head.match(/<(?:link|script)\b[^>]*>/gi) ?? []) {
    let ref;
    if (/^<link/i.test(tag)) {
      if (attr(tag, 'rel')?.[1] !== 'stylesheet' || /^print$/i.test(attr(tag, 'media')?.[1] ?? '')) continue;
      ref = attr(tag, 'href')?.[1];
    } else {
      if (attr(tag, 'async') || attr(tag, 'defer') || attr(tag, 'type')?.[1] === 'module') continue;
      ref = attr(tag, 'src')?.[1];
    }
    if (!ref) continue;
    const url = new URL(ref, new URL(base, 'http://site/'));
    if (url.origin !== 'http://site') continue;
    files.push(decodeURIComponent(url.pathname).replace(/^\//, ''));
  }
  // As a host sends them: the build's brotli copy where it made one (files over 1 KiB),
  // else the file itself.
  const sent = (file) => {
    const copy = path.join(dist, `${file}.br`);
    return fs.existsSync(copy) ? fs.statSync(copy).size : fs.statSync(path.join(dist, file)).size;
  };
  const parts = [pageFile, ...files].map((file) => ({ file, brotli: sent(file) }));
  return { parts, brotli: parts.reduce((sum, p) => sum + p.brotli, 0) };
}

/** Checks `dist` against the budgets; returns the lines to print and whether all pass. */
export function check(dist, budgets) {
  const m = measure(dist);
  const rows = [
    ['wasm_brotli', m.wasm.file, m.wasm.brotli],
    ['js_brotli', m.js.file, m.js.brotli],
    ['total_brotli', 'wasm + JS glue', m.wasm.brotli + m.js.brotli],
  ];
  const firstPaint = measureFirstPaint(dist);
  rows.push(['first_paint_brotli', `before the first paint of ${firstPaint.parts[0].file} (${firstPaint.parts.map((p) => p.file.replace(/^posts\//, '')).join(', ')})`, firstPaint.brotli]);
  const lines = [];
  let ok = true;
  for (const [key, what, actual] of rows) {
    const budget = budgets[key];
    if (typeof budget !== 'number') throw new Error(`${BUDGET_FILE} has no number "${key}"`);
    if (actual <= budget) {
      lines.push(`  pass  ${what}: ${kib(actual)} brotli ≤ ${key} ${kib(budget)}`);
    } else {
      ok = false;
      lines.push(
        `  FAIL  ${what}: ${kib(actual)} brotli is over its budget "${key}" of ${kib(budget)} in ${BUDGET_FILE}, by ${kib(actual - budget)}.`,
      );
    }
  }
  const over = rows.filter(([key, , actual]) => actual > budgets[key]).map(([key]) => key);
  if (over.some((key) => key !== 'first_paint_brotli')) {
    lines.push(
      '',
      `  Where the bytes went: node bench/wasm_bytes.mjs --named (compare with the parent commit's).`,
      `  If the bytes are worth it, raise the budget deliberately: set "${over[0]}" in ${BUDGET_FILE}`,
      `  to the new size (plus a little headroom) in the same commit as the change, and say in the commit`,
      `  message what the bytes buy.`,
    );
  }
  if (over.includes('first_paint_brotli')) {
    // Not a figure to raise: it is what a reader's first paint waits for.
    lines.push(
      '',
      `  Before the first paint: ${firstPaint.parts.map((p) => `${p.file} ${p.brotli} B`).join(', ')}.`,
      `  This budget is the static-first promise (issue 12): make the page or its render-blocking files`,
      `  smaller (the first-paint script, public/theme.js, is shipped as written) rather than raise it.`,
    );
  }
  return { ok, lines, measured: { ...m, firstPaint } };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
  const budgets = JSON.parse(fs.readFileSync(path.join(ROOT, BUDGET_FILE), 'utf8'));
  let result;
  try {
    result = check(dist, budgets);
  } catch (e) {
    console.error(`size guard: ${e.message}`);
    process.exit(2);
  }
  console.log(`size guard (brotli q11, budgets in ${BUDGET_FILE}):`);
  console.log(result.lines.join('\n'));
  process.exit(result.ok ? 0 : 1);
}
