//! Footnotes: numbered in the order a reader meets them, collected at the end of the
//! post, each with a link back to where it was referenced.
//!
//! pulldown-cmark leaves definitions where the author wrote them and writes references
//! without back-links, so this pass writes both itself.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{escape_html, Labels};
use crate::slug::slugify;

pub(crate) fn collect_at_end(events: &mut Vec<Event>, labels: &Labels) {
    // Definitions are lifted even when nothing refers to them (and then dropped), so
    // that none is left for pulldown-cmark's writer to print where it was written.
    if !events.iter().any(|e| matches!(e, Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)))) {
        return;
    }
    // Lift the definitions out of the flow. A definition can hold another (in a block
    // quote inside it): each is lifted on its own, so the open ones form a stack.
    let mut definitions: HashMap<String, Vec<Event>> = HashMap::new();
    let mut body = Vec::with_capacity(events.len());
    let mut open: Vec<(String, Vec<Event>)> = Vec::new();
    for event in events.drain(..) {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => open.push((label.to_string(), Vec::new())),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, inner)) = open.pop() {
                    definitions.entry(label).or_insert(inner);
                }
            }
            other => match open.last_mut() {
                Some((_, inner)) => inner.push(other),
                None => body.push(other),
            },
        }
    }

    // Number references in reading order; a note referenced twice keeps its number.
    // References inside notes count too, after the body's, so a note cited only by
    // another note is shown rather than dropped as unreferenced.
    let defined: HashSet<String> = definitions.keys().cloned().collect();
    let mut notes = Numbering::default();
    for event in body.iter_mut() {
        notes.number(event, &defined);
    }
    let mut next = 0;
    while let Some(label) = notes.order.get(next).cloned() {
        if let Some(mut inner) = definitions.remove(&label) {
            for event in inner.iter_mut() {
                notes.number(event, &defined);
            }
            definitions.insert(label, inner);
        }
        next += 1;
    }
    let Numbering { order, uses, .. } = notes;

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

/// Note numbers, handed out as references are met.
#[derive(Default)]
struct Numbering {
    /// Labels of the notes shown, in order: the note numbered `n` is `order[n - 1]`.
    order: Vec<String>,
    numbers: HashMap<String, usize>,
    /// References met so far, per label.
    uses: HashMap<String, usize>,
}

impl Numbering {
    /// Turns a reference into its numbered link (or, without a definition, its text).
    fn number(&mut self, event: &mut Event, defined: &HashSet<String>) {
        let Event::FootnoteReference(label) = event else { return };
        let label = label.to_string();
        if !defined.contains(&label) {
            *event = Event::Text(CowStr::from(format!("[^{label}]")));
            return;
        }
        let number = *self.numbers.entry(label.clone()).or_insert_with(|| {
            self.order.push(label.clone());
            self.order.len()
        });
        let count = self.uses.entry(label.clone()).or_insert(0);
        *count += 1;
        let id = note_id(&label, number);
        let ref_id = if *count == 1 { format!("fnref-{id}") } else { format!("fnref-{id}-{count}") };
        *event = Event::InlineHtml(CowStr::from(format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"{ref_id}\">{number}</a></sup>"
        )));
    }
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
    fn a_definition_written_inside_another_is_lifted_on_its_own() {
        // Found by tests/pathological.rs: the inner definition replaced the outer one,
        // which vanished ("[^a]" stayed literal), and left a stray `</blockquote>`.
        let out = render("A[^a] B[^b]\n\n> [^a]: outer\n> > [^b]: inner\n").html;
        assert_eq!(out.matches("<blockquote>").count(), out.matches("</blockquote>").count(), "{out}");
        assert!(out.contains("<li id=\"fn-a\">\n<p>outer"), "{out}");
        assert!(out.contains("<li id=\"fn-b\">\n<p>inner"), "{out}");
        assert!(!out.contains("[^a]"), "{out}");
    }

    #[test]
    fn a_note_cited_only_by_another_note_is_shown() {
        // Found by tests/pathological.rs: references inside notes were never numbered,
        // so the note they cite was dropped and the reference pointed nowhere.
        let out = render("Text[^a].\n\n[^a]: See[^b].\n\n[^b]: Detail[^b].\n").html;
        assert!(out.contains("<li id=\"fn-b\">\n<p>Detail"), "{out}");
        assert!(out.contains("See<sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b\">2</a></sup>"), "{out}");
        assert!(
            out.contains("Detail<sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b-2\">2</a></sup>"),
            "{out}"
        );
        assert!(!out.contains("footnote-reference"), "pulldown-cmark's own reference markup: {out}");
    }

    #[test]
    fn definitions_are_dropped_even_when_nothing_refers_to_any() {
        let out = render("Text.\n\n[^z]: Unused.\n").html;
        assert_eq!(out, "<p>Text.</p>\n");
    }

    #[test]
    fn unreferenced_definitions_are_dropped() {
        let out = render("Text[^a].\n\n[^a]: Used.\n\n[^z]: Unused.\n").html;
        assert!(!out.contains("Unused"), "{out}");
    }
}
