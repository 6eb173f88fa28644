//! Language tags: what a post's or the site's `lang` says.

/// Whether a language tag names Japanese (`ja`, `ja-JP`, `JA`), by its primary
/// subtag: the one test every Japanese rule (dates, labels, reading, the interface)
/// goes through.
pub fn is_japanese(lang: &str) -> bool {
    lang.split(['-', '_']).next().is_some_and(|primary| primary.eq_ignore_ascii_case("ja"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_is_the_primary_subtag_ja() {
        for tag in ["ja", "ja-JP", "JA", "ja_JP"] {
            assert!(is_japanese(tag), "{tag}");
        }
        for tag in ["en", "", "jv", "jam", "en-JA"] {
            assert!(!is_japanese(tag), "{tag}");
        }
    }
}
