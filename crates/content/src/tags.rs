//! Tags: free text, Japanese included. Tags that differ only in case or Unicode form
//! (`Kubernetes`, `kubernetes`, `ｋｕｂｅｒｎｅｔｅｓ`) are one tag.

use std::collections::HashMap;

use crate::manifest::{Manifest, PostSummary};
use crate::normalize::{nfkc, remember};

/// The identity of a tag: NFKC, lower-cased, inner whitespace collapsed.
pub fn tag_key(tag: &str) -> String {
    thread_local! {
        // A site has tens of distinct tags but lists and filters ask for their keys
        // tens of thousands of times at 10,000 posts.
        static KEYS: std::cell::RefCell<HashMap<String, String>> = std::cell::RefCell::new(HashMap::new());
    }
    remember(&KEYS, 4096, tag, |tag| nfkc(tag).split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase())
}

/// A tag with the number of posts that carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagCount {
    pub name: String,
    pub count: usize,
}

/// Every tag of `posts` with its post count, most used first, then by name.
pub fn tag_counts(posts: &[PostSummary]) -> Vec<TagCount> {
    let mut counts: HashMap<String, TagCount> = HashMap::new();
    for post in posts {
        for tag in &post.tags {
            counts.entry(tag_key(tag)).or_insert_with(|| TagCount { name: tag.clone(), count: 0 }).count += 1;
        }
    }
    let mut list: Vec<TagCount> = counts.into_values().collect();
    crate::sort::stable_sort_by(&mut list, |a, b| {
        b.count.cmp(&a.count).then_with(|| tag_key(&a.name).cmp(&tag_key(&b.name)))
    });
    list
}

/// Whether `post` carries `tag` (compared by [`tag_key`]).
pub fn has_tag(post: &PostSummary, tag: &str) -> bool {
    let key = tag_key(tag);
    post.tags.iter().any(|t| tag_key(t) == key)
}

/// Rewrites every post's tags to one spelling per tag (the first seen, in the given
/// order) and drops repeats within a post, so the site shows one `Kubernetes`.
pub fn unify_tag_spellings(posts: &mut [PostSummary]) {
    let mut spelling: HashMap<String, String> = HashMap::new();
    for post in posts.iter_mut() {
        let mut seen = Vec::new();
        post.tags.retain_mut(|tag| {
            let trimmed = tag.split_whitespace().collect::<Vec<_>>().join(" ");
            let key = tag_key(&trimmed);
            if key.is_empty() || seen.contains(&key) {
                return false;
            }
            *tag = spelling.entry(key.clone()).or_insert(trimmed).clone();
            seen.push(key);
            true
        });
    }
}

/// Up to `limit` posts of `manifest` other than `slug` sharing the most tags with it,
/// newer first on ties.
pub fn related<'a>(manifest: &'a Manifest, slug: &str, limit: usize) -> Vec<&'a PostSummary> {
    let Some(post) = manifest.post(slug) else { return Vec::new() };
    let keys: Vec<String> = post.tags.iter().map(|t| tag_key(t)).collect();
    let mut scored: Vec<(usize, usize, &PostSummary)> = manifest
        .posts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.slug != slug)
        .map(|(i, p)| (p.tags.iter().filter(|t| keys.contains(&tag_key(t))).count(), i, p))
        .filter(|(shared, ..)| *shared > 0)
        .collect();
    // Most shared tags first; the manifest order (newest first) breaks ties.
    crate::sort::stable_sort_by(&mut scored, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(limit).map(|(.., p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(slug: &str, tags: &[&str]) -> PostSummary {
        PostSummary { slug: slug.into(), tags: tags.iter().map(|t| t.to_string()).collect(), ..PostSummary::default() }
    }

    #[test]
    fn case_width_and_spacing_variants_share_a_key() {
        assert_eq!(tag_key("Kubernetes"), tag_key("ｋｕｂｅｒｎｅｔｅｓ"));
        assert_eq!(tag_key("Machine  Learning"), tag_key("machine learning"));
        assert_eq!(tag_key("ｺﾝﾃﾅ"), "コンテナ");
    }

    #[test]
    fn counts_merge_variants_and_sort_by_count() {
        let posts = [post("a", &["Kubernetes", "aws"]), post("b", &["kubernetes"]), post("c", &["機械学習"])];
        let counts = tag_counts(&posts);
        assert_eq!(counts[0], TagCount { name: "Kubernetes".into(), count: 2 });
        assert_eq!(counts.len(), 3);
    }

    #[test]
    fn unify_uses_first_spelling_and_drops_duplicates() {
        let mut posts = [post("a", &["Kubernetes", "KUBERNETES", " "]), post("b", &["kubernetes", "コンテナ"])];
        unify_tag_spellings(&mut posts);
        assert_eq!(posts[0].tags, ["Kubernetes"]);
        assert_eq!(posts[1].tags, ["Kubernetes", "コンテナ"]);
    }

    #[test]
    fn has_tag_ignores_form() {
        assert!(has_tag(&post("a", &["機械学習"]), "機械学習"));
        assert!(has_tag(&post("a", &["MLOps"]), "mlops"));
        assert!(!has_tag(&post("a", &["MLOps"]), "ml"));
    }

    #[test]
    fn related_posts_rank_by_shared_tags_then_recency() {
        let posts = vec![
            post("newest", &["aws"]),
            post("me", &["kubernetes", "aws", "mlops"]),
            post("two-shared", &["Kubernetes", "mlops"]),
            post("unrelated", &["cooking"]),
            post("one-shared", &["aws"]),
        ];
        let m = Manifest { posts, ..Default::default() };
        let slugs = |posts: Vec<&PostSummary>| posts.iter().map(|p| p.slug.clone()).collect::<Vec<_>>();
        assert_eq!(slugs(related(&m, "me", 3)), ["two-shared", "newest", "one-shared"]);
        assert_eq!(related(&m, "me", 1).len(), 1);
        assert!(related(&m, "missing", 3).is_empty());
    }
}
