//! Task-list checkboxes get a name. pulldown-cmark writes a bare
//! `<input type="checkbox">` before the item's text, which a screen reader announces
//! as an unnamed checkbox (WCAG 4.1.2, axe `label`). Wrapping the checkbox and the
//! item's first line of text in a `<label>` names it by that text:
//! `<li><label class="task"><input disabled="" type="checkbox"/> Write tests</label></li>`.
//! The label ends where the text does: before a nested list, a second block, or the
//! end of the item.

use pulldown_cmark::{CowStr, Event, Tag};

const OPEN: &str = "<label class=\"task\"><input disabled=\"\" type=\"checkbox\"/>\n";
const OPEN_CHECKED: &str = "<label class=\"task\"><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n";
const CLOSE: &str = "</label>";

pub(crate) fn label_checkboxes(events: &mut Vec<Event>) {
    // Where each label closes, found first and applied in one pass: inserting into
    // `events` at each item moved the rest of the post every time, which made a long
    // task list quadratic (tests/pathological.rs, "task-list items").
    let mut closes = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::TaskListMarker(checked) = events[i] {
            events[i] = Event::Html(CowStr::Borrowed(if checked { OPEN_CHECKED } else { OPEN }));
            i = end_of_text(events, i + 1);
            closes.push(i);
        } else {
            i += 1;
        }
    }
    if closes.is_empty() {
        return;
    }
    let mut out = Vec::with_capacity(events.len() + closes.len());
    let mut closes = closes.into_iter().peekable();
    for (k, event) in events.drain(..).enumerate() {
        if closes.next_if_eq(&k).is_some() {
            out.push(Event::Html(CowStr::Borrowed(CLOSE)));
        }
        out.push(event);
    }
    out.extend(closes.map(|_| Event::Html(CowStr::Borrowed(CLOSE))));
    *events = out;
}

/// Index of the first event after `from` that is no longer part of the text run: the
/// end of the enclosing block (paragraph or item) or the start of a nested block.
fn end_of_text(events: &[Event], from: usize) -> usize {
    let mut depth = 0usize;
    for (k, event) in events.iter().enumerate().skip(from) {
        match event {
            Event::Start(tag) if is_inline(tag) => depth += 1,
            Event::Start(_) => return k,
            Event::End(_) if depth == 0 => return k,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    events.len()
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;

    #[test]
    fn a_checkbox_is_labelled_by_its_item_text() {
        let out = render("- [x] Done\n- [ ] Write **the** [docs](https://example.com)\n").html;
        assert!(
            out.contains(
                "<li><label class=\"task\"><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\nDone</label></li>"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "<label class=\"task\"><input disabled=\"\" type=\"checkbox\"/>\nWrite <strong>the</strong> <a "
            ),
            "{out}"
        );
        assert!(out.contains(">docs</a></label></li>"), "{out}");
    }

    #[test]
    fn the_label_stops_before_a_nested_list_and_inside_a_paragraph() {
        let out = render("- [ ] Parent\n  - [x] Child\n").html;
        assert!(out.contains("Parent</label>\n<ul>"), "{out}");
        assert!(out.contains("Child</label></li>"), "{out}");
        let loose = render("- [ ] First\n\n  More text.\n- [ ] Second\n").html;
        assert!(
            loose.contains("<p><label class=\"task\"><input disabled=\"\" type=\"checkbox\"/>\nFirst</label></p>"),
            "{loose}"
        );
        assert!(loose.contains("<p>More text.</p>"), "{loose}");
    }

    #[test]
    fn every_label_is_closed() {
        for md in ["- [ ]\n", "- [x] a\n- [ ] b\n  - [ ] c\n    - [x] d\n", "1. [ ] *a* `b`\n", "> - [ ] quoted\n"] {
            let out = render(md).html;
            assert_eq!(out.matches("<label").count(), out.matches("</label>").count(), "{md:?}: {out}");
        }
    }
}
