//! Building the search files from published posts (run by the publishing tool).

use std::collections::{BTreeMap, BTreeSet};

use super::tokenize::{index_terms, normalize};
use super::{term_shard_of, to_gaps, PostText, SearchMeta, TermShard, TextShard, SEARCH_VERSION};
use crate::heading_id::HeadingIds;
use crate::normalize::nfkc;
use crate::prose::{prose_blocks, BlockKind};

/// How big shards may grow, in bytes of JSON.
#[derive(Clone, Copy, Debug)]
pub struct ShardSizes {
    pub terms: usize,
    pub text: usize,
}

/// Small enough that a query on a 10,000-post site reads a few hundred KB, large
/// enough that a small site is one file of each kind.
pub const SHARD_SIZES: ShardSizes = ShardSizes { terms: 192 * 1024, text: 256 * 1024 };

/// One post to index, in manifest order (its position is its id).
pub struct Document<'a> {
    pub title: &'a str,
    pub tags: &'a [String],
    pub summary: &'a str,
    /// Markdown body.
    pub body: &'a str,
}

/// Everything written under `posts/search/`.
#[derive(Debug)]
pub struct SearchFiles {
    pub meta: SearchMeta,
    pub terms: Vec<TermShard>,
    pub texts: Vec<TextShard>,
}

/// Builds the index of `docs`.
pub fn build(docs: &[Document]) -> SearchFiles {
    build_with(docs, SHARD_SIZES)
}

/// Builds the index of `docs` with the given shard sizes.
pub fn build_with(docs: &[Document], sizes: ShardSizes) -> SearchFiles {
    let mut postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut texts = Vec::with_capacity(docs.len());
    for (id, doc) in docs.iter().enumerate() {
        let text = post_text(doc.body);
        let searchable = normalize(&format!("{}\n{}\n{}\n{}", doc.title, doc.tags.join("\n"), doc.summary, text.text));
        let unique: BTreeSet<String> = index_terms(&searchable).into_iter().collect();
        for term in unique {
            postings.entry(term).or_default().push(id as u32);
        }
        texts.push(text);
    }

    let term_bytes: usize = postings.iter().map(|(t, ids)| t.len() + 6 + ids.len() * 3).sum();
    let term_shards = term_bytes.div_ceil(sizes.terms).max(1).next_power_of_two() as u32;
    let mut terms: Vec<TermShard> = vec![TermShard::new(); term_shards as usize];
    for (term, ids) in postings {
        let shard = term_shard_of(&term, term_shards) as usize;
        terms[shard].insert(term, to_gaps(&ids));
    }

    let text_bytes: usize = texts.iter().map(|t| t.text.len() + 16).sum();
    let average = (text_bytes / texts.len().max(1)).max(1);
    let text_shard_size = (sizes.text / average).clamp(1, 1000);
    let texts: Vec<TextShard> = texts.chunks(text_shard_size).map(<[PostText]>::to_vec).collect();

    SearchFiles {
        meta: SearchMeta {
            version: SEARCH_VERSION,
            term_shards,
            text_shard_size: text_shard_size as u32,
            posts: docs.len() as u32,
        },
        terms,
        texts,
    }
}

/// A body's prose as one NFKC text, blocks separated by newlines, with where each
/// heading's section starts.
pub fn post_text(body: &str) -> PostText {
    let mut text = String::new();
    let mut sections = Vec::new();
    let mut ids = HeadingIds::new();
    for block in prose_blocks(body) {
        if !text.is_empty() {
            text.push('\n');
        }
        if block.kind == BlockKind::Heading {
            sections.push((text.len() as u32, ids.next_id(&block.text)));
        }
        text.push_str(&nfkc(&block.text));
    }
    PostText { text, sections }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::from_gaps;

    fn doc<'a>(title: &'a str, tags: &'a [String], body: &'a str) -> Document<'a> {
        Document { title, tags, summary: "", body }
    }

    #[test]
    fn every_term_lists_the_posts_containing_it() {
        let k8s = vec!["kubernetes".to_string()];
        let files = build(&[
            doc("EKS に移ります", &k8s, "基盤チームで運用を学ぶ。"),
            doc("Terraform state", &[], "Remote state and locking."),
            doc("MLOps", &k8s, "学習パイプラインの運用。"),
        ]);
        let lookup = |term: &str| {
            let shard = &files.terms[term_shard_of(term, files.meta.term_shards) as usize];
            shard.get(term).map(|gaps| from_gaps(gaps)).unwrap_or_default()
        };
        assert_eq!(lookup("運用"), [0, 2]);
        assert_eq!(lookup("kubernetes"), [0, 2]);
        assert_eq!(lookup("state"), [1]);
        assert_eq!(lookup("eks"), [0]);
        assert_eq!(files.meta.posts, 3);
    }

    #[test]
    fn code_blocks_are_not_indexed() {
        let files = build(&[doc("t", &[], "Prose.\n\n```\nsecretword\n```\n")]);
        assert!(files.terms.iter().all(|s| !s.contains_key("secretword")));
    }

    #[test]
    fn post_text_marks_sections_with_heading_ids() {
        let text = post_text("Intro.\n\n## 学んだこと\n\nBody one.\n\n## 学んだこと\n\nBody two.\n");
        assert_eq!(text.text, "Intro.\n学んだこと\nBody one.\n学んだこと\nBody two.");
        assert_eq!(text.sections, [(7, "学んだこと".to_string()), (33, "学んだこと-1".to_string())]);
    }

    #[test]
    fn large_sites_are_sharded() {
        let bodies: Vec<String> = (0..3000).map(|i| format!("word{i} 運用{i} common 日本語の文章{}", i % 97)).collect();
        let docs: Vec<Document> = bodies.iter().map(|b| doc("t", &[], b)).collect();
        let files = build_with(&docs, ShardSizes { terms: 16 * 1024, text: 8 * 1024 });
        assert!(files.meta.term_shards > 1, "{:?}", files.meta);
        assert_eq!(files.terms.len() as u32, files.meta.term_shards);
        let texts: usize = files.texts.iter().map(Vec::len).sum();
        assert_eq!(texts, 3000);
        assert!(files.texts.len() > 1);
    }
}
