//! Property tests: the front-matter parser, the Markdown renderer and the search
//! tokenizer, on generated input — arbitrary text and text made of the pieces that
//! matter to each (Markdown and HTML syntax, script payloads, Japanese, YAML and TOML).
//!
//! Case counts are kept moderate so that the whole file runs in well under a minute in
//! the dev profile; `PROPTEST_CASES=10000` runs more. Failures found here are kept as
//! named tests at the end of the file, and proptest keeps their seeds in
//! `proptest-regressions/`, which is committed.

#![cfg(feature = "front-matter")]

mod common;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::FileFailurePersistence;

use fumi_content::front_matter::{self, FieldError};
use fumi_content::markdown::{render, render_with, Labels, RenderHints, MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH};
use fumi_content::search::query::Query;
use fumi_content::search::tokenize::{bigrams, index_terms, normalize, runs, Run};
use fumi_content::{cjk, excerpt, reading_time};

/// `cases` cases, or `$PROPTEST_CASES` when it is set.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases),
        // Seeds of past failures, run again first. Relative to the crate (where cargo
        // runs tests); the default looks for a src/lib.rs beside this file.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("proptest-regressions/properties.txt"))),
        ..ProptestConfig::default()
    }
}

/// Arbitrary text: any characters, control characters and lone combining marks
/// included.
fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max).prop_map(String::from_iter)
}

/// Text made of `pieces`, with an arbitrary character now and then.
fn made_of(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => select(pieces).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..max).prop_map(|p| p.concat())
}

// ---------------------------------------------------------------------------------
// Markdown

/// Markdown and HTML syntax, attack payloads, Japanese and plain words.
const MARKDOWN: &[&str] = &[
    "*",
    "**",
    "***",
    "_",
    "__",
    "~~",
    "`",
    "```",
    "```rust:src/a.rs\n",
    "~~~\n",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "#",
    "## ",
    "# ",
    "> ",
    ">",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "- [ ] ",
    "- [x] ",
    "|",
    "| a | b |\n",
    "|---|:-:|\n",
    "---\n",
    "***\n",
    "\n",
    "\n\n",
    "  \n",
    "    ",
    "\t",
    " ",
    "\\",
    "!",
    "[^1]",
    "[^1]: ",
    "[^a]",
    "[^注]: ",
    "[^",
    "> [!NOTE]\n",
    "> [!WARNING]\n",
    "[x]: /url \"t\"\n",
    "[x]",
    "[x][]",
    "<https://example.com>",
    "<me@example.com>",
    "https://example.com/a_b",
    "&amp;",
    "&lt;",
    "&#106;",
    "&#x3C;",
    "&#0;",
    "&bogus;",
    "日本語",
    "「強調」",
    "の",
    "。",
    "、",
    "運用",
    "ｶﾀｶﾅ",
    "a",
    "b c",
    "word",
    "\u{202e}",
    "\u{2067}",
    "\u{0}",
    "\u{feff}",
    "<script>alert(1)</script>",
    "<script",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"https://evil.example\">",
    "<object data=x>",
    "<embed src=x>",
    "<style>*{color:red}</style>",
    "<div style=\"x\">",
    "<p onclick=\"alert(1)\">",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:x",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/png;base64,AAAA",
    "[x](javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](&#106;avascript:alert(1))",
    "[x](java%0ascript:alert(1))",
    "![y](javascript:alert(1))",
    "![y](data:text/html,x \"t\")",
    "[x](https://example.com \"t\\\"itle\")",
    "[x](/posts/a)",
    "![alt](images/a.png \"caption\")",
    "[a](b\"onmouseover=alert(1))",
    "\" onerror=\"alert(1)",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?php",
    "<!DOCTYPE html>",
    "</div>",
    "<div>\n",
];

fn markdownish() -> impl Strategy<Value = String> {
    made_of(MARKDOWN, 80)
}

/// Hints as the publishing tool ships them, honest or not.
fn hints() -> impl Strategy<Value = RenderHints> {
    let code = prop::collection::vec(
        prop::option::of(
            select(
                &[
                    "<span class=\"kw\">fn</span> main",
                    "plain &lt; text",
                    "<script>alert(1)</script>",
                    "<span class=\"a\" onclick=\"alert(1)\">x</span>",
                    "<span class=\"a\">",
                    "</span></code></pre><img src=x onerror=alert(1)>",
                ][..],
            )
            .prop_map(str::to_owned),
        ),
        0..4,
    );
    let images = prop::collection::btree_map(
        select(&["images/a.png", "x", "javascript:alert(1)", "data:image/png;base64,AAAA"][..]).prop_map(str::to_owned),
        (0u32..5000, 0u32..5000).prop_map(|(w, h)| [w, h]),
        0..3,
    );
    (code, images).prop_map(|(code, images)| RenderHints { code, images, ..RenderHints::default() })
}

