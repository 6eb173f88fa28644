//! URL slugs: the one rule that turns a title, a file name or a heading into a path
//! segment. Letters and digits of every script survive (a Japanese title keeps its
//! Japanese), everything else becomes a single hyphen.

use crate::normalize::nfkc;

/// Turns `text` into a slug: NFKC-normalised, lower-cased, letters and digits kept,
/// every run of other characters replaced by one `-`, no leading or trailing `-`.
///
/// Returns an empty string when `text` has no letters or digits at all.
pub fn slugify(text: &str) -> String {
    let normalized = nfkc(text);
    let mut slug = String::with_capacity(normalized.len());
    let mut pending_hyphen = false;
    for c in normalized.chars() {
        if c.is_alphanumeric() || c == '_' {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

/// Whether `slug` is already in the form [`slugify`] produces.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty() && slugify(slug) == slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_title_becomes_lowercase_hyphenated() {
        assert_eq!(slugify("Hello, World: A Tour!"), "hello-world-a-tour");
    }

    #[test]
    fn japanese_text_is_kept() {
        assert_eq!(slugify("Amazon EKS の開発チームに移ります"), "amazon-eks-の開発チームに移ります");
    }

    #[test]
    fn full_width_and_half_width_forms_are_folded() {
        assert_eq!(slugify("ＭＬＯｐｓ　入門"), "mlops-入門");
        assert_eq!(slugify("ｺﾝﾃﾅ"), "コンテナ");
    }

    #[test]
    fn runs_of_separators_collapse_and_ends_are_trimmed() {
        assert_eq!(slugify("  --a  //  b--  "), "a-b");
    }

    #[test]
    fn underscores_survive() {
        assert_eq!(slugify("snake_case name"), "snake_case-name");
    }

    #[test]
    fn japanese_punctuation_separates() {
        assert_eq!(slugify("はじめに。続き「引用」"), "はじめに-続き-引用");
    }

    #[test]
    fn text_without_letters_gives_empty_slug() {
        assert_eq!(slugify("!!! ??? 。。"), "");
    }

    #[test]
    fn is_slug_accepts_only_normal_forms() {
        assert!(is_slug("kubernetes-入門"));
        assert!(!is_slug("Kubernetes"));
        assert!(!is_slug("a b"));
        assert!(!is_slug(""));
    }
}
