//! Headings: the post title is the page's only `<h1>`; every heading gets an id (see
//! [`crate::heading_id`]) and an anchor link that shows on hover and focus.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{escape_html, text_of, Heading, Labels};
use crate::heading_id::HeadingIds;

/// Shifts every heading down one level when the body uses `#`, keeping the body's own
/// hierarchy under the title.
pub(crate) fn demote_below_title(events: &mut [Event]) {
    let has_h1 = events.iter().any(|e| matches!(e, Event::Start(Tag::Heading { level: HeadingLevel::H1, .. })));
    if !has_h1 {
        return;
    }
    let lower = |level: HeadingLevel| match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    };
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => *level = lower(*level),
            Event::End(TagEnd::Heading(level)) => *level = lower(*level),
            _ => {}
        }
    }
}

/// Gives every heading its id and returns the outline.
///
/// Headings inside footnotes get ids but stay out of the outline: the notes are moved
/// to the end of the post, or dropped when nothing refers to them, so the outline
/// would point to the wrong place or to nothing (found by tests/properties.rs).
pub(crate) fn assign_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut ids = HeadingIds::new();
    let mut headings = Vec::new();
    let mut in_notes = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::FootnoteDefinition(_)) => in_notes += 1,
            Event::End(TagEnd::FootnoteDefinition) => in_notes = in_notes.saturating_sub(1),
            _ => {}
        }
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let level = *level as u8;
            let end = i + events[i..].iter().position(|e| matches!(e, Event::End(TagEnd::Heading(_)))).unwrap_or(0);
            // Furigana are read aloud, not linked: the base text names the section.
            let marked = super::ruby::base_text(&text_with_break_marks(&events[i + 1..end])).into_owned();
            let (text, breaks) = unmarked(marked.trim_matches(|c: char| c.is_whitespace() || c == BREAK_MARK));
            let id = ids.next_id(&text);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id.clone()));
            }
            if in_notes == 0 {
                headings.push(Heading { level, id, text, breaks });
            }
            i = end;
        }
        i += 1;
    }
    headings
}

/// Stands for a `<wbr>` in a heading's text while furigana are taken out of it.
const BREAK_MARK: char = '\u{E000}';

/// The text of a heading's events, a [`BREAK_MARK`] where a `<wbr>` is.
fn text_with_break_marks(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::InlineHtml(html) if html.eq_ignore_ascii_case("<wbr>") => text.push(BREAK_MARK),
            _ => {}
        }
    }
    text
}

/// `marked` without its marks, and the byte offsets where they were.
fn unmarked(marked: &str) -> (String, Vec<u16>) {
    let mut text = String::with_capacity(marked.len());
    let mut breaks = Vec::new();
    for c in marked.chars() {
        if c == BREAK_MARK {
            breaks.extend(u16::try_from(text.len()).ok());
        } else {
            text.push(c);
        }
    }
    (text, breaks)
}

/// Appends `<a class="heading-anchor" href="#id">` to each heading, for copying a
/// link to a section.
pub(crate) fn add_anchor_links(events: &mut Vec<Event>, labels: &Labels) {
    let mut out = Vec::with_capacity(events.len() + events.len() / 8);
    let mut current: Option<(String, usize)> = None; // id, index of the start in `out`
    for event in events.drain(..) {
        match &event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => current = Some((id.to_string(), out.len())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, start)) = current.take() {
                    let text = text_of(&out[start..]);
                    out.push(Event::Html(CowStr::from(format!(
                        "<a class=\"heading-anchor\" href=\"#{}\" aria-label=\"{}: {}\">#</a>",
                        escape_html(&id),
                        escape_html(labels.link_to_section),
                        escape_html(super::ruby::base_text(text.trim()).as_ref())
                    ))));
                }
            }
            _ => {}
        }
        out.push(event);
    }
    *events = out;
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;

    fn html(markdown: &str) -> String {
        render(markdown).html
    }

    #[test]
    fn headings_get_ids_including_japanese_and_duplicates() {
        let rendered = render("## はじめに\n\n### 学んだこと\n\n## Next Steps\n\n### 学んだこと\n");
        assert!(rendered.html.contains(r#"<h2 id="はじめに">はじめに<a class="heading-anchor""#), "{}", rendered.html);
        assert!(rendered.html.contains(r#"<h3 id="学んだこと-1">学んだこと"#));
        let ids: Vec<_> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["はじめに", "学んだこと", "next-steps", "学んだこと-1"]);
        assert_eq!(rendered.headings[1].level, 3);
    }

    #[test]
    fn heading_text_includes_inline_code_and_emphasis() {
        let rendered = render("## Using `kubectl` *well*");
        assert_eq!(rendered.headings[0].text, "Using kubectl well");
        assert_eq!(rendered.headings[0].id, "using-kubectl-well");
    }

    #[test]
    fn phrase_breaks_in_a_heading_are_kept_for_the_table_of_contents() {
        let rendered = render("## <wbr>本番環境で<wbr>学んだ<wbr>こと <wbr>\n");
        let heading = &rendered.headings[0];
        assert_eq!(heading.text, "本番環境で学んだこと");
        assert_eq!(heading.id, "本番環境で学んだこと", "the id ignores the breaks");
        assert_eq!(crate::cjk::pieces(&heading.text, &heading.breaks), ["本番環境で", "学んだ", "こと"]);
        assert!(render("## Plain heading\n").headings[0].breaks.is_empty());
    }

    #[test]
    fn body_h1_is_demoted_so_the_title_stays_the_only_h1() {
        let out = html("# Top\n\n## Sub\n");
        assert!(out.contains(r#"<h2 id="top">Top"#), "{out}");
        assert!(out.contains(r#"<h3 id="sub">Sub"#), "{out}");
        assert!(!out.contains("<h1"), "{out}");
    }

    #[test]
    fn each_heading_links_to_itself_with_a_label() {
        let out = html("## 学んだこと\n");
        assert!(
            out.contains(r##"<a class="heading-anchor" href="#学んだこと" aria-label="Link to this section: 学んだこと">#</a></h2>"##),
            "{out}"
        );
    }

    #[test]
    fn headings_in_footnotes_have_ids_but_stay_out_of_the_outline() {
        let rendered = render("## Body\n\nText[^a].\n\n[^a]: ### In a note\n\n[^b]: ## Never shown\n");
        let ids: Vec<_> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["body"]);
        assert!(rendered.html.contains("<h3 id=\"in-a-note\">"), "{}", rendered.html);
        assert!(!rendered.html.contains("Never shown"), "{}", rendered.html);
    }

    #[test]
    fn heading_markup_in_text_is_escaped_in_the_label() {
        let out = html("## a \"quoted\" <b>\n");
        assert!(out.contains("aria-label=\"Link to this section: a &quot;quoted&quot; &lt;b&gt;\""), "{out}");
    }
}