/// Elements the renderer must never write, whatever the post says.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script", "iframe", "object", "embed", "style", "frame", "frameset", "applet", "base", "form", "meta", "link",
    "svg", "math", "template", "noscript",
];

/// Decodes the character references an attribute value can hold.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let number = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    name.strip_prefix('#').and_then(|d| d.parse().ok())
                };
                number.and_then(char::from_u32)
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme of a URL as a browser reads it (leading spaces and controls ignored,
/// tabs and newlines removed anywhere), lower-cased, if it has one.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = decode_entities(url)
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    scheme
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        .then(|| scheme.to_ascii_lowercase())
}

/// Everything that makes rendered HTML unsafe or malformed, or why it is.
fn check_html(html: &str) -> Result<(), String> {
    let depth = common::balanced_depth(html)?;
    let most = MAX_BLOCK_DEPTH + 3 + 4 + MAX_INLINE_DEPTH + 3;
    if depth > most {
        return Err(format!("elements nest {depth} deep, more than {most}"));
    }
    let lower = html.to_ascii_lowercase();
    for element in FORBIDDEN_ELEMENTS {
        if lower.contains(&format!("<{element}")) {
            return Err(format!("a <{element}"));
        }
    }
    for tag in common::tags(html)? {
        for (name, value) in &tag.attributes {
            if name.starts_with("on") {
                return Err(format!("<{} {name}=…>, an event handler", tag.name));
            }
            if name == "style" {
                return Err(format!("<{} style=…>", tag.name));
            }
            if matches!(name.as_str(), "href" | "src" | "action" | "formaction" | "xlink:href" | "srcset") {
                match scheme(value).as_deref() {
                    Some("javascript" | "vbscript") => return Err(format!("<{} {name}=\"{value}\">", tag.name)),
                    Some("data") if !(tag.name == "img" && decode_entities(value).starts_with("data:image/")) => {
                        return Err(format!("<{} {name}=\"{value}\">", tag.name))
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(3_000))]

    #[test]
    fn rendering_arbitrary_text_gives_safe_balanced_html(text in any_text(300)) {
        let rendered = render(&text);
        if let Err(e) = check_html(&rendered.html) {
            prop_assert!(false, "{e}\n--- markdown: {text:?}\n--- html: {}", rendered.html);
        }
        // The other readers of a body never panic either.
        let _ = excerpt(&text, 220);
        let _ = reading_time(&text);
        let _ = fumi_content::search::build::post_text(&text);
    }
}

proptest! {
    #![proptest_config(config(10_000))]

    #[test]
    fn rendering_markdown_and_payloads_gives_safe_balanced_html(
        markdown in markdownish(),
        hints in hints(),
        japanese in any::<bool>(),
    ) {
        let labels = Labels::for_language(if japanese { "ja" } else { "en" });
        let rendered = render_with(&markdown, &hints, labels);
        if let Err(e) = check_html(&rendered.html) {
            prop_assert!(false, "{e}\n--- markdown: {markdown:?}\n--- html: {}", rendered.html);
        }
        // Every heading of the outline is a fragment target in the page.
        for heading in &rendered.headings {
            let id = fumi_content::markdown::escape_html(&heading.id);
            prop_assert!(!heading.id.is_empty(), "an empty id\n--- markdown: {markdown:?}");
            prop_assert!(
                rendered.html.contains(&format!(" id=\"{id}\"")),
                "no element with id {id:?}\n--- markdown: {markdown:?}\n--- html: {}", rendered.html
            );
        }
    }
}

// ---------------------------------------------------------------------------------
// Front matter

/// What an author (or a fuzzer) may put in a front matter.
const KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "tags",
    "summary",
    "draft",
    "lang",
    "slug",
    "series",
    "category",
    "\"quoted:key\"",
    "a:b",
    "  title",
    "\ttitle",
    "",
    "- ",
    "? ",
    "タイトル",
    "title ",
    "\"\\ud800\"",
];
const YAML_VALUES: &[&str] = &[
    "\"EKS の開発チームに移ります\"",
    "t",
    "2021-01-04",
    "2021-02-30",
    "2021-01-04T09:00:00+09:00",
    "yesterday",
    "[career, aws]",
    "[a, [b]]",
    "[unclosed",
    "{a: 1}",
    "true",
    "maybe",
    "\"\\ud800\"",
    "\"a\\udc00b\"",
    "\"\\ud83d\\ude00\"",
    "'single'",
    "\"unclosed",
    "&anchor x",
    "*anchor",
    "*undefined",
    "|\n  block",
    ">-\n  folded",
    "日本語",
    "ja",
    "en-US",
    "not a slug",
    "123",
    "1.5",
    ".nan",
    "~",
    "null",
    "\"\"",
    "!!binary aGk=",
    "!custom x",
    "\t",
    "- item",
    "\n  - nested",
    "\n  key: value",
    "\"\\x00\"",
    "\"a\\\"b\"",
    "#comment",
];
const TOML_VALUES: &[&str] = &[
    "\"t\"",
    "2021-01-04",
    "\"2021-01-04\"",
    "1979-05-27T07:32:00Z",
    "[\"a\", \"b\"]",
    "[\"a\", 1]",
    "true",
    "maybe",
    "\"\\ud800\"",
    "\"\\U0000D800\"",
    "\"\\U0001F600\"",
    "{ a = 1 }",
    "[[x]]",
    "'literal'",
    "\"\"\"multi\nline\"\"\"",
    "\"unclosed",
    "nan",
    "inf",
    "-0",
    "0x1F",
    "\"日本語\"",
    "",
    "= =",
];
const FENCES: &[&str] = &["---", "+++", "--- ", "---\r", "\u{feff}---", "----", "+++ ", "", "# Title"];
const SEPARATORS: &[&str] = &[": ", ":", " : ", " = ", "=", "= ", " "];

fn front_matter_source() -> impl Strategy<Value = String> {
    let line = (select(KEYS), select(SEPARATORS), prop_oneof![select(YAML_VALUES), select(TOML_VALUES)])
        .prop_map(|(k, s, v)| format!("{k}{s}{v}"));
    let lines = prop::collection::vec(prop_oneof![8 => line, 1 => any_text(12)], 0..12);
    (select(FENCES), lines, select(FENCES), any::<bool>(), any_text(20)).prop_map(|(open, lines, close, crlf, body)| {
        let newline = if crlf { "\r\n" } else { "\n" };
        let mut source = format!("{open}{newline}");
        for line in lines {
            source.push_str(&line);
            source.push_str(newline);
        }
        format!("{source}{close}{newline}{body}")
    })
}

/// Errors about the block as a whole, which a line names well enough.
fn is_block_error(message: &str) -> bool {
    ["missing front matter", "front matter opened on line 1 is never closed", "front matter must be"]
        .iter()
        .any(|start| message.starts_with(start))
}

/// Every promise a message about a post makes: a line of the file, and a field or a
/// column, in one line of text.
fn check_message(source: &str, e: &FieldError) -> Result<(), String> {
    let lines = source.split('\n').count();
    if !(1..=lines).contains(&e.line) {
        return Err(format!("line {} of a {lines}-line file", e.line));
    }
    let has_column = e.message.contains(" at column ");
    if e.field.is_none() && !has_column && !is_block_error(&e.message) {
        return Err("neither a field nor a column".into());
    }
    if e.message.contains('\n') || e.message.trim().is_empty() {
        return Err("not one line of text".into());
    }
    if e.field.as_deref().is_some_and(|f| f.contains('\n')) {
        return Err("a field name over several lines".into());
    }
    Ok(())
}

fn check_front_matter(source: &str) -> Result<(), String> {
    match front_matter::parse(source) {
        Ok(post) => {
            if !source.ends_with(post.body) {
                return Err("the body is not the end of the file".into());
            }
            for w in &post.warnings {
                check_message(source, w).map_err(|e| format!("warning {w:?}: {e}"))?;
                if w.field.is_none() {
                    return Err(format!("warning {w:?} names no field"));
                }
            }
        }
        Err(errors) => {
            if errors.is_empty() {
                return Err("failed without saying why".into());
            }
            for e in &errors {
                check_message(source, e).map_err(|m| format!("error {e:?}: {m}"))?;
            }
            if !errors.windows(2).all(|w| w[0].line <= w[1].line) {
                return Err(format!("errors out of line order: {errors:?}"));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(6_000))]

    #[test]
    fn front_matter_errors_name_a_line_and_a_field_or_column(source in front_matter_source()) {
        if let Err(e) = check_front_matter(&source) {
            prop_assert!(false, "{e}\n--- source: {source:?}");
        }
    }

    #[test]
    fn front_matter_parsing_never_panics_on_arbitrary_text(text in any_text(200), fence in select(FENCES)) {
        let source = format!("{fence}\n{text}");
        if let Err(e) = check_front_matter(&source) {
            prop_assert!(false, "{e}\n--- source: {source:?}");
        }
    }
}

// ---------------------------------------------------------------------------------
// Search tokenizer

const TEXT: &[&str] = &[
    "Kubernetes",
    "EKS",
    "ＥＫＳ",
    "ｶﾀｶﾅ",
    "運用",
    "している",
    "の",
    "。",
    "、",
    "1.29",
    "v2",
    " ",
    "\n",
    "-",
    "_",
    "ﬁ",
    "Å",
    "İ",
    "ß",
    "ẞ",
    "Σ",
    "ς",
    "①",
    "㍿",
    "Ⅻ",
    "é",
    "e\u{301}",
    "\u{3099}",
    "か\u{3099}",
    "한국어",
    "עברית",
    "مرحبا",
    "\u{202e}",
    "🙂",
    "𠮷",
    "\u{0}",
    "½",
    "²",
    "ǅ",
];

proptest! {
    #![proptest_config(config(4_000))]

    #[test]
    fn tokens_are_non_empty_normalized_pieces_of_the_text(
        text in prop_oneof![any_text(60), made_of(TEXT, 30)],
    ) {
        let normalized = normalize(&text);
        // Normalizing twice changes nothing, so a query typed from what a page shows
        // is compared like the page's own text.
        prop_assert_eq!(normalize(&normalized), normalized.clone(), "text: {:?}", text);
        let mut cursor = 0;
        for run in runs(&normalized) {
            let (piece, cjk_run) = match run {
                Run::Cjk(s) => (s, true),
                Run::Word(w) => (w, false),
            };
            prop_assert!(!piece.is_empty());
            // Runs come in order, each a piece of the text, separated by gaps.
            let at = cursor + normalized[cursor..].find(piece).expect("a run is a piece of the text");
            prop_assert!(normalized[cursor..at].chars().all(|c| !c.is_alphanumeric()), "{:?}", &normalized[cursor..at]);
            cursor = at + piece.len();
            prop_assert!(piece.chars().all(|c| c.is_alphanumeric() && cjk::is_cjk_letter(c) == cjk_run), "{piece:?}");
            if cjk_run {
                let pairs = bigrams(piece);
                let chars = piece.chars().count();
                prop_assert_eq!(pairs.len(), if chars == 1 { 1 } else { chars - 1 });
                prop_assert!(pairs.iter().all(|p| (1..=2).contains(&p.chars().count()) && piece.contains(p.as_str())));
            }
        }
        prop_assert!(normalized[cursor..].chars().all(|c| !c.is_alphanumeric()));
        for term in index_terms(&normalized) {
            prop_assert!(!term.is_empty());
            prop_assert!(normalized.contains(term.as_str()), "{term:?} is not in {normalized:?}");
            prop_assert!(!term.chars().any(char::is_whitespace), "{term:?}");
            prop_assert_eq!(term.to_lowercase(), term.clone());
        }
        // A query for the text looks up terms the text's index has.
        let terms = index_terms(&normalized);
        for key in Query::parse(&text).terms.iter().flat_map(|t| &t.keys) {
            prop_assert!(terms.contains(key), "query key {key:?} is not an index term of {normalized:?}");
        }
    }
}

// ---------------------------------------------------------------------------------
// Failures these properties found, kept by name (each fixed; the module that had the
// bug has a test of its own too).

fn assert_safe(markdown: &str, hints: &RenderHints) {
    let html = render_with(markdown, hints, Labels::for_language("en")).html;
    if let Err(e) = check_html(&html) {
        panic!("{e}\n--- markdown: {markdown:?}\n--- html: {html}");
    }
}

#[test]
fn found_a_comment_block_in_a_list_item_left_a_paragraph_open() {
    assert_safe("*| a | b |\n- <!--| a | b |\n\t*", &RenderHints::default());
}

#[test]
fn found_an_unclosed_span_in_highlighting_hints_was_accepted() {
    let hints = RenderHints { code: vec![Some("<span class=\"a\">".into())], ..RenderHints::default() };
    assert_safe("```", &hints);
}

#[test]
fn found_a_heading_in_an_unreferenced_note_was_in_the_outline() {
    let rendered = render("[^1]: ### **");
    assert!(rendered.headings.is_empty(), "{:?}", rendered.headings);
}

#[test]
fn found_an_image_in_an_image_description_left_an_end_tag_behind() {
    assert_safe("![^[^]*![y](javascript:alert(1))***(\\[x](javascript:alert(1))", &RenderHints::default());
}

#[test]
fn found_a_multi_line_value_broke_the_one_line_message() {
    check_front_matter("+++\nlang = \"\"\"multi\nline\"\"\"\n+++ \n").unwrap();
}

#[test]
fn found_yaml_line_numbers_ran_past_the_file() {
    check_front_matter("---\r\nA\r\r\r\n\r\r\ntitle: \"EKS の開発チームに移ります\"\r\n---\r\n").unwrap();
}

#[test]
fn found_a_yaml_error_at_the_very_end_had_no_position() {
    check_front_matter("---\ntitle : \"unclosed\n--- \n").unwrap();
}

#[test]
fn found_lower_casing_undid_nfkc() {
    let once = normalize("İ\u{3099}");
    assert_eq!(normalize(&once), once);
}
