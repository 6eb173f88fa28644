//! Synthetic sites for benchmarks and tests: `fumi-publish generate --posts N --out DIR`
//! writes a project folder (fumi.toml + posts/*.md) of N realistic posts in Japanese
//! and English. The same seed always writes the same site, so numbers measured on it
//! can be compared between runs and machines.

use std::fmt::Write as _;
use std::path::Path;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub posts: usize,
    pub seed: u64,
    pub posts_per_page: usize,
}

/// A pool of ~40 tags, English and Japanese, used unevenly (the first ones most) the
/// way real blogs use theirs.
const TAGS: [&str; 40] = [
    "kubernetes",
    "aws",
    "機械学習",
    "rust",
    "career",
    "コンテナ",
    "mlops",
    "terraform",
    "python",
    "設計",
    "performance",
    "observability",
    "キャリア",
    "go",
    "security",
    "データベース",
    "postgres",
    "運用",
    "typescript",
    "networking",
    "分散システム",
    "linux",
    "testing",
    "監視",
    "gcp",
    "architecture",
    "障害対応",
    "ci",
    "読書",
    "react",
    "チーム開発",
    "azure",
    "英語学習",
    "wasm",
    "自動化",
    "kafka",
    "クラウド",
    "grpc",
    "可観測性",
    "leadership",
];

const TITLES_JA: [&str; 8] = [
    "{}で学んだこと",
    "{}の運用を一年続けてみて",
    "{}入門：最初に知っておきたい五つのこと",
    "{}を本番環境に導入するまで",
    "{}の設計を見直した話",
    "{}についての覚え書き",
    "チームで{}に取り組んだ記録",
    "{}の落とし穴と対策",
];

const TITLES_EN: [&str; 8] = [
    "Lessons from running {} in production",
    "A practical guide to {}",
    "What I learned about {} this year",
    "Getting started with {}",
    "Rethinking our {} setup",
    "Notes on {}",
    "How our team adopted {}",
    "Common {} pitfalls and how to avoid them",
];

const SENTENCES_JA: [&str; 12] = [
    "最初は小さく始めて、効果を測りながら範囲を広げていきました。",
    "ドキュメントを読むだけでは分からないことが、実際に運用してみると次々に見えてきます。",
    "チームの全員が同じ前提を共有できるように、決めたことは必ず文章に残しました。",
    "障害が起きたときに慌てないよう、手順書と監視の設定を先に整えました。",
    "性能の問題は、推測する前にまず計測することが大切です。",
    "設定の変更はすべてコードで管理し、レビューを経てから反映しています。",
    "振り返ってみると、一番効いたのは地道な改善の積み重ねでした。",
    "同じ失敗を繰り返さないために、原因と対策を短くまとめて共有しました。",
    "新しい仕組みを入れるときは、古い仕組みをいつ止めるかも同時に決めます。",
    "利用者の声を聞くと、想定していなかった使い方がいくつも見つかりました。",
    "自動化できる作業は自動化し、人は判断が必要なことに集中します。",
    "次の課題は、この取り組みを他のチームにも広げていくことです。",
];

const SENTENCES_EN: [&str; 12] = [
    "We started small and widened the scope only after measuring the effect.",
    "Reading the documentation only gets you so far; running it in production teaches the rest.",
    "Every decision went into a short written note so the whole team shared the same context.",
    "Before the first incident, we wrote the runbook and set up the alerts.",
    "Measure before you guess: most performance problems are not where you expect them.",
    "All configuration lives in code and goes through review before it is applied.",
    "Looking back, steady small improvements mattered more than any single big change.",
    "After each failure we wrote down the cause and the fix, in a page anyone could read.",
    "When we add a new system, we also decide when the old one will be turned off.",
    "Talking to users revealed several ways of working we had not anticipated.",
    "Anything that can be automated is automated, so people can focus on judgement calls.",
    "The next step is to bring the same approach to the other teams.",
];

const CODE_BLOCKS: [(&str, &str); 4] = [
    ("sh", "kubectl get pods -n production\nkubectl describe deployment api"),
    ("rust", "fn main() {\n    let total: u64 = (1..=10).sum();\n    println!(\"{total}\");\n}"),
    ("python", "import json\n\nwith open(\"metrics.json\") as f:\n    print(json.load(f)[\"p99\"])"),
    ("yaml", "resources:\n  requests:\n    cpu: 250m\n    memory: 256Mi"),
];

