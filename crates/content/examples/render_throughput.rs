//! Native Markdown rendering throughput, for `./scripts/bench`.
//!
//! Renders the sample posts, concatenated into one large mixed Japanese/English
//! document, several times and prints the median MB/s as JSON.
//! Usage: cargo run --release -p fumi-content --example render_throughput -- posts/*.md

use std::time::Instant;

fn main() {
    let mut document = String::new();
    for path in std::env::args().skip(1) {
        document.push_str(&std::fs::read_to_string(&path).expect("readable post"));
        document.push_str("\n\n");
    }
    // About 1 MB, so each run lasts long enough to time.
    let copies = (1_000_000 / document.len().max(1)).max(1);
    let document = document.repeat(copies);
    let mut rates = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        let rendered = fumi_content::render(&document);
        let seconds = started.elapsed().as_secs_f64();
        assert!(!rendered.html.is_empty());
        rates.push(document.len() as f64 / 1e6 / seconds);
    }
    rates.sort_by(f64::total_cmp);
    println!("{{\"bytes\": {}, \"median_mb_per_s\": {:.1}}}", document.len(), rates[rates.len() / 2]);
}
