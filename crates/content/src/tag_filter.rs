//! The multi-tag filter of the post list (`/?tag=a&tag=b&match=all`): read from and
//! written back to URL query pairs, applied to posts, and the per-tag counts the
//! filter bar shows next to each tag.

use std::collections::HashMap;

use crate::manifest::PostSummary;
use crate::tags::{tag_counts, tag_key};

/// How several selected tags combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Match {
    /// A post must carry every selected tag (`match=all`, the default).
    #[default]
    All,
    /// A post must carry at least one selected tag (`match=any`).
    Any,
}

impl Match {
    /// The value of the `match` query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Match::All => "all",
            Match::Any => "any",
        }
    }

    /// Reads a `match` value; anything but `any` means the default, `all`, so a
    /// mistyped URL still shows a sensible list.
    pub fn parse(value: &str) -> Match {
        if value.trim().eq_ignore_ascii_case("any") {
            Match::Any
        } else {
            Match::All
        }
    }
}

/// The selected tags and how they combine. Tags are kept in the order they were
/// selected, once each by [`tag_key`], in the spelling first given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagFilter {
    tags: Vec<String>,
    keys: Vec<String>,
    mode: Match,
}

/// One tag of the filter bar: whether it is selected, and the number to show next to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagOption {
    pub name: String,
    pub selected: bool,
    /// Selected tags, and every tag under `match=all` (or an empty filter): how many
    /// posts of the list would carry it — for an unselected tag, the length of the list
    /// once it is added. Unselected tags under `match=any`: how many posts adding it
    /// would bring in (see [`TagOption::gain`]).
    pub count: usize,
    /// `count` is a number of posts added to the list, not the list's length.
    pub gain: bool,
}

impl TagFilter {
    /// A filter of `tags` (blank ones and repeats dropped) combined by `mode`.
    pub fn new<T: AsRef<str>>(tags: impl IntoIterator<Item = T>, mode: Match) -> TagFilter {
        let mut filter = TagFilter { mode, ..TagFilter::default() };
        for tag in tags {
            filter.insert(tag.as_ref());
        }
        filter
    }

    /// Reads `tag` (repeatable) and `match` from a URL's query pairs, ignoring the rest.
    pub fn from_query<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> TagFilter {
        let mut filter = TagFilter::default();
        for (key, value) in pairs {
            match key.as_ref() {
                "tag" => filter.insert(value.as_ref()),
                "match" => filter.mode = Match::parse(value.as_ref()),
                _ => {}
            }
        }
        filter
    }