/// A small, fast, deterministic generator (SplitMix64): enough for test data, and no
/// dependency whose output could change between versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `0..n`, small ones much more likely (for popular tags).
    fn skewed_below(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The files of a generated project, as (path relative to the project root, text).
pub fn site_files(spec: Spec) -> Vec<(String, String)> {
    let mut rng = Rng(spec.seed);
    let mut files = vec![(
        crate::config::CONFIG_FILE.to_owned(),
        format!(
            "title = \"fumi synthetic ({} posts)\"\ndescription = \"Generated posts for benchmarks and tests (seed {}).\"\nlanguage = \"en\"\nposts_per_page = {}\n",
            spec.posts, spec.seed, spec.posts_per_page
        ),
    )];
    for i in 0..spec.posts {
        files.push((format!("{}/post-{i:05}.md", crate::publish::POSTS_DIR), post(&mut rng)));
    }
    files
}

fn post(rng: &mut Rng) -> String {
    let japanese = rng.below(2) == 0;
    let mut tags: Vec<&str> = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let tag = TAGS[rng.skewed_below(TAGS.len())];
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let (titles, sentences) = if japanese { (&TITLES_JA, &SENTENCES_JA) } else { (&TITLES_EN, &SENTENCES_EN) };
    let title = rng.pick(titles).replace("{}", tags[0]);
    // Ten years of posts; day 28 at most so every month has the day.
    let date = format!("{}-{:02}-{:02}", 2016 + rng.below(10), 1 + rng.below(12), 1 + rng.below(28));

    let mut text = String::new();
    let _ = writeln!(text, "---\ntitle: \"{title}\"\ndate: {date}");
    let _ = writeln!(text, "tags: [{}]", tags.join(", "));
    let _ = writeln!(text, "lang: {}\n---\n", if japanese { "ja" } else { "en" });
    for paragraph in 0..2 + rng.below(4) {
        if paragraph == 2 && rng.below(2) == 0 {
            let _ = writeln!(text, "## {}\n", if japanese { "詳細" } else { "Details" });
        }
        let line: Vec<&str> = (0..2 + rng.below(4)).map(|_| rng.pick(sentences)).collect();
        let _ = writeln!(text, "{}\n", line.join(if japanese { "" } else { " " }));
        if paragraph == 1 && rng.below(4) == 0 {
            let (lang, code) = CODE_BLOCKS[rng.below(CODE_BLOCKS.len())];
            let _ = writeln!(text, "```{lang}\n{code}\n```\n");
        }
    }
    text
}

/// Writes the generated project into `out` (created if needed; existing posts with
/// other names are left alone).
pub fn write_site(spec: Spec, out: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out.join(crate::publish::POSTS_DIR))?;
    for (path, text) in site_files(spec) {
        std::fs::write(out.join(path), text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::{publish, Mode};

    fn spec(posts: usize, seed: u64) -> Spec {
        Spec { posts, seed, posts_per_page: 3 }
    }

    #[test]
    fn the_same_seed_writes_the_same_site() {
        assert_eq!(site_files(spec(20, 7)), site_files(spec(20, 7)));
        assert_ne!(site_files(spec(20, 7)), site_files(spec(20, 8)));
    }

    #[test]
    fn a_generated_site_publishes_without_problems() {
        let dir = tempfile::tempdir().unwrap();
        write_site(spec(60, 1), dir.path()).unwrap();
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        assert_eq!(outcome.problems, []);
        assert_eq!(outcome.warnings, []);
        let manifest = outcome.manifest;
        assert_eq!(manifest.posts.len(), 60);
        assert_eq!(manifest.site.posts_per_page, 3);
        assert!(manifest.posts.iter().all(|p| (1..=4).contains(&p.tags.len())));
        let languages: std::collections::HashSet<&str> = manifest.posts.iter().map(|p| p.lang.as_str()).collect();
        assert_eq!(languages.len(), 2, "Japanese and English posts");
        let years: std::collections::HashSet<&str> = manifest.posts.iter().map(|p| &p.date[..4]).collect();
        assert!(years.len() >= 5, "dates spread over years: {years:?}");
        assert!(outcome.bodies.iter().any(|post| post.markdown.contains("```")), "some posts have code");
    }
}
