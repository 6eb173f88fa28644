//! The prose of a post as plain text, block by block: what a reader reads, without
//! code blocks, markup, image alt text or footnote markers. Reading time and excerpts
//! are computed from this.

use pulldown_cmark::{Event, Tag, TagEnd};

/// What kind of block a piece of prose came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph of running text (top level or quoted): excerpt material.
    Paragraph,
    /// A heading (its id comes from [`crate::HeadingIds`], in document order).
    Heading,
    /// List items, table cells, footnotes: read, but not excerpted.
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

/// Splits a Markdown body into blocks of plain text, in document order.
pub fn prose_blocks(markdown: &str) -> Vec<Block> {
    let events = crate::markdown::parse(markdown);

    let mut blocks = Vec::new();
    let mut text = String::new();
    // Depth inside containers whose paragraphs are not running text.
    let mut side_depth = 0usize;
    let mut skip_depth = 0usize; // inside code blocks and images
    let mut flush = |text: &mut String, kind: BlockKind| {
        let trimmed = text.trim();
        if !trimmed.is_empty() {
            blocks.push(Block { kind, text: trimmed.to_owned() });
        }
        text.clear();
    };
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => skip_depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => skip_depth = skip_depth.saturating_sub(1),
            _ if skip_depth > 0 => {}
            Event::Start(Tag::List(_) | Tag::Table(_) | Tag::FootnoteDefinition(_)) => {
                flush(&mut text, BlockKind::Other);
                side_depth += 1;
            }
            Event::End(TagEnd::List(_) | TagEnd::Table | TagEnd::FootnoteDefinition) => {
                flush(&mut text, BlockKind::Other);
                side_depth = side_depth.saturating_sub(1);
            }
            Event::End(TagEnd::Paragraph) => {
                let kind = if side_depth == 0 { BlockKind::Paragraph } else { BlockKind::Other };
                flush(&mut text, kind);
            }
            Event::End(TagEnd::Heading(_)) => flush(&mut text, BlockKind::Heading),
            Event::End(TagEnd::Item | TagEnd::TableCell) => {
                flush(&mut text, BlockKind::Other);
            }
            // Furigana are not the text: `漢字《かんじ》` reads as `漢字`.
            Event::Text(t) => text.push_str(&crate::markdown::ruby::base_text(&t)),
            // A formula reads as its TeX, as code does.
            Event::Code(t) | Event::InlineMath(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    flush(&mut text, BlockKind::Other);
    blocks
}

/// A post's language when its front matter does not say: `Some("ja")` when its prose
/// is mostly Japanese (it has kana, and more CJK characters than Latin words); `None`
/// to fall back to the site language.
pub fn detect_language(markdown: &str) -> Option<&'static str> {
    let mut kana = 0usize;
    let mut cjk = 0usize;
    let mut latin = 0usize;
    for block in prose_blocks(markdown) {
        for c in block.text.chars() {
            match c as u32 {
                0x3040..=0x30FF => {
                    kana += 1;
                    cjk += 1;
                }
                _ if crate::cjk::is_cjk_letter(c) => cjk += 1,
                _ if c.is_ascii_alphabetic() => latin += 1,
                _ => {}
            }
        }
    }
    // Latin counted in letters here; a word is about five letters.
    (kana > 0 && cjk * 5 > latin).then_some("ja")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_and_image_alt_text_are_not_prose() {
        let blocks = prose_blocks("Intro.\n\n```sh\nrm -rf /\n```\n\n![diagram](x.svg)\n\nEnd.");
        let texts: Vec<_> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Intro.", "End."]);
    }

    #[test]
    fn paragraphs_are_told_apart_from_headings_and_lists() {
        let blocks = prose_blocks("## Title\n\nBody text.\n\n- item one\n- item two\n\n> quoted\n");
        let kinds: Vec<_> = blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Heading, "Title"),
                (BlockKind::Paragraph, "Body text."),
                (BlockKind::Other, "item one"),
                (BlockKind::Other, "item two"),
                (BlockKind::Paragraph, "quoted"),
            ]
        );
    }

    #[test]
    fn wrapped_japanese_lines_join_without_spaces() {
        let blocks = prose_blocks("日本語の\n文章です。");
        assert_eq!(blocks[0].text, "日本語の文章です。");
    }

    #[test]
    fn japanese_prose_is_detected() {
        assert_eq!(detect_language("Kubernetes の運用について書きます。"), Some("ja"));
    }

    #[test]
    fn english_prose_with_a_japanese_word_is_not() {
        assert_eq!(detect_language("The word 文 (fumi) means writing; this post is in English."), None);
    }

    #[test]
    fn code_does_not_decide() {
        assert_eq!(detect_language("English text.\n\n```\n# これはコメントです\n```\n"), None);
    }
}
