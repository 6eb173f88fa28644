//! Answering a query: which shards to fetch, which posts match, in what order.

use std::collections::BTreeSet;

use super::tokenize::{bigrams, normalize, runs, Run};
use super::{from_gaps, term_shard_of, TermShard};
use crate::manifest::PostSummary;
use crate::normalize::remember;
use crate::tags::tag_key;

/// One part of a query that every result must contain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryTerm {
    /// Normalized text to find (and highlight).
    pub text: String,
    /// Index terms that must all be present.
    pub keys: Vec<String>,
    /// Match keys as prefixes: the word being typed, or a single CJK character.
    pub prefix: bool,
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<QueryTerm>,
}

impl Query {
    /// Parses what the reader typed. The last word counts as a prefix while it is
    /// being typed (no space after it yet).
    pub fn parse(input: &str) -> Query {
        let normalized = normalize(input);
        let typing = !input.ends_with(char::is_whitespace);
        let parts = runs(&normalized);
        let last = parts.len().saturating_sub(1);
        let terms = parts
            .into_iter()
            .enumerate()
            .map(|(i, run)| match run {
                Run::Word(w) => QueryTerm { text: w.to_owned(), keys: vec![w.to_owned()], prefix: typing && i == last },
                Run::Cjk(s) => {
                    let single = s.chars().count() == 1;
                    QueryTerm { text: s.to_owned(), keys: bigrams(s), prefix: single }
                }
            })
            .collect();
        Query { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The term shards this query reads.
    pub fn shards(&self, term_shards: u32) -> BTreeSet<u32> {
        self.terms.iter().flat_map(|t| &t.keys).map(|k| term_shard_of(k, term_shards)).collect()
    }

    /// Ids of the posts containing every term, ascending (newest first). `shard(n)`
    /// gives term shard `n`; `None` when a needed shard is not loaded.
    pub fn matching_posts<'s>(
        &self,
        shard: impl Fn(u32) -> Option<&'s TermShard>,
        term_shards: u32,
    ) -> Option<Vec<u32>> {
        let mut result: Option<Vec<u32>> = None;
        for term in &self.terms {
            for key in &term.keys {
                let shard = shard(term_shard_of(key, term_shards))?;
                let ids: Vec<u32> = if term.prefix {
                    let mut ids: BTreeSet<u32> = BTreeSet::new();
                    for (_, gaps) in shard.range(key.clone()..).take_while(|(k, _)| k.starts_with(key.as_str())) {
                        ids.extend(from_gaps(gaps));
                    }
                    ids.into_iter().collect()
                } else {
                    shard.get(key).map(|gaps| from_gaps(gaps)).unwrap_or_default()
                };
                result = Some(match result {
                    None => ids,
                    Some(current) => intersect(&current, &ids),
                });
                if result.as_ref().is_some_and(Vec::is_empty) {
                    return Some(Vec::new());
                }
            }
        }
        Some(result.unwrap_or_default())
    }

    /// Orders matches: hits in the title first, then in tags, then elsewhere; newer
    /// posts first among equals.
    pub fn rank(&self, ids: &[u32], posts: &[PostSummary]) -> Vec<u32> {
        let mut scored: Vec<(u32, u32)> =
            ids.iter().filter_map(|&id| posts.get(id as usize).map(|post| (self.score(post), id))).collect();
        crate::sort::stable_sort_by(&mut scored, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, id)| id).collect()
    }

    fn score(&self, post: &PostSummary) -> u32 {
        let title = title_key(&post.title);
        let tags: Vec<String> = post.tags.iter().map(|t| tag_key(t)).collect();
        self.terms
            .iter()
            .map(|term| {
                if title.contains(&term.text) {
                    4
                } else if tags.iter().any(|t| t.contains(&term.text)) {
                    2
                } else {
                    1
                }
            })
            .sum()
    }

