// The bench's output: budgets (pass/fail), the printed table, and an SVG chart, all
// from the results object that bench.mjs assembles.

import { formatWasmBytes } from './wasm_bytes.mjs';

const KiB = 1024;
const MiB = 1024 * 1024;

const fmt = {
  kib: (b) => (b == null ? '–' : (b / KiB).toFixed(1)),
  mib: (b) => (b == null ? '–' : (b / MiB).toFixed(1)),
  ms: (v) => (v == null ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1)),
  ratio: (v) => (v == null ? '–' : `${v.toFixed(2)}×`),
  int: (v) => (v == null ? '–' : Math.round(v).toLocaleString('en-US')),
  cls: (v) => (v == null ? '–' : v === 0 ? '0' : v.toFixed(4)),
};

const scenario = (r, id) => r.loads.scenarios.find((s) => s.id === id);

/** LCP budget of each post page, as a multiple of the floor's. */
const LCP_LIMITS = { 'post-app': 1.2, 'post-static': 1.05, 'post-spa': 1.05 };

/**
 * Every budget as { name, value, limit, shown, pass }: pass is true or false, or null
 * when the figure was not measured on purpose (Lighthouse skipped); any other missing
 * figure fails.
 */
export function budgets(r) {
  const out = [];
  const add = (name, value, limit, shown, { atLeast = false, skipped = false } = {}) =>
    out.push({ name, value, limit, shown: skipped ? 'skipped' : shown, pass: skipped ? null : value != null && (atLeast ? value >= limit : value <= limit) });
  const app = ['wasm', 'js'].map((kind) => r.sizes.files.find((f) => f.kind === kind && /^fumi-[0-9a-f]+(_bg)?\.(wasm|js)$/.test(f.file)));
  if (app.every(Boolean)) {
    const total = app[0].brotli + app[1].brotli;
    add(`the app: wasm + its JS glue, brotli ≤ 200 KiB`, total, 200 * KiB, `${fmt.kib(total)} KiB (${fmt.kib(app[0].brotli)} + ${fmt.kib(app[1].brotli)})`);
  }
  for (const id of ['post-app', 'post-static']) {
    const s = scenario(r, id);
    if (!s) continue;
    add(`initial load, ${s.label}: html+js+wasm+css+manifest brotli ≤ 200 KiB`, s.inventory.initial.brotli, 200 * KiB, `${fmt.kib(s.inventory.initial.brotli)} KiB`);
  }
  const post = scenario(r, 'post-static');
  if (post && 'before_first_paint' in post.inventory) {
    const b = post.inventory.before_first_paint;
    add(`bytes before first paint, ${post.label} (HTML + render-blocking CSS/JS, brotli as sent) ≤ 25 KiB`, b?.bytes, 25 * KiB, `${fmt.kib(b?.bytes)} KiB (${b?.files.filter((f) => f.blocking).length ?? '–'} blocking files + HTML)`);
  }
  for (const [id, limit] of Object.entries(LCP_LIMITS)) {
    const s = scenario(r, id);
    if (!s) continue;
    for (const rate of r.loads.rates) {
      const v = s.vs_floor?.[rate]?.lcp;
      const m = s.vs_floor_of_medians?.[rate]?.lcp;
      add(
        `LCP of the long post, ${s.label}, ${rate}× CPU ≤ ${limit}× floor`,
        v,
        limit,
        `${fmt.ratio(v)}, median of ${s.vs_floor?.[rate]?.pairs ?? '–'} pairs${interval(s.vs_floor?.[rate]?.lcp_interval)} (medians ${fmt.ms(s.median[rate].lcp)} vs ${fmt.ms(scenario(r, 'post-floor').median[rate].lcp)} ms: ${fmt.ratio(m)})`,
      );
    }
  }
  for (const id of ['post-static', 'post-app']) {
    const s = scenario(r, id);
    const v = s.median[4]?.tbt;
    const floor = scenario(r, 'post-floor')?.median[4]?.tbt;
    add(`TBT of a cold post load, ${s.label}, 4× CPU ≤ 50 ms`, v, 50, `${fmt.ms(v)} ms (the floor: ${fmt.ms(floor)} ms)`);
  }
  for (const id of ['home', 'post-static', 'post-spa']) {
    const s = scenario(r, id);
    if (!s || !('cls_worst' in (s.median[r.loads.rates[0]] ?? {}))) continue;
    const worst = Math.max(...r.loads.rates.map((rate) => s.median[rate].cls_worst ?? Infinity));
    add(`CLS of a cold load through the app's take-over, ${s.label}, worst run at any CPU rate = 0`, worst, 0, fmt.cls(worst));
  }
  if ('lighthouse' in r) {
    const skipped = r.lighthouse == null;
    for (const id of ['post', 'home']) {
      const p = r.lighthouse?.pages.find((x) => x.id === id);
      const m = p?.median ?? {};
      const label = p?.label ?? (id === 'post' ? 'post, as shipped' : 'home, as shipped');
      add(`Lighthouse performance, ${label} ≥ 98`, m.score, 98, `${m.score ?? '–'}`, { atLeast: true, skipped });
      add(`Lighthouse TBT, ${label} ≤ 50 ms`, m.tbt, 50, `${fmt.ms(m.tbt)} ms`, { skipped });
      add(`Lighthouse CLS, ${label} = 0`, m.cls, 0, fmt.cls(m.cls), { skipped });
    }
  }
  for (const [kind, label] of [['edit', 'an edited post'], ['new', 'a new post'], ['delete', 'a deleted post']]) {
    const v = r.live?.[kind]?.median_ms;
    if (r.live !== undefined) add(`dev server, save → visible, ${label} ≤ 1 s (median)`, v, 1000, `${fmt.ms(v)} ms`, { skipped: r.live == null });
  }
  const big = r.scale.at(-1);
  if (big) {
    const n = big.posts.toLocaleString('en-US');
    add(`tag filter at ${n} posts ≤ 16 ms`, big.tag_filter_ms, 16, `${fmt.ms(big.tag_filter_ms)} ms`);
    add(`search keystroke at ${n} posts ≤ 16 ms`, big.search_keystroke_ms, 16, `${fmt.ms(big.search_keystroke_ms)} ms`);
    add(`list render after navigation at ${n} posts ≤ 50 ms`, big.list_ms, 50, `${fmt.ms(big.list_ms)} ms`);
    const worst = Math.max(...r.scale.map((s) => s.max_task_after_startup_worst_ms ?? Infinity));
    add(`no long task > 50 ms after start-up (worst run, every size)`, worst, 50, worst === 0 ? 'none' : `${fmt.ms(worst)} ms`);
    add(`memory at ${n} posts (JS heap + wasm memory) ≤ 64 MiB`, big.memory_total, 64 * MiB, `${fmt.mib(big.memory_total)} MiB (${fmt.mib(big.js_heap)} + ${fmt.mib(big.wasm_memory)})`);
    add(`publishing ${n} posts ≤ 5 s`, big.publish_ms, 5000, `${fmt.ms(big.publish_ms)} ms`);
    add(`manifest at ${n} posts ≤ 250 B/post brotli`, big.manifest_br_per_post, 250, `${big.manifest_br_per_post.toFixed(0)} B/post`);
  }
  return out;
}

