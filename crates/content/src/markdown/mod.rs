//! Markdown → HTML for post bodies.
//!
//! pulldown-cmark parses; small passes rewrite its event stream, one rule each; its HTML
//! writer prints. In order:
//!
//! 1. [`cjk_emphasis`]: `**「強調」**の` is bold, as Japanese authors expect.
//! 2. [`soft_breaks`]: a line break inside Japanese text is not a space.
//! 3. [`headings`]: the title keeps the only `<h1>`; every heading gets an id.
//! 4. [`raw_html`]: raw HTML is shown as text, never interpreted. Every later pass may
//!    emit HTML of its own, built only from escaped text.
//! 5. [`embeds`]: a URL alone in a paragraph becomes a card (or at least a link).
//! 6. [`math`]: formulas, as MathML from the publishing tool.
//! 7. [`task_lists`]: each checkbox is named by its item's text.
//! 8. [`tables`]: column alignment as a class, never a `style` attribute.
//! 9. [`links`]: unsafe targets neutralised, external links marked.
//! 10. [`images`]: lazy loading, reserved size, captions from titles.
//! 11. [`code_blocks`]: file-name header, copy button, highlighting from the
//!     publishing tool; `math` and `mermaid` fences as its formulas and diagrams.
//! 12. [`alerts`]: GitHub-style `> [!NOTE]` boxes with a title.
//! 13. [`containers`]: the folds of Zenn's `:::details` (its boxes are alerts by then).
//! 14. [`footnotes`]: numbered in reading order, collected at the end, with back-links.
//! 15. heading anchor links (in [`headings`]).
//! 16. [`ruby`]: furigana, `漢字《かんじ》`.
//!
//! The publishing tool rewrites Zenn's and Qiita's `:::` blocks ([`containers::expand`])
//! and image forms (its `zenn_images`) before all of this, so every reader of a
//! published body sees the same text.
//!
//! Before the passes from 3 on, [`nesting`] flattens block quotes, lists and inline
//! elements nested deeper than a browser can show.

mod alerts;
mod cjk_emphasis;
pub mod code_blocks;
pub mod containers;
pub mod embeds;
mod footnotes;
mod headings;
mod images;
mod links;
pub mod markup;
pub mod math;
mod nesting;
mod raw_html;
pub mod ruby;
mod soft_breaks;
mod tables;
mod task_lists;

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Options, Parser};
use serde::{Deserialize, Serialize};

pub use images::{image_urls, image_urls_at};
pub use links::is_safe_url;
pub use nesting::{MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH};

/// The Markdown dialect of fumi posts: CommonMark plus the GitHub-flavoured set
/// (tables, strikethrough, task lists, footnotes, alerts) and `$…$` formulas.
pub fn options() -> Options {
    Options::ENABLE_MATH
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// Parses a body into events, with the text-level fixes every reader of the body
/// (renderer, excerpts, reading time) needs.
pub(crate) fn parse(markdown: &str) -> Vec<Event<'_>> {
    let (mut events, ranges): (Vec<Event>, Vec<_>) = Parser::new_ext(markdown, options()).into_offset_iter().unzip();
    cjk_emphasis::repair_with_source(&mut events, &ranges, markdown);
    soft_breaks::join_spaceless_soft_breaks(&mut events);
    events
}

/// A post body rendered to HTML, with the outline of its headings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// One heading of a rendered post, in document order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// 2–6: level 1 belongs to the post title.
    pub level: u8,
    pub id: String,
    pub text: String,
    /// Byte offsets in `text` of the `<wbr>` the publishing tool put between its
    /// Japanese phrases (see [`crate::cjk::pieces`]), for the table of contents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<u16>,
}

/// Headings deeper than this stay out of a table of contents.
const TOC_DEEPEST_LEVEL: u8 = 3;

/// Posts with fewer entries than this read fine without a table of contents.
const TOC_MIN_ENTRIES: usize = 3;

/// The headings a post's table of contents lists, or none if the post is too short
/// for one: the app shows them, and the publishing tool records whether there are any
/// ([`crate::PostSummary::toc`]), so the page is laid out for the table before its
/// body arrives.
pub fn toc_entries(headings: Vec<Heading>) -> Vec<Heading> {
    let entries: Vec<Heading> = headings.into_iter().filter(|h| h.level <= TOC_DEEPEST_LEVEL).collect();
    if entries.len() >= TOC_MIN_ENTRIES {
        entries
    } else {
        Vec::new()
    }
}