    /// Whether normalized `text` really contains every term (bigram matches can be
    /// false positives: 東京 and 京都 do not make 東京都).
    pub fn is_found_in(&self, normalized: &str) -> bool {
        self.terms.iter().all(|t| normalized.contains(&t.text))
    }
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// `normalize(title)`, remembered: ranking scores every candidate on each keystroke
/// (thousands at 10,000 posts), and titles do not change while the page is open.
fn title_key(title: &str) -> String {
    thread_local! {
        static KEYS: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
    }
    // Bounded for sites far beyond 10,000 posts.
    remember(&KEYS, 65_536, title, normalize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::build::{build, Document};
    use std::collections::HashMap;

    struct Site {
        posts: Vec<PostSummary>,
        shards: HashMap<u32, TermShard>,
        term_shards: u32,
    }

    fn site(entries: &[(&str, &[&str], &str)]) -> Site {
        let posts: Vec<PostSummary> = entries
            .iter()
            .map(|(title, tags, _)| PostSummary {
                title: title.to_string(),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                ..Default::default()
            })
            .collect();
        let docs: Vec<Document> = posts
            .iter()
            .zip(entries)
            .map(|(p, (_, _, body))| Document { title: &p.title, tags: &p.tags, summary: "", body })
            .collect();
        let files = build(&docs);
        let shards = files.terms.into_iter().enumerate().map(|(i, s)| (i as u32, s)).collect();
        Site { posts, shards, term_shards: files.meta.term_shards }
    }

    fn search(site: &Site, input: &str) -> Vec<u32> {
        let query = Query::parse(input);
        let ids = query.matching_posts(|n| site.shards.get(&n), site.term_shards).expect("all shards loaded");
        query.rank(&ids, &site.posts)
    }

    fn sample() -> Site {
        site(&[
            ("EKS 基盤チームに移ります", &["kubernetes", "キャリア"], "クラスタを運用している。Kubernetes の勉強会。"),
            ("Terraform state lessons", &["terraform"], "Remote state, locking and drift."),
            ("MLOps パイプライン", &["機械学習"], "学習基盤の運用と Kubernetes 上の推論。"),
            ("Container image diet", &["コンテナ"], "東京の京都ではない話。"),
        ])
    }

    #[test]
    fn finds_any_japanese_substring_of_two_characters_or_more() {
        let s = sample();
        assert_eq!(search(&s, "運用"), [0, 2]);
        assert_eq!(search(&s, "パイプライン"), [2]);
        assert_eq!(search(&s, "ラスタ"), [0], "a substring in the middle of a word");
    }

    #[test]
    fn query_spanning_a_kanji_kana_boundary() {
        let s = sample();
        assert_eq!(search(&s, "運用して"), [0]);
        assert_eq!(search(&s, "用し"), [0]);
    }

    #[test]
    fn mixed_query_needs_every_part() {
        let s = sample();
        assert_eq!(search(&s, "Kubernetes 運用"), [0, 2]);
        assert_eq!(search(&s, "Kubernetes 推論"), [2]);
        assert_eq!(search(&s, "Terraform 運用"), Vec::<u32>::new());
    }

    #[test]
    fn case_and_width_do_not_matter() {
        let s = sample();
        assert_eq!(search(&s, "ＴＥＲＲＡＦＯＲＭ "), [1]);
        assert_eq!(search(&s, "ｺﾝﾃﾅ"), [3]);
    }

    #[test]
    fn the_word_being_typed_matches_as_a_prefix() {
        let s = sample();
        assert_eq!(search(&s, "kube"), [0, 2]);
        assert_eq!(search(&s, "kube "), Vec::<u32>::new(), "a finished word must match whole");
        assert_eq!(search(&s, "lock"), [1]);
    }

    #[test]
    fn title_hits_rank_above_body_hits() {
        let s = site(&[("Unrelated newest", &[], "mentions pipeline once"), ("Pipeline design", &[], "body")]);
        assert_eq!(search(&s, "pipeline"), [1, 0]);
    }

    #[test]
    fn newer_posts_win_ties() {
        let s = site(&[("a", &[], "shared words"), ("b", &[], "shared words")]);
        assert_eq!(search(&s, "shared"), [0, 1]);
    }

    #[test]
    fn bigram_false_positives_are_caught_by_verification() {
        let s = sample();
        let query = Query::parse("東京都");
        let ids = query.matching_posts(|n| s.shards.get(&n), s.term_shards).unwrap();
        assert_eq!(ids, [3], "the bigrams 東京 and 京都 both occur");
        assert!(!query.is_found_in(&normalize("東京の京都ではない話。")));
    }

    #[test]
    fn missing_shards_are_reported_not_guessed() {
        let s = sample();
        assert_eq!(Query::parse("運用").matching_posts(|_| None, s.term_shards), None);
    }

    #[test]
    fn empty_and_punctuation_only_queries_have_no_terms() {
        assert!(Query::parse("").is_empty());
        assert!(Query::parse(" 、。!? ").is_empty());
    }
}
