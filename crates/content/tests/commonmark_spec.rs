//! Every example of the CommonMark spec, through fumi's renderer.
//!
//! The examples come from the npm package `commonmark-spec` (pinned in package.json at
//! the spec version pulldown-cmark 0.13 implements), read from `node_modules/`. Both
//! sides are normalised the way cmark's test suite does (tags and attributes in one
//! form, entities decoded, whitespace between blocks ignored), and fumi's documented
//! decorations are taken off its side: heading ids and anchor links, external-link
//! class and rel, image loading hints and figures, the code-block wrapper, file name
//! and copy button. A body's `#` headings are one level down under the post title, so
//! the spec's are moved down the same way.
//!
//! Every example must then match, except those in [`DELIBERATE`], each with the reason
//! fumi differs on purpose; an entry that starts matching fails the test too, so the
//! list stays exact. `--nocapture` prints the counts.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use fumi_content::markdown::render;

struct Example {
    number: usize,
    section: String,
    markdown: String,
    html: String,
}

/// The examples of `spec.txt`, numbered from 1 in order, with the section each is in.
fn examples() -> Vec<Example> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../node_modules/commonmark-spec/spec.txt");
    let spec = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the CommonMark spec at {}: {e}\n\
             It comes from the npm package `commonmark-spec` (package.json): run `npm ci` at the repository root.",
            path.display()
        )
    });
    let spec = spec.replace("\r\n", "\n");
    let spec = spec.split("\n<!-- END TESTS -->").next().unwrap_or_default();
    let fence = "`".repeat(32);
    let opening = format!("{fence} example");
    let mut examples = Vec::new();
    let mut section = String::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if line == opening {
            // The spec writes tabs as `→`.
            let markdown: String = lines.by_ref().take_while(|l| *l != ".").map(|l| format!("{l}\n")).collect();
            let html: String = lines.by_ref().take_while(|l| *l != fence).map(|l| format!("{l}\n")).collect();
            examples.push(Example {
                number: examples.len() + 1,
                section: section.clone(),
                markdown: markdown.replace('→', "\t"),
                html: html.replace('→', "\t"),
            });
        } else if let Some(title) = heading(line) {
            section = title.to_owned();
        }
    }
    assert!(examples.len() > 600, "only {} examples found in {}", examples.len(), path.display());
    examples
}

/// The title of a Markdown heading line of the spec's prose.
fn heading(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&hashes)).then(|| line[hashes..].trim_start_matches(' '))
}

// ---------------------------------------------------------------------------------
// Deliberate differences.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Reason {
    /// Posts are inserted into the page at run time: raw HTML is shown as text, never
    /// interpreted, and HTML comments are dropped.
    RawHtmlEscaped,
    /// A URL alone in a paragraph is a link (a card when the publishing tool has
    /// fetched it), as on GitHub, Zenn and Qiita.
    LoneUrlLinked,
}

impl Reason {
    fn describe(self) -> &'static str {
        match self {
            Reason::RawHtmlEscaped => "raw HTML shown as text (comments dropped), never interpreted",
            Reason::LoneUrlLinked => "a URL alone in a paragraph becomes a link",
        }
    }

    /// Why `example` is not a case of this reason, if it is not: keeps entries from
    /// hiding other differences.
    fn check(self, example: &Example) -> Result<(), String> {
        match self {
            // The example has raw HTML, and pulldown-cmark's own writer, which passes
            // raw HTML through, matches the spec: fumi's escaping is the difference.
            Reason::RawHtmlEscaped => {
                if !example.markdown.contains('<') {
                    return Err("its Markdown has no `<`".into());
                }
                let mut html = String::new();
                let parser = pulldown_cmark::Parser::new_ext(&example.markdown, fumi_content::markdown::options());
                pulldown_cmark::html::push_html(&mut html, parser);
                let expected = normalize(&tokenize(&example.html));
                let passed_through = normalize(&tokenize(&html));
                if passed_through != expected {
                    return Err(format!("with raw HTML passed through it still differs: {passed_through:?}"));
                }
                Ok(())
            }
            Reason::LoneUrlLinked => {
                let url = example.markdown.trim();
                let linked = format!("<p><a href=\"{url}\">{url}</a></p>");
                if !url.starts_with("http") || url.contains(char::is_whitespace) {
                    return Err("its Markdown is not one URL".into());
                }
                if normalize(&tokenize(&linked)) != normalize(&undecorate(tokenize(&render(&example.markdown).html))) {
                    return Err("fumi does not render it as a link to the URL".into());
                }
                Ok(())
            }
        }
    }
}

