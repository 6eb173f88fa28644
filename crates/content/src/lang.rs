//! A post's language when its front matter does not say.

use crate::prose::prose_blocks;

/// `Some("ja")` when a body is mostly Japanese (it has kana, and more CJK characters
/// than Latin words); `None` to fall back to the site language.
pub fn detect_language(markdown: &str) -> Option<&'static str> {
    let mut kana = 0usize;
    let mut cjk = 0usize;
    let mut latin = 0usize;
    for block in prose_blocks(markdown) {
        for c in block.text.chars() {
            match c as u32 {
                0x3040..=0x30FF => {
                    kana += 1;
                    cjk += 1;
                }
                _ if crate::cjk::is_cjk_letter(c) => cjk += 1,
                _ if c.is_ascii_alphabetic() => latin += 1,
                _ => {}
            }
        }
    }
    // Latin counted in letters here; a word is about five letters.
    (kana > 0 && cjk * 5 > latin).then_some("ja")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_prose_is_detected() {
        assert_eq!(detect_language("Kubernetes の運用について書きます。"), Some("ja"));
    }

    #[test]
    fn english_prose_with_a_japanese_word_is_not() {
        assert_eq!(detect_language("The word 文 (fumi) means writing; this post is in English."), None);
    }

    #[test]
    fn code_does_not_decide() {
        assert_eq!(detect_language("English text.\n\n```\n# これはコメントです\n```\n"), None);
    }
}
