// Lighthouse 12.2.3 (npm `lighthouse`, pinned in package.json) on the pages the cold
// loads measure, served by the same nginx (README's configuration): the long Japanese
// post as shipped, the home page, the post's static floor and Docsify 5 rendering the
// same post. Mobile defaults (Moto G Power emulation, simulated slow 4G and 4× CPU),
// performance category only, one fresh Chromium per run; runs interleaved (run 1 of
// every page, then run 2 …), medians reported.
//
//   FUMI_LIGHTHOUSE_RUNS=3   runs per page (default 3)
//   FUMI_LIGHTHOUSE=0        skip Lighthouse

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { median } from './lib.mjs';

export const LIGHTHOUSE_RUNS = Math.max(1, Number(process.env.FUMI_LIGHTHOUSE_RUNS ?? 3));
export const LIGHTHOUSE_ENABLED = process.env.FUMI_LIGHTHOUSE !== '0';
const BIN = path.resolve('node_modules/.bin/lighthouse');
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-background-networking --disable-component-update --disable-sync --no-first-run';

/** The figures of one Lighthouse report (lhr). */
function figures(lhr) {
  const a = (id) => lhr.audits[id]?.numericValue ?? null;
  const score = lhr.categories.performance?.score;
  return {
    score: score == null ? null : Math.round(score * 100),
    fcp: a('first-contentful-paint'),
    lcp: a('largest-contentful-paint'),
    tbt: a('total-blocking-time'),
    cls: a('cumulative-layout-shift'),
    si: a('speed-index'),
    bytes: a('total-byte-weight'),
    requests: lhr.audits['network-requests']?.details?.items?.length ?? null,
    lcp_element: lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.selector ?? null,
    warnings: lhr.runWarnings ?? [],
    // Diagnostics Lighthouse 12.2 cannot compute from a newer Chromium's trace (seen:
    // 'frame_sequence' with Chromium 156: LCP element, layout-shift causes,
    // render-blocking resources). The metrics and the score do not depend on them.
    audit_errors: Object.entries(lhr.audits)
      .filter(([, a]) => a.scoreDisplayMode === 'error')
      .map(([id]) => id),
    error: lhr.runtimeError?.message ?? null,
  };
}

function runOnce(url, out) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, url, '--only-categories=performance', '--output=json', `--output-path=${out}`, `--chrome-flags=${CHROME_FLAGS}`, '--quiet'],
      { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 },
      (err, _stdout, stderr) => {
        if (err && !fs.existsSync(out)) return resolve({ error: `${err.message.split('\n')[0]} ${String(stderr).slice(-500)}` });
        try {
          const lhr = JSON.parse(fs.readFileSync(out, 'utf8'));
          resolve({ ...figures(lhr), version: lhr.lighthouseVersion, form_factor: lhr.configSettings?.formFactor, throttling: lhr.configSettings?.throttlingMethod });
        } catch (e) {
          resolve({ error: String(e.message ?? e) });
        }
      },
    );
  });
}

/** `pages`: [{ id, label, url }]. Returns { version, runs, form_factor, throttling, pages: [{ id, label, path, median, runs }] }. */
export async function measureLighthouse({ pages, runs = LIGHTHOUSE_RUNS, log = console.error }) {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: npm ci`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-lighthouse-'));
  const results = pages.map((p) => ({ ...p, runs: [] }));
  try {
    for (let run = 0; run < runs; run++) {
      for (let i = 0; i < results.length; i++) {
        const p = results[(i + run) % results.length];
        const r = await runOnce(p.url, path.join(tmp, `${p.id}-${run}.json`));
        if (r.error) log(`  lighthouse ${p.id}: ${r.error}`);
        p.runs.push(r);
      }
      log(`  lighthouse: run ${run + 1}/${runs} done`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const first = results.flatMap((p) => p.runs).find((r) => !r.error) ?? {};
  const FIGURES = ['score', 'fcp', 'lcp', 'tbt', 'cls', 'si', 'bytes', 'requests'];
  const auditErrors = [...new Set(results.flatMap((p) => p.runs.flatMap((r) => r.audit_errors ?? [])))].sort();
  return {
    version: first.version ?? null,
    audit_errors: auditErrors,
    form_factor: first.form_factor ?? null,
    throttling: first.throttling ?? null,
    runs,
    pages: results.map(({ id, label, url, runs: r }) => {
      const ok = r.filter((x) => !x.error);
      const m = Object.fromEntries(FIGURES.map((f) => [f, median(ok.map((x) => x[f]))]));
      m.ok_runs = ok.length;
      m.lcp_element = ok.map((x) => x.lcp_element).find(Boolean) ?? null;
      return { id, label, path: new URL(url).pathname, median: m, runs: r.map(({ version, form_factor, throttling, ...rest }) => rest) };
    }),
  };
}