/// Examples fumi renders differently on purpose, by reason and number.
const DELIBERATE: &[(Reason, &[usize])] = &[
    (
        Reason::RawHtmlEscaped,
        &[
            21, 31, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167,
            168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188,
            189, 190, 191, 201, 308, 309, 344, 475, 476, 477, 491, 494, 524, 536, 613, 614, 615, 616, 617, 623, 625,
            626, 627, 628, 629, 630, 631, 642, 643,
        ],
    ),
    (Reason::LoneUrlLinked, &[611]),
];

// ---------------------------------------------------------------------------------
// Normalising HTML.

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Start {
        name: String,
        attributes: Vec<(String, String)>,
    },
    End {
        name: String,
    },
    Text(String),
    /// A comment, processing instruction, declaration or CDATA section, as written.
    Other(String),
}

/// Splits HTML into tags and text. Anything that is not a well-formed tag is text.
fn tokenize(html: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let special = [("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>"), ("<!", ">")]
            .iter()
            .find(|(open, _)| rest.starts_with(open))
            .and_then(|(open, close)| rest[open.len()..].find(close).map(|end| open.len() + end + close.len()));
        let parsed = match special {
            Some(len) => Some((Token::Other(rest[..len].to_owned()), len)),
            None => tag(rest),
        };
        match parsed {
            Some((token, len)) => {
                if !text.is_empty() {
                    tokens.push(Token::Text(std::mem::take(&mut text)));
                }
                tokens.push(token);
                rest = &rest[len..];
            }
            None => {
                text.push('<');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
    tokens
}

/// A start or end tag at the start of `s`, and its length.
fn tag(s: &str) -> Option<(Token, usize)> {
    let bytes = s.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let mut i = if closing { 2 } else { 1 };
    let name_start = i;
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => break,
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                i += 1;
                break;
            }
            _ if closing => return None,
            _ => {}
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == start {
            return None;
        }
        let attribute = s[start..i].to_ascii_lowercase();
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = String::new();
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            match bytes.get(j)? {
                &quote @ (b'"' | b'\'') => {
                    let end = s[j + 1..].find(quote as char)?;
                    value = s[j + 1..j + 1 + end].to_owned();
                    j += end + 2;
                }
                _ => {
                    let start = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = s[start..j].to_owned();
                }
            }
            i = j;
        }
        attributes.push((attribute, decode_entities(&value)));
    }
    let token = if closing { Token::End { name } } else { Token::Start { name, attributes } };
    Some((token, i + 1))
}