// ---- the table ----

function table(rows, aligns) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => {
          const s = String(c ?? '');
          return aligns[i] === 'l' ? s.padEnd(widths[i]) : s.padStart(widths[i]);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatTable(r) {
  const lines = [];
  const section = (title) => lines.push('', title);
  const post = r.loads.post;
  lines.push(
    `fumi bench — ${r.when} — ${r.runs} runs per figure, medians — ${r.chromium} — ${r.host.cpus} CPUs, load ${r.host.load_start.toFixed(1)} → ${r.host.load_end.toFixed(1)}`,
    `build: ${r.dist}; long Japanese post: ${post.slug} (${fmt.kib(post.bytes)} KiB Markdown); measuring took ${Math.round(r.wall_s)} s`,
  );

  section('SIZES (KiB)');
  const sizeRows = [['', 'what', 'raw', 'gzip', 'brotli']];
  for (const f of r.sizes.files) sizeRows.push(['', `${f.kind.padEnd(8)} ${f.file}`, fmt.kib(f.raw), fmt.kib(f.gzip), fmt.kib(f.brotli)]);
  const idx = r.sizes.search_index;
  sizeRows.push(['', `search   index (terms + meta) per post, ${idx.posts} posts`, fmt.kib(idx.raw / idx.posts), fmt.kib(idx.gzip / idx.posts), fmt.kib(idx.brotli / idx.posts)]);
  for (const id of ['post-app', 'post-static', 'post-spa', 'home', 'post-floor', 'docsify']) {
    const s = scenario(r, id);
    if (!s) continue;
    const i = s.inventory.initial;
    const kinds = ['html', 'js', 'wasm', 'css', 'manifest'].filter((k) => s.inventory.by_kind[k]);
    sizeRows.push(['', `initial  ${s.label} (${kinds.join('+')})`, fmt.kib(i.raw), fmt.kib(i.gzip), fmt.kib(i.brotli)]);
  }
  lines.push(table(sizeRows, ['l', 'l', 'r', 'r', 'r']));
  if (r.wasm_bytes) {
    section("WHERE THE WASM'S BYTES GO (the shipped code with its names: node bench/wasm_bytes.mjs --named)");
    lines.push(formatWasmBytes(r.wasm_bytes).replace(/^/gm, '  '));
  }
  if (r.images?.count) {
    const saved = (bytes) => `${fmt.kib(bytes)} KiB (${(100 * (1 - bytes / r.images.original_bytes)).toFixed(0)}% saved)`;
    section(`POST IMAGES (${r.images.count} with copies; what a browser with AVIF downloads, all of them)`);
    lines.push(
      table(
        [
          ['', 'the originals, as the author saved them', `${fmt.kib(r.images.original_bytes)} KiB`],
          ['', 'a phone (480 px wanted)', saved(r.images.phone_bytes)],
          ['', 'a desktop at 2× (1344 px wanted)', saved(r.images.desktop_2x_bytes)],
        ],
        ['l', 'l', 'l'],
      ),
    );
  }

  section(`COLD LOADS (ms from navigation start; CLS of the worst run; heap and wasm in MiB; fresh context each run)`);
  const loadRows = [['CPU', 'page', 'FCP', 'LCP', 'content', 'app', 'TBT', 'max task', 'CLS', 'JS heap', 'wasm', 'LCP element']];
  for (const rate of r.loads.rates) {
    for (const s of r.loads.scenarios) {
      const m = s.median[rate];
      loadRows.push([`${rate}×`, s.label, fmt.ms(m.fcp), fmt.ms(m.lcp), fmt.ms(m.content), fmt.ms(m.app), fmt.ms(m.tbt), fmt.ms(m.max_task), fmt.cls(m.cls_worst), fmt.mib(m.js_heap), fmt.mib(m.wasm_memory), m.lcp_element ?? '–']);
    }
  }
  lines.push(table(loadRows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l']));
  section('RATIOS TO THE FLOOR (fumi ÷ the same page as plain HTML + CSS at the same CPU rate; median over pairs of back-to-back loads)');
  const ratioRows = [['CPU', 'page', 'FCP', 'LCP', 'LCP 95% interval', 'content', 'pairs']];
  for (const rate of r.loads.rates) {
    for (const s of r.loads.scenarios.filter((x) => x.vs_floor)) {
      const v = s.vs_floor[rate];
      ratioRows.push([`${rate}×`, s.label, fmt.ratio(v.fcp), fmt.ratio(v.lcp), v.lcp_interval ? v.lcp_interval.map(fmt.ratio).join('–') : '–', fmt.ratio(v.content), String(v.pairs ?? '–')]);
    }
  }
  lines.push(table(ratioRows, ['l', 'l', 'r', 'r', 'r', 'r', 'r']));

  if (r.loads.scenarios.some((s) => s.inventory.before_first_paint)) {
    section('BEFORE FIRST PAINT (one cold load at 1×; KiB as sent by nginx, i.e. the .br copy when the build has one)');
    lines.push('  blocking = the HTML + resources the browser marked render-blocking (CSS, synchronous head scripts), requested before FCP;');
    lines.push('  requested = everything requested before FCP (preloads, module scripts, the wasm included)');
    const bfpRows = [['', 'page', 'FCP', 'blocking', 'requested', 'blocking files']];
    for (const s of r.loads.scenarios) {
      const b = s.inventory.before_first_paint;
      if (!b) continue;
      const files = b.files.filter((f, i) => i === 0 || f.blocking).map((f) => f.path.split('/').pop() || f.path);
      bfpRows.push(['', s.label, fmt.ms(b.fcp), fmt.kib(b.bytes), fmt.kib(b.requested_bytes), files.join(' ')]);
    }
    lines.push(table(bfpRows, ['l', 'l', 'r', 'r', 'r', 'l']));
  }

  if (r.returning) {
    const rr = r.returning;
    section(`A RETURNING READER (the home page, then the post; every request ${rr.rtt_ms} ms away; 1× CPU; medians of ${rr.runs} pairs)`);
    const rrRows = [['', 'page', 'FCP', 'LCP', 'blocking files fetched']];
    for (const p of rr.pages) rrRows.push(['', p.label, fmt.ms(p.fcp), fmt.ms(p.lcp), String(p.blocking_fetched)]);
    rrRows.push(['', 'as shipped ÷ floor', fmt.ratio(rr.vs_floor.fcp), fmt.ratio(rr.vs_floor.lcp), `${rr.vs_floor.pairs} pairs`]);
    lines.push(table(rrRows, ['l', 'l', 'r', 'r', 'r']));
  }

  if (r.lighthouse) {
    const lh = r.lighthouse;
    section(`LIGHTHOUSE ${lh.version ?? ''} (${lh.form_factor ?? 'mobile'}, ${lh.throttling ?? 'simulate'} throttling, performance only; median of ${lh.runs} runs; ms, KiB transferred)`);
    const lhRows = [['', 'page', 'score', 'FCP', 'LCP', 'TBT', 'CLS', 'SI', 'bytes', 'requests']];
    for (const p of lh.pages) {
      const m = p.median;
      lhRows.push(['', p.label, m.score ?? '–', fmt.ms(m.fcp), fmt.ms(m.lcp), fmt.ms(m.tbt), fmt.cls(m.cls), fmt.ms(m.si), fmt.kib(m.bytes), m.requests ?? '–']);
    }
    lines.push(table(lhRows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
    if (lh.audit_errors?.length) lines.push(`  diagnostics Lighthouse could not compute with this Chromium (score and metrics unaffected): ${lh.audit_errors.join(', ')}`);
  } else if ('lighthouse' in r) {
    section('LIGHTHOUSE skipped (FUMI_LIGHTHOUSE=0)');
  }

  section(`MARKDOWN → HTML (${fmt.kib(r.throughput.document.bytes)} KiB mixed ja/en, ${r.throughput.document.path})`);
  lines.push(
    table(
      [
        ['', 'native, release', `${r.throughput.native_mb_per_s ?? '–'} MB/s`],
        ['', 'wasm in headless Chromium, release', `${r.throughput.wasm_mb_per_s ?? '–'} MB/s (${fmt.ratio(r.throughput.wasm_vs_native)} native)`],
        ['', `fumi-publish build, sample posts`, `${fmt.ms(r.publish_sample_ms)} ms`],
        ...(r.publish_sample_cold_images_ms != null
          ? [['', `the same, image cache empty (every post image encoded)`, `${fmt.ms(r.publish_sample_cold_images_ms)} ms`]]
          : []),
      ],
      ['l', 'l', 'l'],
    ),
  );

  if (r.scale.length) {
    section('SCALE (synthetic sites; browser figures unthrottled)');
    // Growth factors between neighbouring sizes (× per step), then first → last.
    const steps = r.scale.slice(1).map((s, i) => `×${r.scale[i].posts}→${s.posts}`);
    const whole = r.scale.length > 2 ? [`×${r.scale[0].posts}→${r.scale.at(-1).posts}`] : [];
    const scaleRows = [['', 'posts', ...r.scale.map((s) => s.posts.toLocaleString('en-US')), ...steps, ...whole]];
    const growth = (a, b) => (a && b != null ? `${(b / a).toFixed(1)}×` : '–');
    const row = (label, f, show) => {
      const vals = r.scale.map(f);
      const g = vals.slice(1).map((v, i) => growth(vals[i], v));
      scaleRows.push(['', label, ...vals.map(show), ...g, ...(whole.length ? [growth(vals[0], vals.at(-1))] : [])]);
    };
    row('publish (ms)', (s) => s.publish_ms, fmt.ms);
    row('manifest brotli (KiB)', (s) => s.manifest_bytes.br, fmt.kib);
    row('manifest brotli per post (B)', (s) => s.manifest_br_per_post, (v) => v.toFixed(0));
    row('search index brotli per post (B)', (s) => s.index_br_per_post, (v) => v.toFixed(0));
    row('native query (µs)', (s) => s.native_query_us, fmt.int);
    row('cold start → list in DOM (ms)', (s) => s.cold_list_ms, fmt.ms);
    row('list render after navigation (ms)', (s) => s.list_ms, fmt.ms);
    row('tag filter (ms)', (s) => s.tag_filter_ms, fmt.ms);
    row('search keystroke (ms)', (s) => s.search_keystroke_ms, fmt.ms);
    row('longest task after start-up (ms)', (s) => s.max_task_after_startup_worst_ms, fmt.ms);
    row('JS heap + wasm memory (MiB)', (s) => s.memory_total, fmt.mib);
    lines.push(table(scaleRows, ['l', 'l', ...scaleRows[0].slice(2).map(() => 'r')]));
  }

  if (r.live) {
    section(`WRITER'S LOOP (./scripts/serve on the sample project; save → visible in the open page, ${r.live.edit.runs.length} saves each)`);
    lines.push(
      table(
        [
          ['', 'case', 'median', 'runs (ms)'],
          ...[['edit', 'a paragraph added to the open post'], ['new', 'a post added, home list open'], ['delete', 'that post deleted']].map(([k, label]) => [
            '',
            label,
            `${fmt.ms(r.live[k].median_ms)} ms`,
            r.live[k].runs.map((v) => (v == null ? 'never' : fmt.ms(v))).join(', '),
          ]),
        ],
        ['l', 'l', 'r', 'l'],
      ),
    );
  }

  section('BUDGETS');
  lines.push(table(r.budgets.map((b) => ['', b.pass == null ? 'skip' : b.pass ? 'pass' : 'FAIL', b.name, b.shown]), ['l', 'l', 'l', 'l']));
  const passed = r.budgets.filter((b) => b.pass).length;
  const skipped = r.budgets.filter((b) => b.pass == null).length;
  lines.push(`  ${passed} of ${r.budgets.length - skipped} budgets pass${skipped ? ` (${skipped} skipped)` : ''}`);
  return lines.join('\n');
}

// ---- the chart ----

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLORS = { fcp: '#4e79a7', lcp: '#e15759', content: '#59a14f', html: '#9c755f', js: '#f28e2b', wasm: '#4e79a7', css: '#76b7b2', manifest: '#b07aa1' };

function text(x, y, s, { size = 12, anchor = 'start', weight = 'normal', fill = '#222' } = {}) {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" text-anchor="${anchor}" font-weight="${weight}" fill="${fill}">${esc(s)}</text>`;
}
const rect = (x, y, w, h, fill) => `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" height="${Math.max(0, h).toFixed(1)}" fill="${fill}"/>`;
const line = (x1, y1, x2, y2, stroke, dash = '') => `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${stroke}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;

function legend(x, y, items) {
  let out = '';
  for (const [label, color, dashed] of items) {
    out += (dashed ? line(x, y - 4, x + 10, y - 4, color, '3 2') : rect(x, y - 9, 10, 10, color)) + text(x + 14, y, label, { size: 11 });
    x += 24 + label.length * 6.5;
  }
  return out;
}

/** Panel 1: fumi ÷ floor for FCP, LCP, content, per page and CPU rate; budget ticks for LCP. */
/** ", 95% interval a–b" for a bootstrap interval of a median ratio, or nothing. */
function interval(iv) {
  return iv ? `, 95% interval ${fmt.ratio(iv[0])}–${fmt.ratio(iv[1])}` : '';
}

function ratioPanel(r, top, width) {
  const h = 260;
  const left = 60;
  const plotW = width - left - 20;
  const groups = [];
  for (const s of r.loads.scenarios.filter((x) => x.vs_floor)) for (const rate of r.loads.rates) groups.push({ s, rate });
  const maxVal = Math.max(2, ...groups.flatMap(({ s, rate }) => ['fcp', 'lcp', 'content'].map((k) => s.vs_floor[rate][k]).filter((v) => v != null)));
  const yMax = Math.min(6, Math.ceil(maxVal * 2) / 2);
  const y = (v) => top + 40 + (h - 80) * (1 - Math.min(v, yMax) / yMax);
  let out = text(10, top + 18, 'Cold load vs the static floor (fumi ÷ plain HTML + CSS; lower is better, 1 = as fast as the floor)', { size: 14, weight: 'bold' });
  out += legend(left, top + 34, [['FCP', COLORS.fcp], ['LCP', COLORS.lcp], ['content in DOM', COLORS.content], ['LCP budget (1.05× as shipped and SPA host, 1.2× app path)', '#000', true]]);
  for (let v = 0; v <= yMax + 1e-9; v += yMax > 3 ? 1 : 0.5) {
    out += line(left, y(v), left + plotW, y(v), v === 1 ? '#555' : '#e5e5e5', v === 1 ? '4 3' : '') + text(left - 6, y(v) + 4, `${v}×`, { size: 10, anchor: 'end' });
  }
  const gw = plotW / groups.length;
  const bw = Math.min(28, (gw - 20) / 3);
  groups.forEach(({ s, rate }, gi) => {
    const gx = left + gi * gw + (gw - 3 * bw) / 2;
    ['fcp', 'lcp', 'content'].forEach((k, i) => {
      const v = s.vs_floor[rate][k];
      if (v == null) return;
      out += rect(gx + i * bw, y(v), bw - 2, y(0) - y(v), COLORS[k]);
      out += text(gx + i * bw + bw / 2 - 1, y(v) - 3, v > yMax ? `${v.toFixed(1)}↑` : v.toFixed(2), { size: 9, anchor: 'middle' });
    });
    const limit = LCP_LIMITS[s.id];
    if (limit) out += line(gx + bw - 4, y(limit), gx + 2 * bw + 2, y(limit), '#000', '3 2');
    out += text(left + gi * gw + gw / 2, y(0) + 14, s.short ?? s.label, { size: 10, anchor: 'middle' });
    out += text(left + gi * gw + gw / 2, y(0) + 28, `${rate}× CPU`, { size: 11, anchor: 'middle', fill: '#555' });
  });
  return { svg: out, height: h + 10 };
}

/** Panel 2: initial-load bytes (brotli) by kind, per page, against the 200 KiB budget. */
function sizePanel(r, top, width) {
  const ids = ['post-app', 'post-static', 'home', 'post-floor'];
  const kinds = ['html', 'js', 'wasm', 'css', 'manifest'];
  const left = 150;
  const plotW = width - left - 90;
  const rowH = 26;
  const totals = ids.map((id) => scenario(r, id).inventory.initial.brotli);
  const xMax = Math.max(220 * KiB, ...totals) * 1.05;
  const x = (b) => left + (plotW * b) / xMax;
  let out = text(10, top + 18, 'Initial load before the content, brotli (KiB)', { size: 14, weight: 'bold' });
  out += legend(left, top + 34, kinds.map((k) => [k, COLORS[k]]));
  const y0 = top + 46;
  ids.forEach((id, i) => {
    const s = scenario(r, id);
    let cx = left;
    const yy = y0 + i * rowH;
    out += text(left - 8, yy + 15, s.label, { size: 11, anchor: 'end' });
    for (const k of kinds) {
      const b = s.inventory.by_kind[k]?.brotli ?? 0;
      out += rect(cx, yy + 3, x(b) - left, rowH - 8, COLORS[k]);
      cx += x(b) - left;
    }
    out += text(cx + 6, yy + 15, `${fmt.kib(s.inventory.initial.brotli)}`, { size: 11 });
  });
  const bx = x(200 * KiB);
  out += line(bx, y0 - 2, bx, y0 + ids.length * rowH + 2, '#000', '4 3') + text(bx, y0 + ids.length * rowH + 14, 'budget 200 KiB', { size: 10, anchor: 'middle' });
  return { svg: out, height: 46 + ids.length * rowH + 30 };
}

/** Panel 3: interaction latencies at each site size against their budgets. */
function scalePanel(r, top, width) {
  if (!r.scale.length) return { svg: '', height: 0 };
  const h = 230;
  const left = 60;
  const plotW = width - left - 20;
  const metrics = [
    ['list_ms', 'list render', 50, '#4e79a7'],
    ['tag_filter_ms', 'tag filter', 16, '#f28e2b'],
    ['search_keystroke_ms', 'search keystroke', 16, '#59a14f'],
  ];
  const maxVal = Math.max(60, ...r.scale.flatMap((s) => metrics.map(([k]) => s[k] ?? 0)));
  const y = (v) => top + 40 + (h - 80) * (1 - v / maxVal);
  let out = text(10, top + 18, 'At scale: interaction latency in Chromium (ms, unthrottled); dashes are budgets', { size: 14, weight: 'bold' });
  out += legend(left, top + 34, metrics.map(([, l, , c]) => [l, c]));
  const step = maxVal > 200 ? 50 : maxVal > 100 ? 20 : 10;
  for (let v = 0; v <= maxVal; v += step) out += line(left, y(v), left + plotW, y(v), '#e5e5e5') + text(left - 6, y(v) + 4, String(v), { size: 10, anchor: 'end' });
  const gw = plotW / r.scale.length;
  const bw = Math.min(40, (gw - 30) / metrics.length);
  r.scale.forEach((s, gi) => {
    const gx = left + gi * gw + (gw - metrics.length * bw) / 2;
    metrics.forEach(([k, , limit, color], i) => {
      const v = s[k];
      if (v == null) return;
      out += rect(gx + i * bw, y(v), bw - 3, y(0) - y(v), color);
      out += text(gx + i * bw + bw / 2 - 1, y(v) - 3, v.toFixed(1), { size: 9, anchor: 'middle' });
      out += line(gx + i * bw - 2, y(limit), gx + (i + 1) * bw - 1, y(limit), '#000', '3 2');
    });
    out += text(left + gi * gw + gw / 2, y(0) + 14, `${s.posts.toLocaleString('en-US')} posts`, { size: 11, anchor: 'middle' });
  });
  return { svg: out, height: h };
}

function budgetPanel(r, top) {
  let out = text(10, top + 18, 'Budgets', { size: 14, weight: 'bold' });
  r.budgets.forEach((b, i) => {
    const yy = top + 38 + i * 17;
    out += text(14, yy, b.pass == null ? 'skip' : b.pass ? 'pass' : 'FAIL', { size: 11, weight: 'bold', fill: b.pass == null ? '#777' : b.pass ? '#2a7d2a' : '#c0392b' });
    out += text(54, yy, `${b.name}: ${b.shown}`, { size: 11 });
  });
  return { svg: out, height: 38 + r.budgets.length * 17 };
}

export function formatSvg(r) {
  const width = 960;
  let y = 0;
  let body = text(10, 22, `fumi bench — ${r.when} — ${r.runs} runs, medians — ${r.loads.post.slug}`, { size: 15, weight: 'bold' });
  y = 34;
  for (const panel of [ratioPanel, sizePanel, scalePanel]) {
    const p = panel(r, y, width);
    body += p.svg;
    y += p.height + 14;
  }
  const b = budgetPanel(r, y);
  body += b.svg;
  y += b.height + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.ceil(y)}" viewBox="0 0 ${width} ${Math.ceil(y)}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">\n<rect width="100%" height="100%" fill="#fff"/>\n${body}\n</svg>\n`;
}
