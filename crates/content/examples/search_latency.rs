//! Native search latency over a published site, for `./scripts/bench`.
//!
//! Loads `manifest.json` and `search/*` from a published posts folder, then times a
//! set of queries (each: parse, shard lookup, matching, ranking, snippets of the first
//! 20 results) and prints JSON with the median per query in microseconds.
//! Usage: cargo run --release -p fumi-content --example search_latency -- DIR/posts

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use fumi_content::search::query::Query;
use fumi_content::search::snippet::snippet;
use fumi_content::search::{SearchMeta, TermShard, TextShard};
use fumi_content::Manifest;

const QUERIES: &[&str] =
    &["運用", "kubernetes", "kube", "Kubernetes 運用", "コンテナイメージ", "state locking", "学習パイプライン"];

fn read<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: search_latency DIR/posts"));
    let manifest: Manifest = read(&dir.join("manifest.json"));
    let meta: SearchMeta = read(&dir.join("search/meta.json"));
    let terms: HashMap<u32, TermShard> =
        (0..meta.term_shards).map(|n| (n, read(&dir.join(format!("search/terms-{n}.json"))))).collect();
    let text_shards = (meta.posts as usize).div_ceil(meta.text_shard_size as usize);
    let texts: Vec<TextShard> = (0..text_shards).map(|n| read(&dir.join(format!("search/text-{n}.json")))).collect();

    let mut per_query = Vec::new();
    let mut matches = Vec::new();
    for q in QUERIES {
        let mut runs = Vec::new();
        let mut found = 0;
        for _ in 0..9 {
            let started = Instant::now();
            let query = Query::parse(q);
            let ids = query.matching_posts(|n| terms.get(&n), meta.term_shards).unwrap_or_default();
            let ranked = query.rank(&ids, &manifest.posts);
            for &id in ranked.iter().take(20) {
                let post = &texts[(id / meta.text_shard_size) as usize][(id % meta.text_shard_size) as usize];
                std::hint::black_box(snippet(post, &query));
            }
            runs.push(started.elapsed().as_secs_f64() * 1e6);
            found = ranked.len();
        }
        runs.sort_by(f64::total_cmp);
        per_query.push(format!(
            "{{\"query\": {:?}, \"median_us\": {:.0}, \"matches\": {found}}}",
            q,
            runs[runs.len() / 2]
        ));
        matches.push(found);
    }
    println!(
        "{{\"posts\": {}, \"term_shards\": {}, \"queries\": [{}]}}",
        meta.posts,
        meta.term_shards,
        per_query.join(", ")
    );
}
