//! Markdown → HTML throughput of fumi's renderer compiled to wasm, in headless Chromium:
//! a benchmark for `./scripts/bench`, not a test. It exists only in release test builds
//! (`cargo test --release`), so the debug component-test run of `./scripts/test`
//! compiles it to nothing. The document is the file named by `FUMI_BENCH_DOC`, read at
//! compile time (bench/throughput.mjs writes it and runs this); the result is printed
//! as one `FUMI_BENCH {json}` line (run with `-- --nocapture`).
#![cfg(all(target_arch = "wasm32", not(debug_assertions)))]

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DOCUMENT: &str = include_str!(env!("FUMI_BENCH_DOC"));
const RUNS: usize = 21;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn now() -> f64;
}

#[wasm_bindgen_test]
fn markdown_throughput() {
    // One warm-up run: the first call pays for lazily initialised tables.
    assert!(!fumi_content::render(DOCUMENT).html.is_empty());
    let mut rates: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = now();
            let rendered = fumi_content::render(DOCUMENT);
            let ms = now() - started;
            assert!(!rendered.html.is_empty());
            DOCUMENT.len() as f64 / 1e6 / (ms / 1e3)
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    console_log!(
        "FUMI_BENCH {{\"bytes\": {}, \"runs\": {RUNS}, \"median_mb_per_s\": {:.2}}}",
        DOCUMENT.len(),
        rates[RUNS / 2]
    );
}
