//! Nesting depth: Markdown nested deeper than a page can hold is flattened, never lost.
//!
//! Markdown puts no limit on nesting: `> > > …` is a block quote in a block quote as
//! many times as the line is long, `- - - …` the same for lists, and `*a **a *a …`
//! nests emphasis nearly as deep. A browser does not follow: Chromium's HTML parser
//! stops nesting at 512 elements and hangs the rest at that depth, and long before
//! that, deep trees make style and layout slow. So the renderer keeps at most
//! [`MAX_BLOCK_DEPTH`] block containers (block quotes, alerts, lists, list items) one
//! inside another, and at most [`MAX_INLINE_DEPTH`] inline elements (emphasis, strong,
//! strikethrough, links). A container or inline element deeper than that loses its
//! own tags and its content joins the deepest level kept; a flattened list item starts
//! on a new line. Text is never dropped.
//!
//! Footnote definitions are moved to the end of the post, into a list of their own
//! ([`super::footnotes`]), so a definition counts from that list, wherever it was
//! written.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Block containers kept one inside another. A list level counts two (`<ul>`, `<li>`).
pub const MAX_BLOCK_DEPTH: usize = 32;

/// Inline elements kept one inside another.
pub const MAX_INLINE_DEPTH: usize = 16;

#[derive(Clone, Copy)]
enum Frame {
    /// A block container or an inline element that is kept.
    Block,
    Inline,
    /// Anything whose tags are always kept and that does not count: paragraphs,
    /// headings, code blocks, tables, images.
    Leaf,
    /// A container or inline element past its limit: both its tags are dropped.
    Dropped,
    /// A footnote definition, with the depths to return to after it.
    Note {
        blocks: usize,
        inlines: usize,
    },
}

/// Drops the tags of containers and inline elements nested past the limits.
pub(crate) fn flatten_deep_nesting(events: &mut Vec<Event>) {
    let mut open: Vec<Frame> = Vec::new();
    let (mut blocks, mut inlines) = (0, 0);
    // Whether the last event kept ends with inline content on the current line.
    let mut after_inline = false;
    events.retain_mut(|event| {
        let keep = match event {
            Event::Start(tag) => {
                let frame = match tag {
                    Tag::FootnoteDefinition(_) => {
                        let frame = Frame::Note { blocks, inlines };
                        // Its content goes into `<li>` in the notes at the end.
                        (blocks, inlines) = (1, 0);
                        frame
                    }
                    Tag::BlockQuote(_)
                    | Tag::List(_)
                    | Tag::Item
                    | Tag::DefinitionList
                    | Tag::DefinitionListDefinition => {
                        if blocks < MAX_BLOCK_DEPTH {
                            blocks += 1;
                            Frame::Block
                        } else {
                            Frame::Dropped
                        }
                    }
                    Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. } => {
                        if inlines < MAX_INLINE_DEPTH {
                            inlines += 1;
                            Frame::Inline
                        } else {
                            Frame::Dropped
                        }
                    }
                    Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::CodeBlock(_)
                    | Tag::HtmlBlock
                    | Tag::Table(_)
                    | Tag::TableHead
                    | Tag::TableRow
                    | Tag::TableCell
                    | Tag::DefinitionListTitle
                    | Tag::Image { .. }
                    | Tag::MetadataBlock(_) => Frame::Leaf,
                };
                let flattened_item = matches!(tag, Tag::Item);
                open.push(frame);
                match frame {
                    // A tight list item's text is not in a paragraph: a flattened item
                    // starts a line of its own.
                    Frame::Dropped if flattened_item && after_inline => {
                        *event = Event::HardBreak;
                        true
                    }
                    Frame::Dropped => false,
                    _ => true,
                }
            }
            Event::End(_) => match open.pop() {
                Some(Frame::Block) => {
                    blocks -= 1;
                    true
                }
                Some(Frame::Inline) => {
                    inlines -= 1;
                    true
                }
                Some(Frame::Note { blocks: b, inlines: i }) => {
                    (blocks, inlines) = (b, i);
                    true
                }
                Some(Frame::Dropped) => false,
                Some(Frame::Leaf) | None => true,
            },
            _ => true,
        };
        if keep {
            after_inline = is_inline_content(event);
        }
        keep
    });
}

/// Whether `event` leaves the current line with inline content on it.
fn is_inline_content(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::FootnoteReference(_)
        | Event::TaskListMarker(_) => true,
        Event::End(end) => matches!(
            end,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH};
    use crate::markdown::render;

    #[test]
    fn block_quotes_deeper_than_the_limit_are_flattened_and_keep_their_text() {
        let out = render(&format!("{}deep", "> ".repeat(MAX_BLOCK_DEPTH + 10))).html;
        assert_eq!(out.matches("<blockquote>").count(), MAX_BLOCK_DEPTH, "{out}");
        assert_eq!(out.matches("</blockquote>").count(), MAX_BLOCK_DEPTH, "{out}");
        assert!(out.contains("<p>deep</p>"), "{out}");
    }

    #[test]
    fn nesting_within_the_limit_is_untouched() {
        let markdown = format!("{}a", "> ".repeat(MAX_BLOCK_DEPTH));
        assert_eq!(render(&markdown).html.matches("<blockquote>").count(), MAX_BLOCK_DEPTH);
    }

    #[test]
    fn flattened_list_items_each_start_a_line() {
        // Sixteen levels of `<ul><li>` fill the limit; the three deeper items flatten.
        let mut markdown = String::new();
        for level in 0..MAX_BLOCK_DEPTH / 2 + 3 {
            markdown.push_str(&format!("{}- item{level}\n", "  ".repeat(level)));
        }
        let out = render(&markdown).html;
        assert_eq!(out.matches("<li>").count(), MAX_BLOCK_DEPTH / 2, "{out}");
        let last = MAX_BLOCK_DEPTH / 2 - 1;
        assert!(
            out.contains(&format!(
                "item{last}<br />\nitem{}<br />\nitem{}<br />\nitem{}",
                last + 1,
                last + 2,
                last + 3
            )),
            "{out}"
        );
    }

    #[test]
    fn emphasis_deeper_than_the_limit_is_flattened() {
        let n = MAX_INLINE_DEPTH + 5;
        let markdown = format!("{}x{}", "*a ".repeat(n), " a*".repeat(n));
        let out = render(&markdown).html;
        assert_eq!(out.matches("<em>").count(), MAX_INLINE_DEPTH, "{out}");
        assert_eq!(out.matches("</em>").count(), MAX_INLINE_DEPTH, "{out}");
        assert_eq!(out.matches('a').count(), 2 * n, "every letter stays: {out}");
    }

    #[test]
    fn a_footnote_written_deep_counts_from_the_notes_list() {
        let markdown = format!("Text[^n].\n\n{}[^n]: > > note\n", "> ".repeat(MAX_BLOCK_DEPTH + 5));
        let out = render(&markdown).html;
        let notes = &out[out.find("<section class=\"footnotes\"").expect("notes")..];
        assert_eq!(notes.matches("<blockquote>").count(), 2, "{notes}");
        assert!(notes.contains("note"), "{notes}");
    }
}
