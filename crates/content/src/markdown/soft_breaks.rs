//! A soft line break between two CJK characters is not a space.
//!
//! Authors wrap long Japanese lines in their editors; CommonMark turns each wrap into a
//! space, which shows up as a stray gap in the middle of a sentence. Between Latin
//! words, and between Latin and CJK text, the break stays a space.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::cjk::is_spaceless;

/// Removes soft breaks whose neighbouring characters are both spaceless.
pub(crate) fn join_spaceless_soft_breaks(events: &mut Vec<Event>) {
    // How far to look for text around a break, past emphasis and link tags.
    const REACH: usize = 8;
    let joins: Vec<bool> = (0..events.len())
        .map(|i| {
            matches!(events[i], Event::SoftBreak) && {
                let before = events[i.saturating_sub(REACH)..i].iter().rev().find_map(edge_char(true));
                let after = events[i + 1..(i + 1 + REACH).min(events.len())].iter().find_map(edge_char(false));
                matches!((before, after), (Some(Some(a)), Some(Some(b))) if is_spaceless(a) && is_spaceless(b))
            }
        })
        .collect();
    let mut index = 0;
    events.retain(|_| {
        let keep = !joins[index];
        index += 1;
        keep
    });
}

/// For a scan from a soft break: `Some(Some(c))` is the nearest character of text,
/// `Some(None)` means something that is not text (stop, keep the break), `None` means
/// an inline tag to look past.
fn edge_char(last: bool) -> impl Fn(&Event) -> Option<Option<char>> {
    move |event| match event {
        Event::Text(t) | Event::Code(t) => Some(if last { t.chars().next_back() } else { t.chars().next() }),
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
        | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => None,
        _ => Some(None),
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;

    fn html(markdown: &str) -> String {
        render(markdown).html
    }

    #[test]
    fn soft_break_between_japanese_characters_disappears() {
        assert_eq!(html("日本語の文章を\n途中で折り返す。"), "<p>日本語の文章を途中で折り返す。</p>\n");
    }

    #[test]
    fn soft_break_after_japanese_punctuation_disappears() {
        assert_eq!(html("はい、\nそうです。"), "<p>はい、そうです。</p>\n");
    }

    #[test]
    fn soft_break_between_latin_words_stays_a_space() {
        assert_eq!(html("wrapped\nline"), "<p>wrapped\nline</p>\n");
    }

    #[test]
    fn soft_break_between_latin_and_japanese_stays() {
        assert_eq!(html("Kubernetes\nの運用"), "<p>Kubernetes\nの運用</p>\n");
    }

    #[test]
    fn soft_break_next_to_emphasis_is_joined() {
        assert_eq!(html("これは**重要**\nです。"), "<p>これは<strong>重要</strong>です。</p>\n");
    }

    #[test]
    fn hard_break_is_kept_in_japanese() {
        assert_eq!(html("一行目  \n二行目"), "<p>一行目<br />\n二行目</p>\n");
    }
}