/// What the publishing tool works out natively for a post, shipped beside its body so
/// the browser needs neither a highlighter nor image decoders.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderHints {
    /// Highlighted inner HTML of each code block, in document order (`None`: plain).
    #[serde(default)]
    pub code: Vec<Option<String>>,
    /// Intrinsic `[width, height]` of images, by the URL written in the post.
    #[serde(default)]
    pub images: BTreeMap<String, [u32; 2]>,
    /// What the publishing tool drew ([`RenderHints::drawing`]): a formula's MathML
    /// (for TeX that does not parse, the error message, which never starts with `<`),
    /// a `mermaid` fence's SVG, the card of a URL alone in a paragraph. Pairs in one
    /// flat list: the Markdown drawn from ([`drawn_key`]), then the drawing. Not a map
    /// (nor a field per kind): the app already deserialises lists of strings, and a map
    /// of strings would add 2.4 KB to its wasm.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drawings: Vec<String>,
    /// Set by a page that shows the post away from its own site (never shipped):
    /// where the post's relative links and images point there.
    #[serde(skip)]
    pub urls: Option<crate::url::PostUrls>,
}

impl RenderHints {
    /// What the publishing tool drew from `source`, if anything.
    pub fn drawing(&self, source: Drawn) -> Option<&str> {
        let key = drawn_key(source);
        self.drawings.chunks_exact(2).find(|pair| pair[0] == key).map(|pair| pair[1].as_str())
    }

    /// Records what was drawn from `source` (replacing an earlier drawing of it).
    pub fn draw(&mut self, source: Drawn, drawing: String) {
        let key = drawn_key(source);
        match self.drawings.chunks_exact(2).position(|pair| pair[0] == key) {
            Some(pair) => self.drawings[2 * pair + 1] = drawing,
            None => self.drawings.extend([key, drawing]),
        }
    }

    /// Every drawing, in the order drawn.
    pub fn all_drawings(&self) -> impl Iterator<Item = &str> {
        self.drawings.chunks_exact(2).map(|pair| pair[1].as_str())
    }
}

