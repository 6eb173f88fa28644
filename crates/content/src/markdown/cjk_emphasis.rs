//! Emphasis next to Japanese punctuation: `**「強調」**の` is bold.
//!
//! CommonMark decides whether `**` opens or closes emphasis from the characters around
//! it. Punctuation such as 「」 on the inside and a letter on the outside makes a run
//! neither, so Japanese authors see literal asterisks — a long-standing complaint on
//! CommonMark-based platforms. After parsing, this pass pairs the `*`/`**` runs the
//! parser left as text, when they touch CJK text, and turns them into emphasis. Runs
//! between Latin words are left exactly as CommonMark says.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::cjk::is_spaceless;

/// A `*` or `**` run the parser left as text.
#[derive(Clone, Copy, Debug)]
struct Delimiter {
    event: usize,
    /// Byte offset of the run in the text event.
    offset: usize,
    len: usize,
    /// Index of the enclosing start tag: openers pair only with closers among siblings.
    parent: usize,
    can_open: bool,
    can_close: bool,
}

/// Turns CJK-adjacent literal `*`/`**` pairs into emphasis/strong.
///
/// `ranges` are the source ranges of `events`, used to skip asterisks the author
/// escaped (`\*`), which reach this pass as text too.
pub(crate) fn repair_with_source(events: &mut Vec<Event>, ranges: &[Range<usize>], source: &str) {
    if !events.iter().any(|e| matches!(e, Event::Text(t) if t.contains('*'))) {
        return;
    }
    let starts = merge_literal_text(events, ranges, source);
    let delimiters = find_delimiters(events, &starts, source);
    let pairs = pair(&delimiters);
    if pairs.is_empty() {
        return;
    }
    // Per text event, the runs to replace with tags, in offset order.
    let mut edits: Vec<(usize, usize, usize, Event<'static>)> = Vec::new();
    for (open, close) in pairs {
        let (o, c) = (delimiters[open], delimiters[close]);
        let (start, end) = if o.len == 2 {
            (Event::Start(Tag::Strong), Event::End(TagEnd::Strong))
        } else {
            (Event::Start(Tag::Emphasis), Event::End(TagEnd::Emphasis))
        };
        edits.push((o.event, o.offset, o.len, start));
        edits.push((c.event, c.offset, c.len, end));
    }
    crate::sort::stable_sort_by_key(&mut edits, |&(event, offset, ..)| (event, offset));

    let mut out = Vec::with_capacity(events.len() + edits.len() * 2);
    let mut edits = edits.into_iter().peekable();
    for (i, event) in events.drain(..).enumerate() {
        if edits.peek().is_none_or(|e| e.0 != i) {
            out.push(event);
            continue;
        }
        let Event::Text(text) = event else { unreachable!("delimiters live in text events") };
        let mut cursor = 0;
        while let Some((_, offset, len, tag)) = edits.next_if(|e| e.0 == i) {
            if offset > cursor {
                out.push(Event::Text(CowStr::from(text[cursor..offset].to_owned())));
            }
            out.push(tag);
            cursor = offset + len;
        }
        if cursor < text.len() {
            out.push(Event::Text(CowStr::from(text[cursor..].to_owned())));
        }
    }
    *events = out;
}

/// The parser hands over a leftover `**` as separate one-character text events. Merges
/// runs of adjacent text that appear verbatim in the source, and returns which events
/// are such verbatim text: escaped asterisks (`\*`) and entities differ from their
/// source and are never taken for delimiters. Returns, per event, where verbatim text
/// starts in the source.
fn merge_literal_text(events: &mut Vec<Event>, ranges: &[Range<usize>], source: &str) -> Vec<Option<usize>> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut starts: Vec<Option<usize>> = Vec::with_capacity(events.len());
    let mut last_end: Option<usize> = None; // source end of the previous verbatim text
                                            // Text being merged into the last event of `out`, written back when the run ends.
                                            // Growing one buffer keeps a long run (`*a_ *a_ …` is one text event per
                                            // character) linear; re-joining the merged text at each step was quadratic.
    let mut merged: Option<String> = None;
    for (event, range) in events.drain(..).zip(ranges) {
        let verbatim = matches!(&event, Event::Text(t) if source.get(range.clone()) == Some(&**t));
        if verbatim && last_end == Some(range.start) {
            if let (Some(Event::Text(previous)), Event::Text(text)) = (out.last(), &event) {
                merged.get_or_insert_with(|| previous.to_string()).push_str(text);
                last_end = Some(range.end);
                continue;
            }
        }
        if let (Some(text), Some(last)) = (merged.take(), out.last_mut()) {
            *last = Event::Text(CowStr::from(text));
        }
        last_end = verbatim.then_some(range.end);
        out.push(event);
        starts.push(verbatim.then_some(range.start));
    }
    if let (Some(text), Some(last)) = (merged.take(), out.last_mut()) {
        *last = Event::Text(CowStr::from(text));
    }
    *events = out;
    starts
}

