//! Full-text search that works for Japanese as well as English, with no dictionary.
//!
//! Japanese has no spaces, so whole-word indexes cannot find a word inside a sentence.
//! fumi indexes CJK text as overlapping character pairs (bigrams: 運用し → 運用, 用し)
//! and Latin text as words, so any CJK substring of two or more characters and any
//! word (or word prefix, as the reader types) is found. Everything is compared in NFKC
//! and lower case, so width and case do not matter.
//!
//! The publishing tool builds the index ([`build`]); the browser fetches only the
//! shards a query needs ([`query`]) and shows snippets from the text shards
//! ([`snippet`]). Files, under `posts/search/`:
//!
//! - `meta.json`: [`SearchMeta`] — shard counts.
//! - `terms-<n>.json`: [`TermShard`] — term → ids of the posts containing it. Terms are
//!   sharded by their first character, so a prefix lookup reads one shard.
//! - `text-<n>.json`: [`TextShard`] — each post's plain text, for snippets.
//!
//! A post's id is its position in the manifest's post list (newest first).

pub mod build;
pub mod query;
pub mod snippet;
pub mod tokenize;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Version of the search files; bumped when their shape changes.
pub const SEARCH_VERSION: u32 = 1;

/// How the index is split, so the browser knows which files to fetch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchMeta {
    pub version: u32,
    /// Number of `terms-<n>.json` files.
    pub term_shards: u32,
    /// Posts per `text-<n>.json` file.
    pub text_shard_size: u32,
    /// Number of posts indexed (must equal the manifest's).
    pub posts: u32,
}

/// Term → ids of the posts that contain it, as gaps between ascending ids
/// (`[3, 1, 4]` means posts 3, 4 and 8), which compress well.
pub type TermShard = BTreeMap<String, Vec<u32>>;

/// Plain text of consecutive posts.
pub type TextShard = Vec<PostText>;

/// A post's searchable text (NFKC), with where each section starts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostText {
    pub text: String,
    /// `[byte offset in text, heading id]`, ascending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<(u32, String)>,
}

/// FNV-1a, 32 bits: a tiny hash that gives the same shard natively and in wasm.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// The shard holding a term (by its first character, so prefixes share a shard).
pub fn term_shard_of(term: &str, shards: u32) -> u32 {
    let mut first = [0u8; 4];
    let first = term.chars().next().map_or(&[][..], |c| c.encode_utf8(&mut first).as_bytes());
    fnv1a(first) % shards.max(1)
}

/// Turns ascending ids into gaps.
pub(crate) fn to_gaps(ids: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    ids.iter()
        .enumerate()
        .map(|(i, &id)| {
            let gap = if i == 0 { id } else { id - previous };
            previous = id;
            gap
        })
        .collect()
}

/// Turns gaps back into ascending ids.
pub fn from_gaps(gaps: &[u32]) -> Vec<u32> {
    let mut id = 0u32;
    gaps.iter()
        .enumerate()
        .map(|(i, &gap)| {
            id = if i == 0 { gap } else { id.saturating_add(gap) };
            id
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_round_trip() {
        let ids = [3, 4, 8, 100];
        assert_eq!(to_gaps(&ids), [3, 1, 4, 92]);
        assert_eq!(from_gaps(&to_gaps(&ids)), ids);
    }

    #[test]
    fn prefixes_share_a_shard() {
        assert_eq!(term_shard_of("kube", 16), term_shard_of("kubernetes", 16));
        assert_eq!(term_shard_of("運", 16), term_shard_of("運用", 16));
        assert_eq!(term_shard_of("anything", 1), 0);
    }

    #[test]
    fn fnv_matches_reference_values() {
        assert_eq!(fnv1a(b""), 0x811c9dc5);
        assert_eq!(fnv1a(b"a"), 0xe40c292c);
    }
}
