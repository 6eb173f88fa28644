//! Footnotes: numbered in the order a reader meets them, collected at the end of the
//! post, each with a link back to where it was referenced.
//!
//! pulldown-cmark leaves definitions where the author wrote them and writes references
//! without back-links, so this pass writes both itself.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{escape_html, Labels};
use crate::slug::slugify;

pub(crate) fn collect_at_end(events: &mut Vec<Event>, labels: &Labels) {
    if !events.iter().any(|e| matches!(e, Event::FootnoteReference(_))) {
        return;
    }
    // Lift the definitions out of the flow.
    let mut definitions: HashMap<String, Vec<Event>> = HashMap::new();
    let mut body = Vec::with_capacity(events.len());
    let mut current: Option<(String, Vec<Event>)> = None;
    for event in events.drain(..) {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => current = Some((label.to_string(), Vec::new())),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, inner)) = current.take() {
                    definitions.entry(label).or_insert(inner);
                }
            }
            other => match current.as_mut() {
                Some((_, inner)) => inner.push(other),
                None => body.push(other),
            },
        }
    }

    // Number references in reading order; a note referenced twice keeps its number.
    let mut order: Vec<String> = Vec::new();
    let mut uses: HashMap<String, usize> = HashMap::new();
    for event in body.iter_mut() {
        let Event::FootnoteReference(label) = event else { continue };
        let label = label.to_string();
        if !definitions.contains_key(&label) {
            *event = Event::Text(CowStr::from(format!("[^{label}]")));
            continue;
        }
        let number = match order.iter().position(|l| *l == label) {
            Some(p) => p + 1,
            None => {
                order.push(label.clone());
                order.len()
            }
        };
        let count = uses.entry(label.clone()).or_insert(0);
        *count += 1;
        let id = note_id(&label, number);
        let ref_id = if *count == 1 { format!("fnref-{id}") } else { format!("fnref-{id}-{count}") };
        *event = Event::InlineHtml(CowStr::from(format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"{ref_id}\">{number}</a></sup>"
        )));
    }

    if !order.is_empty() {
        body.push(Event::Html(CowStr::from(format!(
            "<section class=\"footnotes\" aria-label=\"{}\">\n<ol>\n",
            escape_html(labels.footnotes)
        ))));
        for (i, label) in order.iter().enumerate() {
            let number = i + 1;
            let id = note_id(label, number);
            let mut inner = definitions.remove(label).unwrap_or_default();
            let backlinks: String = (1..=uses[label])
                .map(|k| {
                    let target = if k == 1 { format!("fnref-{id}") } else { format!("fnref-{id}-{k}") };
                    format!(
                        " <a href=\"#{target}\" class=\"footnote-backref\" aria-label=\"{} {number}\">↩</a>",
                        escape_html(labels.back_to_reference)
                    )
                })
                .collect();
            // Inside the last paragraph, so the arrow ends the note's text.
            let backlinks = Event::InlineHtml(CowStr::from(backlinks));
            match inner.iter().rposition(|e| matches!(e, Event::End(TagEnd::Paragraph))) {
                Some(p) => inner.insert(p, backlinks),
                None => inner.push(backlinks),
            }
            body.push(Event::Html(CowStr::from(format!("<li id=\"fn-{id}\">\n"))));
            body.extend(inner);
            body.push(Event::Html(CowStr::Borrowed("</li>\n")));
        }
        body.push(Event::Html(CowStr::Borrowed("</ol>\n</section>\n")));
    }
    *events = body;
}

/// A fragment-safe id for a note label (`[^units]` → `units`, `[^注]` → `注`).
fn note_id(label: &str, number: usize) -> String {
    let slug = slugify(label);
    if slug.is_empty() {
        number.to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;

    #[test]
    fn references_link_to_notes_collected_at_the_end_with_back_links() {
        let out = render("Second[^b] and first[^a].\n\n[^a]: Note A.\n\n[^b]: Note B.\n\nAfter.\n").html;
        assert!(out.contains("<sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b\">1</a></sup>"), "{out}");
        assert!(out.contains("<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\">2</a></sup>"), "{out}");
        let notes = out.find("<section class=\"footnotes\"").expect("notes section");
        assert!(out.find("After.").unwrap() < notes, "notes come last: {out}");
        assert!(out.contains("<li id=\"fn-b\">\n<p>Note B. <a href=\"#fnref-b\" class=\"footnote-backref\""), "{out}");
        assert!(out.find("fn-b\">").unwrap() < out.find("fn-a\">").unwrap(), "{out}");
    }

    #[test]
    fn a_note_referenced_twice_has_two_back_links() {
        let out = render("One[^n] two[^n].\n\n[^n]: Shared.\n").html;
        assert!(out.contains("id=\"fnref-n\">1<"), "{out}");
        assert!(out.contains("id=\"fnref-n-2\">1<"), "{out}");
        assert!(out.contains("href=\"#fnref-n-2\""), "{out}");
    }

    #[test]
    fn japanese_labels_make_readable_ids() {
        let out = render("本文[^注釈]。\n\n[^注釈]: 脚注です。\n").html;
        assert!(out.contains("href=\"#fn-注釈\""), "{out}");
        assert!(out.contains("<li id=\"fn-注釈\">"), "{out}");
    }

    #[test]
    fn unreferenced_definitions_are_dropped() {
        let out = render("Text[^a].\n\n[^a]: Used.\n\n[^z]: Unused.\n").html;
        assert!(!out.contains("Unused"), "{out}");
    }
}