fn find_delimiters(events: &[Event], starts: &[Option<usize>], source: &str) -> Vec<Delimiter> {
    let mut found = Vec::new();
    let mut parents: Vec<usize> = vec![usize::MAX];
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(_) => parents.push(i),
            Event::End(_) => {
                parents.pop();
            }
            Event::Text(text) if text.contains('*') => {
                let Some(source_start) = starts[i] else { continue };
                let parent = *parents.last().unwrap_or(&usize::MAX);
                let bytes = text.as_bytes();
                let mut j = 0;
                while j < bytes.len() {
                    if bytes[j] != b'*' {
                        j += 1;
                        continue;
                    }
                    let start = j;
                    while j < bytes.len() && bytes[j] == b'*' {
                        j += 1;
                    }
                    let len = j - start;
                    // `\*` reaches here as a bare `*` right after the backslash.
                    let escaped =
                        (start..j).any(|k| source.as_bytes().get((source_start + k).wrapping_sub(1)) == Some(&b'\\'));
                    if len > 2 || escaped {
                        continue;
                    }
                    let before = text[..start].chars().next_back().or_else(|| char_before(events, i));
                    let after = text[j..].chars().next().or_else(|| char_after(events, i));
                    let touches_cjk = before.is_some_and(is_spaceless) || after.is_some_and(is_spaceless);
                    if !touches_cjk {
                        continue;
                    }
                    found.push(Delimiter {
                        event: i,
                        offset: start,
                        len,
                        parent,
                        can_open: after.is_some_and(|c| !c.is_whitespace()),
                        can_close: before.is_some_and(|c| !c.is_whitespace()),
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// The character just before event `i` within its line of inline content, if any.
fn char_before(events: &[Event], i: usize) -> Option<char> {
    match events[..i].last()? {
        Event::Text(t) | Event::Code(t) => t.chars().next_back(),
        // After an inline element (link, code, emphasis): something visible, not space.
        Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => Some('a'),
        _ => None,
    }
}

/// The character just after event `i` within its line of inline content, if any.
fn char_after(events: &[Event], i: usize) -> Option<char> {
    match events.get(i + 1)? {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }) => Some('a'),
        _ => None,
    }
}

/// Pairs openers with the nearest later closer of the same length among siblings.
fn pair(delimiters: &[Delimiter]) -> Vec<(usize, usize)> {
    let kind = |d: &Delimiter| (d.len, d.parent);
    let mut pairs = Vec::new();
    // Openers still waiting, in order, and the same openers by kind, so that a closer
    // finds its opener at once: scanning every waiting opener for each closer made a
    // line of many unmatched runs quadratic. Each `by_kind` list is the subsequence of
    // `openers` of its kind.
    let mut openers: Vec<usize> = Vec::new();
    let mut by_kind: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (k, d) in delimiters.iter().enumerate() {
        if d.can_close {
            if let Some(&opener) = by_kind.get(&kind(d)).and_then(|waiting| waiting.last()) {
                pairs.push((opener, k));
                // The opener and every opener after it stop waiting: pairs never cross.
                while let Some(gone) = openers.pop() {
                    by_kind.get_mut(&kind(&delimiters[gone])).and_then(Vec::pop);
                    if gone == opener {
                        break;
                    }
                }
                continue;
            }
        }
        if d.can_open {
            openers.push(k);
            by_kind.entry(kind(d)).or_default().push(k);
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;

    fn html(markdown: &str) -> String {
        render(markdown).html
    }

    #[test]
    fn strong_around_japanese_brackets_before_a_letter_is_bold() {
        assert_eq!(html("**「強調」**の"), "<p><strong>「強調」</strong>の</p>\n");
    }

    #[test]
    fn strong_after_a_letter_and_before_brackets_is_bold() {
        assert_eq!(html("これは**「重要」**です。"), "<p>これは<strong>「重要」</strong>です。</p>\n");
    }

    #[test]
    fn single_asterisk_emphasis_works_too() {
        assert_eq!(html("彼は*「はい」*と言った"), "<p>彼は<em>「はい」</em>と言った</p>\n");
    }

    #[test]
    fn emphasis_closing_after_japanese_full_stop() {
        assert_eq!(html("**終わり。**次の文"), "<p><strong>終わり。</strong>次の文</p>\n");
    }

    #[test]
    fn emphasis_that_commonmark_already_handles_is_unchanged() {
        assert_eq!(html("これは**重要**です"), "<p>これは<strong>重要</strong>です</p>\n");
        assert_eq!(html("**bold** and *it*"), "<p><strong>bold</strong> and <em>it</em></p>\n");
    }

    #[test]
    fn latin_literal_asterisks_are_left_alone() {
        assert_eq!(html("2 * 3 * 4"), "<p>2 * 3 * 4</p>\n");
        assert_eq!(html("a **b"), "<p>a **b</p>\n");
    }

    #[test]
    fn escaped_asterisks_stay_literal() {
        assert_eq!(html(r"\*\*「注」\*\*の"), "<p>**「注」**の</p>\n");
    }

    #[test]
    fn unpaired_run_stays_text() {
        assert_eq!(html("**「開いたまま"), "<p>**「開いたまま</p>\n");
    }

    #[test]
    fn emphasis_does_not_cross_other_inline_elements_unevenly() {
        let out = html("*a **「b* c」**の");
        assert!(!out.contains("<strong>「b<em>"), "{out}");
    }

    #[test]
    fn works_inside_list_items_and_headings() {
        assert_eq!(html("- **「項目」**です"), "<ul>\n<li><strong>「項目」</strong>です</li>\n</ul>\n");
        let rendered = render("## **「見出し」**の話");
        assert!(rendered.html.contains("<strong>「見出し」</strong>の話"), "{}", rendered.html);
        assert_eq!(rendered.headings[0].text, "「見出し」の話");
    }
}
