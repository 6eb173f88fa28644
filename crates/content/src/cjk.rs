//! Which characters belong to scripts written without spaces between words.
//!
//! Japanese and Chinese text has no word separators, so rules that work on whitespace
//! (soft line breaks, word counts, where an excerpt may be cut) need to know when they
//! are looking at such text. Hangul is deliberately excluded: Korean separates words
//! with spaces.

/// True for Han ideographs, kana, CJK punctuation and full-width forms: characters
/// between which a line break in the source carries no space.
pub fn is_spaceless(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF       // CJK radicals, Kangxi radicals
        | 0x3000..=0x303F     // CJK symbols and punctuation (、。「」)
        | 0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3190..=0x31FF     // Kanbun, CJK strokes, Katakana phonetic extensions
        | 0x3400..=0x4DBF     // CJK extension A
        | 0x4E00..=0x9FFF     // CJK unified ideographs
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0xFE30..=0xFE4F     // CJK compatibility forms
        | 0xFF00..=0xFFEF     // Half-width and full-width forms (！？（）ｶﾅ)
        | 0x20000..=0x3FFFF   // CJK extensions B and beyond
    )
}

/// True for the characters a reader reads one at a time: ideographs and kana, not
/// punctuation. Used to count reading time.
pub fn is_cjk_letter(c: char) -> bool {
    is_spaceless(c) && c.is_alphanumeric()
}

/// `text` cut at `breaks` (byte offsets, as the publishing tool found them between
/// Japanese phrases; one that is not a boundary inside `text` is skipped), for a title
/// shown with a `<wbr>` between the pieces.
pub fn pieces<'a>(text: &'a str, breaks: &[u16]) -> Vec<&'a str> {
    let mut pieces = Vec::new();
    let mut last = 0;
    for at in breaks.iter().map(|&b| usize::from(b)) {
        if at > last && at < text.len() && text.is_char_boundary(at) {
            pieces.push(&text[last..at]);
            last = at;
        }
    }
    pieces.push(&text[last..]);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kana_kanji_and_japanese_punctuation_are_spaceless() {
        for c in ['あ', 'ア', '漢', '。', '、', '「', '」', '！', 'ｱ', '𠮷'] {
            assert!(is_spaceless(c), "{c}");
        }
    }

    #[test]
    fn latin_digits_and_hangul_are_not_spaceless() {
        for c in ['a', 'Z', '1', ' ', '.', '한', 'é'] {
            assert!(!is_spaceless(c), "{c}");
        }
    }

    #[test]
    fn punctuation_is_not_a_letter() {
        assert!(is_cjk_letter('語'));
        assert!(is_cjk_letter('ー'));
        assert!(!is_cjk_letter('。'));
        assert!(!is_cjk_letter('「'));
    }

    #[test]
    fn titles_are_cut_only_at_boundaries_inside_them() {
        let title = "リアルな話をしたい";
        assert_eq!(pieces(title, &[12, 18]), ["リアルな", "話を", "したい"]);
        assert_eq!(pieces(title, &[]), [title]);
        // Stale or hostile offsets: inside a character, past the end, out of order.
        assert_eq!(pieces(title, &[1, 12, 5, 400]), ["リアルな", "話をしたい"]);
    }
}