    /// The query pairs that [`TagFilter::from_query`] reads back to this filter: each tag,
    /// then `match` whenever tags are selected (so a shared URL says what it means) or
    /// when it is not the default.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<_> = self.tags.iter().map(|t| ("tag", t.clone())).collect();
        if !self.tags.is_empty() || self.mode != Match::All {
            pairs.push(("match", self.mode.as_str().to_owned()));
        }
        pairs
    }

    fn insert(&mut self, tag: &str) {
        let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = tag_key(&tag);
        if !key.is_empty() && !self.keys.contains(&key) {
            self.tags.push(tag);
            self.keys.push(key);
        }
    }

    /// The selected tags, in the spelling they were given.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    pub fn mode(&self) -> Match {
        self.mode
    }

    /// No tag selected: the filter lets every post through.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// Whether `tag` (compared by [`tag_key`]) is selected.
    pub fn contains(&self, tag: &str) -> bool {
        self.keys.contains(&tag_key(tag))
    }

    /// This filter with `tag` added, or removed if it was selected.
    pub fn toggled(&self, tag: &str) -> TagFilter {
        let key = tag_key(tag);
        match self.keys.iter().position(|k| *k == key) {
            Some(i) => {
                let mut filter = self.clone();
                filter.tags.remove(i);
                filter.keys.remove(i);
                filter
            }
            None => TagFilter::new(self.tags.iter().map(String::as_str).chain([tag]), self.mode),
        }
    }

    /// This filter with its tags combined by `mode`.
    pub fn with_mode(&self, mode: Match) -> TagFilter {
        TagFilter { mode, ..self.clone() }
    }

    /// Whether a post whose tags have these keys passes the filter.
    fn passes(&self, post_keys: &[String]) -> bool {
        if self.is_empty() {
            return true;
        }
        let mut selected = self.keys.iter().map(|k| post_keys.contains(k));
        match self.mode {
            Match::All => selected.all(|carried| carried),
            Match::Any => selected.any(|carried| carried),
        }
    }

    /// Whether `post` passes the filter.
    pub fn matches(&self, post: &PostSummary) -> bool {
        self.passes(&post_keys(post))
    }

    /// The posts that pass, in their given order.
    pub fn apply<'a>(&self, posts: &'a [PostSummary]) -> Vec<&'a PostSummary> {
        if self.is_empty() {
            return posts.iter().collect();
        }
        posts.iter().filter(|p| self.matches(p)).collect()
    }

    /// Every tag of `posts` for the filter bar, most used first (an order that does not
    /// move while the reader clicks), followed by selected tags no post carries so they
    /// can still be deselected.
    pub fn options(&self, posts: &[PostSummary]) -> Vec<TagOption> {
        let counts_gains = self.mode == Match::Any && !self.is_empty();
        let mut counts: HashMap<String, usize> = HashMap::new();
        for post in posts {
            let keys = post_keys(post);
            let passes = self.passes(&keys);
            for key in keys {
                let counted = if counts_gains && !self.keys.contains(&key) { !passes } else { passes };
                *counts.entry(key).or_default() += usize::from(counted);
            }
        }
        let mut options: Vec<TagOption> = tag_counts(posts)
            .into_iter()
            .map(|tag| {
                let key = tag_key(&tag.name);
                let selected = self.keys.contains(&key);
                TagOption {
                    count: counts.get(&key).copied().unwrap_or(0),
                    gain: counts_gains && !selected,
                    selected,
                    name: tag.name,
                }
            })
            .collect();
        for (tag, key) in self.tags.iter().zip(&self.keys) {
            if !counts.contains_key(key) {
                options.push(TagOption { name: tag.clone(), selected: true, count: 0, gain: false });
            }
        }
        options
    }
}