/// What the publishing tool drew something from, as [`RenderHints::drawings`] knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drawn<'a> {
    /// `$tex$` in a line.
    Formula(&'a str),
    /// `$$tex$$`, or a `math` fence holding `tex`.
    DisplayFormula(&'a str),
    /// A `mermaid` fence's source.
    Diagram(&'a str),
    /// A URL alone in a paragraph.
    Card(&'a str),
    /// An image of the site that has a dark twin (`x.png` and `x.dark.png`).
    DarkImage(&'a str),
    /// A site image's copies for other screens and formats: `<source>` elements.
    Sources(&'a str),
    /// A site image's blurred preview, shown until it arrives: a `data:` URI.
    Preview(&'a str),
}

/// The key in [`RenderHints::drawings`] for `source`: the Markdown it stands for
/// (`$tex$`, `$$tex$$`, a mermaid fence, or the URL itself).
pub fn drawn_key(source: Drawn) -> String {
    match source {
        Drawn::Formula(tex) => format!("${tex}$"),
        Drawn::DisplayFormula(tex) => format!("$${tex}$$"),
        Drawn::Diagram(code) => format!("```mermaid\n{code}```"),
        Drawn::Card(url) => url.to_owned(),
        Drawn::DarkImage(url) => format!("![dark]({url})"),
        Drawn::Sources(url) => format!("![sources]({url})"),
        Drawn::Preview(url) => format!("![preview]({url})"),
    }
}

/// Words the renderer writes itself (alert titles, button labels), per language.
#[derive(Clone, Copy, Debug)]
pub struct Labels {
    pub note: &'static str,
    pub tip: &'static str,
    pub important: &'static str,
    pub warning: &'static str,
    pub caution: &'static str,
    pub copy: &'static str,
    pub footnotes: &'static str,
    pub back_to_reference: &'static str,
    pub link_to_section: &'static str,
    /// The title of a fold whose author gave none.
    pub details: &'static str,
    /// The button that loads a video's or deck's player in place.
    pub load_frame: &'static str,
}

const LABELS_EN: Labels = Labels {
    note: "Note",
    tip: "Tip",
    important: "Important",
    warning: "Warning",
    caution: "Caution",
    copy: "Copy",
    footnotes: "Footnotes",
    back_to_reference: "Back to reference",
    link_to_section: "Link to this section",
    details: "Details",
    load_frame: "Play here",
};

const LABELS_JA: Labels = Labels {
    note: "注記",
    tip: "ヒント",
    important: "重要",
    warning: "警告",
    caution: "注意",
    copy: "コピー",
    footnotes: "脚注",
    back_to_reference: "本文へ戻る",
    link_to_section: "この見出しへのリンク",
    details: "詳細",
    load_frame: "ここで再生",
};

impl Labels {
    /// Labels for a post in `lang` (Japanese for `ja*`, else English).
    pub fn for_language(lang: &str) -> &'static Labels {
        if crate::lang::is_japanese(lang) {
            &LABELS_JA
        } else {
            &LABELS_EN
        }
    }
}

/// Renders a post body (front matter removed) to safe HTML, in English labels and
/// without hints.
pub fn render(markdown: &str) -> Rendered {
    render_with(markdown, &RenderHints::default(), Labels::for_language("en"))
}

/// Renders a post body with the publishing tool's hints and labels in the post's
/// language.
pub fn render_with(markdown: &str, hints: &RenderHints, labels: &Labels) -> Rendered {
    let mut events = parse(markdown);
    nesting::flatten_deep_nesting(&mut events);
    headings::demote_below_title(&mut events);
    let headings = headings::assign_ids(&mut events);
    raw_html::escape(&mut events);
    embeds::rewrite(&mut events, hints);
    math::rewrite(&mut events, hints);
    task_lists::label_checkboxes(&mut events);
    tables::align_by_class(&mut events);
    links::rewrite(&mut events, hints.urls.as_ref());
    images::rewrite(&mut events, hints);
    code_blocks::rewrite(&mut events, hints, labels);
    alerts::add_titles(&mut events, labels);
    containers::fold_details(&mut events, labels.details);
    footnotes::collect_at_end(&mut events, labels);
    headings::add_anchor_links(&mut events, labels);
    ruby::annotate(&mut events);
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html, headings }
}

/// Escapes text for an HTML text node or a double-quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

/// Escapes a URL for an `href`/`src` attribute (percent-encodes what must be).
pub fn escape_href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    pulldown_cmark_escape::escape_href(&mut out, url).expect("writing to a String cannot fail");
    out
}

/// The language a fence names (`rust` in ```` ```rust:src/main.rs ````).
pub(crate) fn fence_language<'a>(kind: &'a pulldown_cmark::CodeBlockKind) -> Option<&'a str> {
    let pulldown_cmark::CodeBlockKind::Fenced(info) = kind else { return None };
    let first = info.split_whitespace().next()?;
    Some(first.split_once(':').map_or(first, |(lang, _)| lang)).filter(|lang| !lang.is_empty())
}

/// The concatenated text of the events between a start tag and its end.
pub(crate) fn text_of(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        render(markdown).html
    }

    #[test]
    fn a_table_of_contents_needs_three_h2_or_h3_headings_and_skips_deeper_ones() {
        let ids = |markdown: &str| toc_entries(render(markdown).headings).into_iter().map(|h| h.id).collect::<Vec<_>>();
        assert_eq!(
            ids("## なぜ移るのか\n\n#### 細部\n\n### 学んだこと\n\n## 次へ\n"),
            ["なぜ移るのか", "学んだこと", "次へ"]
        );
        assert!(ids("## a\n\n#### b\n\n##### c\n\n### d\n").is_empty(), "two entries are too few");
        assert!(ids("本文だけ。\n").is_empty());
    }

    #[test]
    fn gfm_extensions_render() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n- [ ] todo\n");
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("<del>old</del>"), "{out}");
        assert!(out.contains(r#"type="checkbox""#), "{out}");
    }

    #[test]
    fn japanese_labels_follow_the_post_language() {
        let out = render_with("> [!NOTE]\n> 本文\n", &RenderHints::default(), Labels::for_language("ja")).html;
        assert!(out.contains("注記"), "{out}");
    }

    #[test]
    fn drawings_are_found_by_what_they_were_drawn_from() {
        let mut hints = RenderHints::default();
        hints.draw(Drawn::Formula("x"), "<math>inline</math>".into());
        hints.draw(Drawn::DisplayFormula("x"), "<math>block</math>".into());
        hints.draw(Drawn::Card("https://e.example/"), "<figure>card</figure>".into());
        hints.draw(Drawn::Formula("x"), "<math>again</math>".into());
        assert_eq!(hints.drawing(Drawn::Formula("x")), Some("<math>again</math>"));
        assert_eq!(hints.drawing(Drawn::DisplayFormula("x")), Some("<math>block</math>"));
        assert_eq!(hints.drawing(Drawn::Diagram("x")), None);
        assert_eq!(hints.all_drawings().count(), 3);
        let json = serde_json::to_string(&hints).unwrap();
        assert!(json.contains("\"drawings\":[\"$x$\",\"<math>again</math>\",\"$$x$$\""), "{json}");
        assert_eq!(serde_json::from_str::<RenderHints>(&json).unwrap(), hints);
    }

    #[test]
    fn hints_round_trip_through_json() {
        let mut hints = RenderHints { code: vec![None, Some("<span>x</span>".into())], ..Default::default() };
        hints.images.insert("images/a.svg".into(), [640, 480]);
        let json = serde_json::to_string(&hints).unwrap();
        assert_eq!(serde_json::from_str::<RenderHints>(&json).unwrap(), hints);
    }
}
