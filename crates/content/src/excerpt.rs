//! Excerpts: the first sentences of a post, for lists and link previews.
//!
//! The cut falls at a sentence end (。！？ or . ! ?) within a width budget. Where no
//! sentence ends in time, it falls between words (for Latin text) or between characters
//! (for CJK text, where any character boundary is a word boundary) and ends with "…".

use crate::cjk::is_spaceless;
use crate::prose::{prose_blocks, BlockKind};

/// Default excerpt budget, in columns: a CJK character is two columns, anything else
/// one. About 110 Japanese characters or 220 Latin ones, two or three lines on a card.
pub const EXCERPT_WIDTH: usize = 220;

/// The excerpt of a Markdown body within `width` columns.
pub fn excerpt(markdown: &str, width: usize) -> String {
    let mut text = String::new();
    for block in prose_blocks(markdown).into_iter().filter(|b| b.kind == BlockKind::Paragraph) {
        if columns(&text) > width {
            break;
        }
        let joins_without_space =
            text.chars().next_back().is_some_and(is_spaceless) && block.text.chars().next().is_some_and(is_spaceless);
        if !text.is_empty() && !joins_without_space {
            text.push(' ');
        }
        text.push_str(&block.text);
    }
    cut(&text, width)
}

fn char_columns(c: char) -> usize {
    if is_spaceless(c) {
        2
    } else {
        1
    }
}

fn columns(text: &str) -> usize {
    text.chars().map(char_columns).sum()
}

fn ends_sentence(c: char, next: Option<char>) -> bool {
    match c {
        '。' | '！' | '？' | '．' => true,
        '.' | '!' | '?' => next.is_none_or(char::is_whitespace),
        _ => false,
    }
}

fn is_closing(c: char) -> bool {
    matches!(c, '」' | '』' | '）' | ')' | '"' | '\'' | '”' | '’' | '】')
}

/// Cuts `text` to at most `width` columns at the best boundary.
fn cut(text: &str, width: usize) -> String {
    if columns(text) <= width {
        return text.to_owned();
    }
    let mut used = 0;
    let mut sentence_end = None; // byte index just past a sentence end
    let mut word_end = None; // byte index where a cut leaves whole words
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        used += char_columns(c);
        if used > width {
            break;
        }
        let end = i + c.len_utf8();
        if c.is_whitespace() {
            word_end = Some(i);
        } else if is_spaceless(c) || next.is_some_and(is_spaceless) {
            word_end = Some(end);
        }
        if ends_sentence(c, next) || (is_closing(c) && sentence_end == Some(i)) {
            sentence_end = Some(end);
        }
    }
    // A sentence end is the nicest cut unless it leaves almost nothing.
    if let Some(end) = sentence_end.filter(|&end| columns(&text[..end]) * 5 >= width * 2) {
        return text[..end].to_owned();
    }
    let end = word_end.filter(|&e| e > 0).unwrap_or_else(|| {
        // One enormous word: cut between characters rather than return nothing.
        let mut used = 0;
        text.char_indices()
            .take_while(|&(_, c)| {
                used += char_columns(c);
                used < width
            })
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8())
    });
    format!("{}…", text[..end].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_whole() {
        assert_eq!(excerpt("A short post.", 100), "A short post.");
    }

    #[test]
    fn english_cuts_at_the_last_sentence_end_within_budget() {
        let body = "First sentence is here. Second one follows it. Third sentence is far too long to fit.";
        assert_eq!(excerpt(body, 50), "First sentence is here. Second one follows it.");
    }

    #[test]
    fn japanese_cuts_at_the_last_kuten_within_budget() {
        let body = "最初の文です。二番目の文もあります。三番目の文はとても長くて予算に収まりません。";
        // 7 + 9 characters = 32 columns; the third sentence would pass 40.
        assert_eq!(excerpt(body, 40), "最初の文です。二番目の文もあります。");
    }

    #[test]
    fn closing_quote_after_sentence_end_is_kept() {
        let body = "彼は「行きます。」と言った。そして長い長い長い長い長い長い長い話が続くのです。";
        assert_eq!(excerpt(body, 20), "彼は「行きます。」");
    }

    #[test]
    fn without_a_sentence_end_english_cuts_between_words() {
        let body = "one two three four five six seven eight nine ten eleven twelve";
        let out = excerpt(body, 20);
        assert_eq!(out, "one two three four…");
    }

    #[test]
    fn without_a_sentence_end_japanese_cuts_between_characters() {
        let body = "句点のないとても長い日本語の文章が延々と続いていく場合";
        let out = excerpt(body, 20);
        assert_eq!(out, "句点のないとても長い…");
    }

    #[test]
    fn decimal_points_and_abbreviations_mid_word_are_not_sentence_ends() {
        let body = "Version 3.5 shipped with many changes to the scheduler and more.";
        let out = excerpt(body, 30);
        assert!(!out.ends_with("3."), "{out}");
        assert!(out.ends_with('…'), "{out}");
    }

    #[test]
    fn never_splits_a_word_even_when_one_word_fills_the_budget() {
        let out = excerpt("supercalifragilisticexpialidocious", 10);
        assert_eq!(out, "supercali…");
    }

    #[test]
    fn uses_paragraphs_only_and_joins_japanese_without_spaces() {
        let body = "## 見出し\n\n一段落目。\n\n```\ncode\n```\n\n- リスト\n\n二段落目。";
        assert_eq!(excerpt(body, 100), "一段落目。二段落目。");
    }

    #[test]
    fn result_fits_the_budget() {
        let body = "あいうえお。".repeat(100) + &"word ".repeat(100);
        for width in [10, 33, 80, 220] {
            let out = excerpt(&body, width);
            assert!(columns(&out) <= width + 1, "{width}: {out}");
        }
    }
}