/// Decodes character references: numeric ones and the named ones the examples use.
fn decode_entities(text: &str) -> String {
    const NAMED: &[(&str, &str)] = &[
        ("amp", "&"),
        ("lt", "<"),
        ("gt", ">"),
        ("quot", "\""),
        ("apos", "'"),
        ("nbsp", "\u{a0}"),
        ("copy", "©"),
        ("AElig", "Æ"),
        ("Dcaron", "Ď"),
        ("frac34", "¾"),
        ("HilbertSpace", "ℋ"),
        ("DifferentialD", "ⅆ"),
        ("ClockwiseContourIntegral", "∲"),
        ("ngE", "≧̸"),
        ("ouml", "ö"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest[1..].find(';').filter(|&end| end <= 32).and_then(|end| {
            let name = &rest[1..1 + end];
            let value = if let Some(number) = name.strip_prefix('#') {
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse().ok(),
                }?;
                char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{fffd}').to_string()
            } else {
                NAMED.iter().find(|(n, _)| *n == name)?.1.to_owned()
            };
            Some((value, end + 2))
        });
        match decoded {
            Some((value, len)) => {
                out.push_str(&value);
                rest = &rest[len..];
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

/// Elements around which whitespace does not matter (cmark's normaliser's list).
const BLOCK: &[&str] = &[
    "article",
    "header",
    "aside",
    "hgroup",
    "blockquote",
    "hr",
    "iframe",
    "body",
    "li",
    "map",
    "button",
    "object",
    "canvas",
    "ol",
    "caption",
    "output",
    "col",
    "p",
    "colgroup",
    "pre",
    "dd",
    "progress",
    "div",
    "section",
    "dl",
    "table",
    "td",
    "dt",
    "tbody",
    "embed",
    "textarea",
    "fieldset",
    "tfoot",
    "figcaption",
    "th",
    "figure",
    "thead",
    "footer",
    "tr",
    "form",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "video",
    "script",
    "style",
];

fn is_block(token: Option<&Token>) -> bool {
    matches!(token, Some(Token::Start { name, .. } | Token::End { name }) if BLOCK.contains(&name.as_str()))
}

fn escape(text: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// HTML in one canonical form: entities decoded and re-escaped minimally, attributes
/// sorted, whitespace collapsed outside `<pre>` and dropped next to block tags.
fn normalize(tokens: &[Token]) -> String {
    let mut out = String::new();
    let mut in_pre = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Start { name, attributes } => {
                let mut attributes = attributes.clone();
                attributes.sort();
                out.push('<');
                out.push_str(name);
                for (attribute, value) in attributes {
                    let _ = write!(out, " {attribute}=\"{}\"", escape(&value, true));
                }
                out.push('>');
                in_pre += usize::from(name == "pre");
            }
            Token::End { name } => {
                let _ = write!(out, "</{name}>");
                in_pre -= usize::from(name == "pre" && in_pre > 0);
            }
            Token::Other(raw) => out.push_str(raw),
            Token::Text(text) => {
                let text = decode_entities(text);
                if in_pre > 0 {
                    out.push_str(&escape(&text, false));
                    continue;
                }
                let mut collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if text.starts_with(char::is_whitespace) && !(i == 0 || is_block(tokens.get(i.wrapping_sub(1)))) {
                    collapsed.insert(0, ' ');
                }
                if text.ends_with(char::is_whitespace)
                    && !collapsed.is_empty()
                    && !(i + 1 == tokens.len() || is_block(tokens.get(i + 1)))
                {
                    collapsed.push(' ');
                }
                if collapsed == " " && (is_block(tokens.get(i + 1)) || i + 1 == tokens.len()) {
                    continue;
                }
                out.push_str(&escape(&collapsed, false));
            }
        }
    }
    out
}

/// Elements without an end tag.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// What to do with an element of fumi's output.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Edit {
    Keep,
    /// Drop the tags, keep the content.
    Unwrap,
    /// Drop the element with its content.
    Remove,
    /// Write it as a paragraph (a figure: an image alone with a caption).
    AsParagraph,
}

/// An image's attributes without fumi's loading hints.
fn without_decorations(mut attributes: Vec<(String, String)>) -> Vec<(String, String)> {
    attributes.retain(|(a, v)| !((a == "loading" && v == "lazy") || (a == "decoding" && v == "async")));
    attributes
}

/// A link's attributes without the marks of a link that leaves the site.
fn without_external_marks(mut attributes: Vec<(String, String)>) -> Vec<(String, String)> {
    if has(&attributes, "class", "external") {
        attributes.retain(|(a, v)| !((a == "class" && v == "external") || (a == "rel" && v == "noopener noreferrer")));
    }
    attributes
}

fn has(attributes: &[(String, String)], name: &str, value: &str) -> bool {
    attributes.iter().any(|(n, v)| n == name && v == value)
}

/// fumi's output without its documented decorations.
fn undecorate(tokens: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut open: Vec<Edit> = Vec::new();
    let mut removing = 0usize; // depth inside a removed element
    for token in tokens {
        if removing > 0 {
            match token {
                Token::Start { .. } => removing += 1,
                Token::End { .. } => removing -= 1,
                _ => {}
            }
            continue;
        }
        match token {
            Token::Start { name, attributes } => {
                let edit = match name.as_str() {
                    "a" if has(&attributes, "class", "heading-anchor") => Edit::Remove,
                    "button" if has(&attributes, "class", "copy-button") => Edit::Remove,
                    "div" if has(&attributes, "class", "code-block__filename") => Edit::Remove,
                    "figcaption" => Edit::Remove,
                    "div" if has(&attributes, "class", "code-block") => Edit::Unwrap,
                    "label" if has(&attributes, "class", "task") => Edit::Unwrap,
                    "figure" => Edit::AsParagraph,
                    _ => Edit::Keep,
                };
                match edit {
                    Edit::Remove => {
                        removing = 1;
                        continue;
                    }
                    Edit::Unwrap => {}
                    Edit::AsParagraph => out.push(Token::Start { name: "p".into(), attributes: Vec::new() }),
                    Edit::Keep if VOID.contains(&name.as_str()) => {
                        out.push(Token::Start { name, attributes: without_decorations(attributes) });
                        continue; // no end tag to wait for
                    }
                    Edit::Keep => {
                        let attributes = if name == "a" { without_external_marks(attributes) } else { attributes };
                        let attributes = if matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                            attributes.into_iter().filter(|(a, _)| a != "id").collect()
                        } else {
                            attributes
                        };
                        out.push(Token::Start { name, attributes });
                    }
                }
                open.push(edit);
            }
            Token::End { name } => match open.pop().unwrap_or(Edit::Keep) {
                Edit::Keep => out.push(Token::End { name }),
                Edit::AsParagraph => out.push(Token::End { name: "p".into() }),
                Edit::Unwrap | Edit::Remove => {}
            },
            other => out.push(other),
        }
    }
    out
}

/// The spec's HTML with its headings one level down, as under a post title.
fn below_title(tokens: Vec<Token>) -> Vec<Token> {
    if !tokens.iter().any(|t| matches!(t, Token::Start { name, .. } if name == "h1")) {
        return tokens;
    }
    let lower = |name: String| match name.as_str() {
        "h1" => "h2".to_owned(),
        "h2" => "h3".to_owned(),
        "h3" => "h4".to_owned(),
        "h4" => "h5".to_owned(),
        "h5" => "h6".to_owned(),
        _ => name,
    };
    tokens
        .into_iter()
        .map(|t| match t {
            Token::Start { name, attributes } => Token::Start { name: lower(name), attributes },
            Token::End { name } => Token::End { name: lower(name) },
            other => other,
        })
        .collect()
}

struct Outcome<'a> {
    example: &'a Example,
    expected: String,
    actual: String,
}

