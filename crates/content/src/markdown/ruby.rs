//! Furigana: `｜漢字《かんじ》` (the run after the bar), `漢字《かんじ》` (the run of kanji
//! before `《`) and `{漢字|かんじ}` become `<ruby>` with `<rp>` parentheses for
//! readers whose browser shows no ruby. Search and excerpts read the base text only
//! ([`base_text`]).

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::escape_html;

/// One annotation found in a text: where it starts and ends, its base and reading.
struct Annotation<'a> {
    start: usize,
    end: usize,
    base: &'a str,
    reading: &'a str,
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '々' | '〆' | 'ヶ')
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}') // katakana includes ー
}

/// Every annotation of `text`, in order.
fn annotations(text: &str) -> Vec<Annotation<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while from < text.len() {
        let rest = &text[from..];
        let open = rest.find(['《', '{']);
        let Some(open) = open else { break };
        let at = from + open;
        let next = if text[at..].starts_with('《') { bracketed(text, at, from) } else { braced(text, at) };
        match next {
            Some(annotation) => {
                from = annotation.end;
                found.push(annotation);
            }
            None => from = at + text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// `｜base《reading》` or `kanji《reading》`, with `《` at byte `open`; `floor` is where
/// the base may start at the earliest (after the previous annotation).
fn bracketed(text: &str, open: usize, floor: usize) -> Option<Annotation<'_>> {
    let after = open + '《'.len_utf8();
    let close = after + text[after..].find('》')?;
    let reading = &text[after..close];
    if reading.is_empty() || reading.contains(['《', '\n']) {
        return None;
    }
    let before = &text[floor..open];
    // A bar names where the base starts; without one, the kanji just before.
    let (start, base) = match before.rfind(['｜', '|']) {
        Some(bar) if !before[bar..].chars().skip(1).any(char::is_whitespace) => {
            let bar_len = before[bar..].chars().next().map_or(1, char::len_utf8);
            (floor + bar, &before[bar + bar_len..])
        }
        _ => {
            let kanji: usize = before.chars().rev().take_while(|c| is_kanji(*c)).map(char::len_utf8).sum();
            (open - kanji, &before[before.len() - kanji..])
        }
    };
    (!base.is_empty()).then_some(Annotation { start, end: close + '》'.len_utf8(), base, reading })
}

/// `{base|reading}`, with `{` at byte `open`: only a base with kanji and a reading in
/// kana, so braces in ordinary text (`{a|b}`) stay text.
fn braced(text: &str, open: usize) -> Option<Annotation<'_>> {
    let close = open + text[open..].find('}')?;
    let (base, reading) = text[open + 1..close].split_once('|')?;
    let ok = !base.is_empty()
        && base.chars().any(is_kanji)
        && !base.contains(char::is_whitespace)
        && !reading.is_empty()
        && reading.chars().all(is_kana);
    ok.then_some(Annotation { start: open, end: close + 1, base, reading })
}

/// `text` with every annotation replaced by its base: what search and excerpts read.
pub fn base_text(text: &str) -> Cow<'_, str> {
    let found = annotations(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for a in found {
        out.push_str(&text[at..a.start]);
        out.push_str(a.base);
        at = a.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// Rendering: text outside code and links' targets with annotations becomes HTML.
pub(crate) fn annotate(events: &mut [Event]) {
    let mut code = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Text(text) if code == 0 && (text.contains('《') || text.contains('{')) => {
                let found = annotations(text);
                if !found.is_empty() {
                    let mut html = String::with_capacity(text.len() + 64);
                    let mut at = 0;
                    for a in found {
                        html.push_str(&escape_html(&text[at..a.start]));
                        html.push_str(&format!(
                            "<ruby>{}<rp>(</rp><rt>{}</rt><rp>)</rp></ruby>",
                            escape_html(a.base),
                            escape_html(a.reading)
                        ));
                        at = a.end;
                    }
                    html.push_str(&escape_html(&text[at..]));
                    events[i] = Event::InlineHtml(CowStr::from(html));
                }
            }
            _ => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render;

    #[test]
    fn the_three_forms_become_ruby_with_fallback_parentheses() {
        let html = render("｜転職活動《てんしょくかつどう》と冪等性《べきとうせい》と{基盤|きばん}。\n").html;
        assert_eq!(
            html,
            "<p><ruby>転職活動<rp>(</rp><rt>てんしょくかつどう</rt><rp>)</rp></ruby>と<ruby>冪等性<rp>(</rp><rt>べきとうせい</rt><rp>)</rp></ruby>と<ruby>基盤<rp>(</rp><rt>きばん</rt><rp>)</rp></ruby>。</p>\n"
        );
    }

    #[test]
    fn the_kanji_run_before_the_brackets_is_the_base() {
        let html = render("新しい基盤《きばん》チーム\n").html;
        assert!(html.contains("新しい<ruby>基盤<rp>"), "{html}");
    }

    #[test]
    fn braces_and_brackets_in_ordinary_text_and_code_stay_text() {
        for md in ["regex {a|b} and {foo|bar}\n", "`漢字《かんじ》`\n", "```\n{基盤|きばん}\n```\n", "《》だけ\n"]
        {
            assert!(!render(md).html.contains("<ruby>"), "{md}");
        }
    }

    #[test]
    fn markup_in_a_reading_is_text() {
        let html = render("｜漢字《<img src=x>》\n").html;
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn search_and_excerpts_read_the_base() {
        assert_eq!(base_text("｜転職《てんしょく》と冪等性《べきとうせい》と{基盤|きばん}"), "転職と冪等性と基盤");
        assert_eq!(base_text("ふつうの文"), "ふつうの文");
    }
}
