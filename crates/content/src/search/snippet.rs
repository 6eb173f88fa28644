//! The piece of a post shown under a search result, with the match marked.

use super::query::Query;
use super::PostText;

/// Text around the first match of a query in a post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub before: String,
    pub matched: String,
    pub after: String,
    /// Id of the heading whose section holds the match.
    pub section: Option<String>,
}

/// Characters of context on each side of the match.
const CONTEXT_BEFORE: usize = 30;
const CONTEXT_AFTER: usize = 70;

/// The snippet for the longest query term found in `post`, if any is found.
pub fn snippet(post: &PostText, query: &Query) -> Option<Snippet> {
    // Lower-case copy of the text, remembering where each lower-case byte came from.
    let mut lower = String::with_capacity(post.text.len());
    let mut origin: Vec<usize> = Vec::with_capacity(post.text.len() + 1);
    for (i, c) in post.text.char_indices() {
        for l in c.to_lowercase() {
            let before = lower.len();
            lower.push(l);
            origin.extend(std::iter::repeat_n(i, lower.len() - before));
        }
    }
    origin.push(post.text.len());

    let mut terms: Vec<&str> = query.terms.iter().map(|t| t.text.as_str()).collect();
    crate::sort::stable_sort_by_key(&mut terms, |t| std::cmp::Reverse(t.chars().count()));
    let (at, len) = terms.iter().find_map(|t| lower.find(t).map(|at| (at, t.len())))?;
    let start = origin[at];
    let end = origin[at + len].max(start);
    // Extend `end` to the end of the last matched character.
    let end = if end == start { start + post.text[start..].chars().next().map_or(0, char::len_utf8) } else { end };

    let before_start = post.text[..start].char_indices().rev().nth(CONTEXT_BEFORE - 1).map_or(0, |(i, _)| i);
    let after_end = post.text[end..].char_indices().nth(CONTEXT_AFTER).map_or(post.text.len(), |(i, _)| end + i);
    let mut before = post.text[before_start..start].replace('\n', " ");
    let mut after = post.text[end..after_end].replace('\n', " ");
    if before_start > 0 {
        before.insert(0, '…');
    }
    if after_end < post.text.len() {
        after.push('…');
    }
    let section =
        post.sections.iter().take_while(|(offset, _)| *offset as usize <= start).last().map(|(_, id)| id.clone());
    Some(Snippet { before, matched: post.text[start..end].to_owned(), after, section })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::build::post_text;

    #[test]
    fn marks_the_match_keeping_the_original_case() {
        let text = post_text("We run Kubernetes in production.");
        let s = snippet(&text, &Query::parse("kubernetes")).unwrap();
        assert_eq!(
            (s.before.as_str(), s.matched.as_str(), s.after.as_str()),
            ("We run ", "Kubernetes", " in production.")
        );
    }

    #[test]
    fn japanese_match_with_context_and_section() {
        let text = post_text("前置き。\n\n## 学んだこと\n\nクラスタを運用している。");
        let s = snippet(&text, &Query::parse("運用")).unwrap();
        assert_eq!(s.matched, "運用");
        assert!(s.before.ends_with("クラスタを"), "{s:?}");
        assert_eq!(s.section.as_deref(), Some("学んだこと"));
    }

    #[test]
    fn long_text_is_trimmed_with_ellipses() {
        let body = format!("{}needle{}", "a ".repeat(100), " b".repeat(100));
        let s = snippet(&post_text(&body), &Query::parse("needle")).unwrap();
        assert!(s.before.starts_with('…') && s.after.ends_with('…'), "{s:?}");
        assert!(s.before.chars().count() <= CONTEXT_BEFORE + 1);
    }

    #[test]
    fn no_match_no_snippet() {
        assert_eq!(snippet(&post_text("nothing here"), &Query::parse("absent")), None);
    }

    #[test]
    fn the_longest_term_is_highlighted() {
        let s = snippet(&post_text("EKS の運用について"), &Query::parse("EKS 運用")).unwrap();
        assert_eq!(s.matched, "EKS");
        let s = snippet(&post_text("EKS の運用について"), &Query::parse("運用 ab")).unwrap();
        assert_eq!(s.matched, "運用");
    }
}
