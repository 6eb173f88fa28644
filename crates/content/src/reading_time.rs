//! Reading time: how long a post takes to read, for Japanese and English alike.
//!
//! Japanese has no spaces, so counting "words" by whitespace makes a long Japanese post
//! look like a one-minute read. fumi counts CJK characters and Latin words separately,
//! each at a typical silent-reading rate for its script, and leaves code blocks out.

use crate::cjk::{is_cjk_letter, is_spaceless};
use crate::prose::prose_blocks;

/// Typical silent-reading speed of adult Japanese readers, in characters per minute
/// (published figures cluster around 400–600).
pub const CJK_CHARS_PER_MINUTE: u32 = 500;
/// Typical silent-reading speed for English non-fiction, in words per minute.
pub const LATIN_WORDS_PER_MINUTE: u32 = 230;

/// The measured size of a post's prose and the minutes it takes to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadingTime {
    /// Whole minutes, rounded up, at least 1.
    pub minutes: u32,
    /// Ideographs and kana (punctuation excluded).
    pub cjk_chars: u32,
    /// Runs of letters and digits outside CJK text.
    pub latin_words: u32,
}

/// Measures the reading time of a Markdown body.
pub fn reading_time(markdown: &str) -> ReadingTime {
    let mut cjk_chars = 0u32;
    let mut latin_words = 0u32;
    for block in prose_blocks(markdown) {
        let mut in_word = false;
        for c in block.text.chars() {
            if is_cjk_letter(c) {
                cjk_chars += 1;
            }
            let wordish = c.is_alphanumeric() && !is_spaceless(c);
            if wordish && !in_word {
                latin_words += 1;
            }
            // Apostrophes and hyphens keep "don't" and "re-run" as one word.
            in_word = wordish || (in_word && matches!(c, '\'' | '’' | '-'));
        }
    }
    // Seconds, in integers: each CJK character and each word costs its share.
    let seconds = u64::from(cjk_chars) * 60 / u64::from(CJK_CHARS_PER_MINUTE)
        + u64::from(latin_words) * 60 / u64::from(LATIN_WORDS_PER_MINUTE);
    let minutes = seconds.div_ceil(60).max(1) as u32;
    ReadingTime { minutes, cjk_chars, latin_words }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_thousand_japanese_characters_take_about_ten_minutes() {
        let body = "日本語の文章を読むのには時間がかかります。".repeat(250); // 20 letters × 250
        let rt = reading_time(&body);
        assert_eq!(rt.cjk_chars, 5000);
        assert!((8..=12).contains(&rt.minutes), "{rt:?}");
    }

    #[test]
    fn english_words_are_counted_by_word() {
        let body = "Kubernetes schedules pods onto nodes. ".repeat(230); // 5 words × 230
        let rt = reading_time(&body);
        assert_eq!(rt.latin_words, 1150);
        assert_eq!(rt.minutes, 5);
    }

    #[test]
    fn mixed_text_counts_both_scripts() {
        let rt = reading_time("Kubernetes の運用は難しい。don't re-run it");
        assert_eq!(rt.latin_words, 4);
        assert_eq!(rt.cjk_chars, 7); // の運用は難しい
    }

    #[test]
    fn code_blocks_do_not_count() {
        let code = format!("```\n{}\n```\n", "let x = 1;\n".repeat(5000));
        let rt = reading_time(&format!("Short intro.\n\n{code}"));
        assert_eq!(rt.latin_words, 2);
        assert_eq!(rt.minutes, 1);
    }

    #[test]
    fn punctuation_is_not_a_character_read() {
        assert_eq!(reading_time("「」、。！？").cjk_chars, 0);
    }

    #[test]
    fn empty_post_reads_in_one_minute() {
        assert_eq!(reading_time("").minutes, 1);
    }
}