#[test]
fn commonmark_spec_examples_match_except_deliberate_differences() {
    let examples = examples();
    let deliberate: BTreeMap<usize, Reason> =
        DELIBERATE.iter().flat_map(|(reason, numbers)| numbers.iter().map(|&n| (n, *reason))).collect();
    let listed: usize = DELIBERATE.iter().map(|(_, numbers)| numbers.len()).sum();
    assert_eq!(deliberate.len(), listed, "an example is listed twice in DELIBERATE");
    let mut failing = Vec::new();
    for example in &examples {
        let expected = normalize(&below_title(tokenize(&example.html)));
        let actual = normalize(&undecorate(tokenize(&render(&example.markdown).html)));
        if expected != actual {
            failing.push(Outcome { example, expected, actual });
        }
    }

    let mut problems = String::new();
    for outcome in &failing {
        let e = outcome.example;
        if !deliberate.contains_key(&e.number) {
            let _ = write!(
                problems,
                "\nexample {} ({}) differs and is not a deliberate difference:\n  markdown: {:?}\n  expected: {:?}\n  fumi:     {:?}\n",
                e.number, e.section, e.markdown, outcome.expected, outcome.actual
            );
        }
    }
    for (number, reason) in &deliberate {
        let Some(e) = examples.get(number - 1) else {
            let _ = write!(problems, "\nexample {number} in DELIBERATE does not exist\n");
            continue;
        };
        if let Err(why) = reason.check(e) {
            let _ = write!(problems, "\nexample {number} ({}) is not a case of {reason:?}: {why}\n", e.section);
        }
        if !failing.iter().any(|f| f.example.number == *number) {
            let _ = write!(
                problems,
                "\nexample {number} ({}) is listed as a deliberate difference ({reason:?}) but now matches: remove it from DELIBERATE\n",
                e.section
            );
        }
    }

    let mut by_reason: BTreeMap<Reason, usize> = BTreeMap::new();
    for number in deliberate.keys().filter(|n| failing.iter().any(|f| f.example.number == **n)) {
        *by_reason.entry(deliberate[number]).or_default() += 1;
    }
    println!(
        "CommonMark {} examples: {} match, {} differ on purpose",
        examples.len(),
        examples.len() - failing.len(),
        by_reason.values().sum::<usize>()
    );
    for (reason, count) in &by_reason {
        println!("  {count:>3}  {}", reason.describe());
    }
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn the_normaliser_ignores_only_what_it_should() {
    let n = |html: &str| normalize(&tokenize(html));
    assert_eq!(n("<p>a  b\n</p>\n<p title='x'>&#42;</p>"), n("<p>a b</p><p title=\"x\">*</p>"));
    assert_ne!(n("<p>a b</p>"), n("<p>ab</p>"));
    assert_ne!(n("<pre><code>a  b</code></pre>"), n("<pre><code>a b</code></pre>"));
    let fumi = render("## Title\n\n```rust\nx\n```\n\n[a](https://e.com) ![i](x.png \"t\")\n").html;
    assert_eq!(
        normalize(&undecorate(tokenize(&fumi))),
        n("<h2>Title</h2><pre><code class=\"language-rust\">x\n</code></pre>\
           <p><a href=\"https://e.com\">a</a> <img src=\"x.png\" alt=\"i\" title=\"t\"></p>")
    );
}
