// Helpers shared by fumi's benchmark scripts.

import zlib from 'node:zlib';
// Chromium started exactly as the end-to-end tests start it.
export { launchChromium } from '../tests/e2e/harness.mjs';

/** The release build under measurement (./scripts/bench builds it there). */
export const DIST = process.env.FUMI_DIST ?? 'target/bench-dist';

/** Runs per measurement (medians are reported). */
export const RUNS = Math.max(1, Number(process.env.FUMI_BENCH_RUNS ?? 5));

/** Median of the finite numbers in `xs` (mean of the middle two for an even count); null if none. */
export function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Sizes of a buffer as shipped: raw, gzip -9 and brotli q11 (what the build's .gz/.br copies use). */
export function compressedSizes(buf) {
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

export function sumSizes(list) {
  return list.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip, brotli: t.brotli + s.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });
}


/**
 * Script for `page.addInitScript`: from document creation on, records long tasks, LCP
 * candidates, paint timings, when `contentSelector` first matches an element with
 * content (for parser-inserted static pages as well as the app), and the wasm memory
 * the app starts with (Trunk's `TrunkApplicationStarted` event carries the wasm
 * exports, `memory` among them). Everything lands in `window.__fumiBench`.
 */
export function initScript(contentSelector) {
  const b = (window.__fumiBench = { longTasks: [], lcp: [], paint: {}, cls: 0, content: null, started: null, memory: null });
  const observe = (type, f) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(f)).observe({ type, buffered: true });
    } catch {
      // entry type not supported: the figure stays empty
    }
  };
  observe('longtask', (e) => b.longTasks.push({ start: e.startTime, duration: e.duration }));
  observe('largest-contentful-paint', (e) =>
    b.lcp.push({ time: e.startTime, size: e.size, element: e.element ? e.element.tagName.toLowerCase() + (e.element.className ? '.' + String(e.element.className).split(' ')[0] : '') : null }),
  );
  observe('paint', (e) => (b.paint[e.name] = e.startTime));
  // Layout shifts the reader did not cause (the bench gives no input, so: all of them),
  // summed over the whole load, the app's take-over included.
  observe('layout-shift', (e) => {
    if (!e.hadRecentInput) b.cls += e.value;
  });
  addEventListener('TrunkApplicationStarted', (e) => {
    b.started = performance.now();
    b.memory = e.detail?.wasm?.memory ?? b.memory;
  });
  // Whatever loads the wasm (Trunk's loader, an embedding loader), its instance's
  // exported memory is the app's linear memory.
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (!original) continue;
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then((result) => {
        const exports = (result.instance ?? result).exports ?? {};
        const memory = Object.values(exports).find((v) => v instanceof WebAssembly.Memory);
        if (memory && !b.memory) b.memory = memory;
        return result;
      });
    };
  }
  if (contentSelector) {
    const seen = () => {
      const el = document.querySelector(contentSelector);
      return Boolean(el && el.firstChild);
    };
    const mo = new MutationObserver(() => {
      if (b.content === null && seen()) {
        b.content = performance.now();
        mo.disconnect();
      }
    });
    mo.observe(document, { childList: true, subtree: true });
  }
}

/** Reads what `initScript` recorded, plus the wasm linear memory size now. */
export function readRecorded() {
  const b = window.__fumiBench;
  return {
    now: performance.now(),
    longTasks: b.longTasks,
    lcp: b.lcp,
    paint: b.paint,
    cls: b.cls,
    content: b.content,
    started: b.started,
    wasmBytes: b.memory ? b.memory.buffer.byteLength : null,
    marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, time: m.startTime })),
  };
}

/** Live JS heap after a full GC (CDP), in bytes. */
export async function jsHeapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
}