fn post_keys(post: &PostSummary) -> Vec<String> {
    post.tags.iter().map(|t| tag_key(t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(slug: &str, tags: &[&str]) -> PostSummary {
        PostSummary { slug: slug.into(), tags: tags.iter().map(|t| t.to_string()).collect(), ..PostSummary::default() }
    }

    fn sample() -> Vec<PostSummary> {
        vec![
            post("mlops", &["mlops", "kubernetes", "機械学習"]),
            post("eks", &["career", "kubernetes", "キャリア"]),
            post("terraform", &["cloud", "aws"]),
            post("requests", &["kubernetes", "cloud"]),
        ]
    }

    fn slugs(posts: Vec<&PostSummary>) -> Vec<&str> {
        posts.into_iter().map(|p| p.slug.as_str()).collect()
    }

    fn filter(query: &[(&str, &str)]) -> TagFilter {
        TagFilter::from_query(query.iter().copied())
    }

    fn option<'a>(options: &'a [TagOption], name: &str) -> &'a TagOption {
        options.iter().find(|o| o.name == name).unwrap_or_else(|| panic!("no option {name}"))
    }

    #[test]
    fn reads_repeated_tags_and_match_from_query_pairs() {
        let f = filter(&[("tag", "kubernetes"), ("page", "2"), ("tag", "機械学習"), ("match", "any")]);
        assert_eq!(f.tags(), ["kubernetes", "機械学習"]);
        assert_eq!(f.mode(), Match::Any);
    }

    #[test]
    fn match_defaults_to_all_and_tolerates_unknown_values() {
        assert_eq!(filter(&[("tag", "a")]).mode(), Match::All);
        assert_eq!(filter(&[("tag", "a"), ("match", "both")]).mode(), Match::All);
        assert_eq!(filter(&[("match", "ANY")]).mode(), Match::Any);
    }

    #[test]
    fn writes_query_pairs_that_read_back_to_the_same_filter() {
        for query in [
            vec![("tag", "kubernetes"), ("tag", "機械学習"), ("match", "all")],
            vec![("tag", "コンテナ"), ("match", "any")],
            vec![("match", "any")],
            vec![],
        ] {
            let f = filter(&query);
            let written = f.to_query();
            let expected: Vec<(&str, String)> = query.iter().map(|(k, v)| (*k, v.to_string())).collect();
            assert_eq!(written, expected);
            assert_eq!(TagFilter::from_query(written.iter().map(|(k, v)| (*k, v.as_str()))), f);
        }
    }

    #[test]
    fn empty_filter_writes_no_query_and_passes_every_post() {
        let f = TagFilter::default();
        assert!(f.to_query().is_empty());
        assert_eq!(slugs(f.apply(&sample())), ["mlops", "eks", "terraform", "requests"]);
    }

    #[test]
    fn case_and_width_variants_are_one_tag() {
        let f = filter(&[("tag", "Kubernetes"), ("tag", "ｋｕｂｅｒｎｅｔｅｓ"), ("tag", " "), ("tag", "KUBERNETES")]);
        assert_eq!(f.tags(), ["Kubernetes"]);
        assert!(f.contains("kubernetes"));
        assert_eq!(slugs(f.apply(&sample())), ["mlops", "eks", "requests"]);
        assert_eq!(slugs(filter(&[("tag", "ｺﾝﾃﾅ")]).apply(&[post("c", &["コンテナ"])])), ["c"]);
    }

    #[test]
    fn all_keeps_posts_with_every_tag() {
        let f = filter(&[("tag", "kubernetes"), ("tag", "cloud")]);
        assert_eq!(slugs(f.apply(&sample())), ["requests"]);
        let ja = filter(&[("tag", "kubernetes"), ("tag", "機械学習"), ("match", "all")]);
        assert_eq!(slugs(ja.apply(&sample())), ["mlops"]);
    }

    #[test]
    fn any_keeps_posts_with_one_of_the_tags() {
        let f = filter(&[("tag", "機械学習"), ("tag", "aws"), ("match", "any")]);
        assert_eq!(slugs(f.apply(&sample())), ["mlops", "terraform"]);
    }

    #[test]
    fn an_unknown_tag_leaves_nothing_under_all() {
        let f = filter(&[("tag", "kubernetes"), ("tag", "cooking")]);
        assert!(f.apply(&sample()).is_empty());
    }

    #[test]
    fn toggling_adds_then_removes_a_tag_in_any_spelling() {
        let f = filter(&[("tag", "kubernetes"), ("match", "any")]);
        let added = f.toggled("キャリア");
        assert_eq!(added.tags(), ["kubernetes", "キャリア"]);
        assert_eq!(added.mode(), Match::Any, "toggling keeps the mode");
        assert_eq!(added.toggled("KUBERNETES").tags(), ["キャリア"]);
        assert_eq!(f.with_mode(Match::All).mode(), Match::All);
    }

    #[test]
    fn options_of_an_empty_filter_count_posts_per_tag() {
        for mode in [Match::All, Match::Any] {
            let options = TagFilter::new(Vec::<String>::new(), mode).options(&sample());
            assert_eq!(options[0], TagOption { name: "kubernetes".into(), selected: false, count: 3, gain: false });
            assert_eq!(option(&options, "機械学習").count, 1);
            assert_eq!(options.len(), 7);
        }
    }

    #[test]
    fn options_under_all_count_the_list_each_tag_would_leave() {
        let options = filter(&[("tag", "kubernetes")]).options(&sample());
        assert_eq!(
            option(&options, "kubernetes"),
            &TagOption { name: "kubernetes".into(), selected: true, count: 3, gain: false }
        );
        assert_eq!(option(&options, "cloud").count, 1);
        assert_eq!(option(&options, "機械学習").count, 1);
        assert_eq!(option(&options, "aws").count, 0);
    }

    #[test]
    fn options_under_any_count_the_posts_each_tag_would_add() {
        let options = filter(&[("tag", "機械学習"), ("match", "any")]).options(&sample());
        assert_eq!(option(&options, "機械学習").count, 1);
        assert!(!option(&options, "機械学習").gain);
        let kubernetes = option(&options, "kubernetes");
        assert_eq!((kubernetes.count, kubernetes.gain), (2, true), "eks and requests are new, mlops is listed already");
        assert_eq!(option(&options, "mlops").count, 0);
        assert_eq!(option(&options, "cloud").count, 2);
    }

    #[test]
    fn options_keep_selected_tags_that_no_post_carries() {
        let options = filter(&[("tag", "cooking")]).options(&sample());
        assert_eq!(options.last(), Some(&TagOption { name: "cooking".into(), selected: true, count: 0, gain: false }));
    }
}
