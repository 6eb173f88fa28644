//! Heading ids: fragment identifiers for the headings of one post.
//!
//! The id of a heading is its [`slugify`]d text, so Japanese headings keep their
//! Japanese (`## 学んだこと` → `#学んだこと`). Repeated headings are numbered the way
//! GitHub numbers them (`学んだこと`, `学んだこと-1`, …), which authors already know.

use std::collections::{HashMap, HashSet};

use crate::slug::slugify;

/// Id used for a heading whose text has no letters or digits (say, only an emoji).
const FALLBACK_ID: &str = "section";

/// Hands out unique heading ids for one document, in document order.
#[derive(Debug, Default)]
pub struct HeadingIds {
    taken: HashSet<String>,
    /// Per base id, the last number handed out: numbering resumes there rather than
    /// at 1, so a post with thousands of equal headings is not quadratic.
    last_number: HashMap<String, usize>,
}

impl HeadingIds {
    /// A fresh set for a new document.
    pub fn new() -> Self {
        Self::default()
    }

    /// The id for the next heading with text `text`, unique within this document.
    pub fn next_id(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = FALLBACK_ID.to_owned();
        }
        // Every number below the last one handed out for this base was taken then and
        // still is, so starting there finds the same id as starting at 1.
        let mut n = self.last_number.get(&base).copied().unwrap_or(0);
        let mut candidate = if n == 0 { base.clone() } else { format!("{base}-{n}") };
        while self.taken.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.last_number.insert(base, n);
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_heading_keeps_its_text() {
        assert_eq!(HeadingIds::new().next_id("学んだこと"), "学んだこと");
    }

    #[test]
    fn spaces_become_hyphens_and_case_folds() {
        assert_eq!(HeadingIds::new().next_id("Why Kubernetes Matters"), "why-kubernetes-matters");
    }

    #[test]
    fn repeated_headings_are_numbered_in_order() {
        let mut ids = HeadingIds::new();
        assert_eq!(ids.next_id("学んだこと"), "学んだこと");
        assert_eq!(ids.next_id("学んだこと"), "学んだこと-1");
        assert_eq!(ids.next_id("学んだこと"), "学んだこと-2");
    }

    #[test]
    fn numbering_skips_ids_taken_by_real_headings() {
        let mut ids = HeadingIds::new();
        assert_eq!(ids.next_id("Notes 1"), "notes-1");
        assert_eq!(ids.next_id("Notes"), "notes");
        assert_eq!(ids.next_id("Notes"), "notes-2");
    }

    #[test]
    fn full_width_heading_is_normalised() {
        assert_eq!(HeadingIds::new().next_id("ＥＫＳ　の話"), "eks-の話");
    }

    #[test]
    fn heading_without_letters_gets_a_fallback() {
        let mut ids = HeadingIds::new();
        assert_eq!(ids.next_id("🚀"), "section");
        assert_eq!(ids.next_id("!!!"), "section-1");
    }
}
