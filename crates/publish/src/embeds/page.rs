//! Reading a web page's own description of itself — Open Graph (`og:title` …), Twitter
//! cards, `<title>`, `<meta name=description>`, `<link rel=icon>` — with html5ever's
//! tokenizer, the one browsers' parsers are modelled on: entities are decoded as a
//! browser decodes them, and script or style contents are never mistaken for tags.
//! Everything comes out as plain text; the renderer escapes it.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, EndTag, StartTag, Tag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};

/// Longest title kept, in characters.
pub const TITLE_CHARS: usize = 200;
/// Longest description kept, in characters.
pub const DESCRIPTION_CHARS: usize = 300;
/// Longest quoted post kept, in characters (an X post is at most 280, but counts CJK
/// characters double; links make it longer in text).
pub const POST_CHARS: usize = 600;

/// What a page says about itself, as written (URLs not yet resolved).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageFacts {
    pub title: String,
    pub description: String,
    pub site: String,
    pub image: Option<String>,
    pub icon: Option<String>,
}

/// The facts of an HTML page, each from its best source: Open Graph, then Twitter's
/// card tags, then plain HTML.
pub fn facts(html: &str) -> PageFacts {
    let tags = scan(html);
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|key| {
            tags.metas.iter().find(|(k, v)| k.eq_ignore_ascii_case(key) && !v.trim().is_empty()).map(|(_, v)| v.clone())
        })
    };
    PageFacts {
        title: tidy(&meta(&["og:title", "twitter:title"]).unwrap_or_else(|| tags.title.clone()), TITLE_CHARS),
        description: tidy(
            &meta(&["og:description", "twitter:description", "description"]).unwrap_or_default(),
            DESCRIPTION_CHARS,
        ),
        site: tidy(&meta(&["og:site_name", "application-name"]).unwrap_or_default(), TITLE_CHARS),
        image: meta(&["og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src"])
            .map(|u| u.trim().to_owned()),
        icon: tags.icon.clone(),
    }
}

/// The charset a page declares in `<meta charset>` or `<meta http-equiv=content-type
/// content="…; charset=…">`. `head` is the start of the page read as ASCII (every
/// encoding a page may be in keeps ASCII tags intact).
pub fn declared_charset(head: &str) -> Option<String> {
    let tags = scan(head);
    tags.charset
}

/// The `src` of the first `<iframe>` of an oEmbed answer's HTML.
pub fn iframe_src(html: &str) -> Option<String> {
    scan(html).iframe
}

/// The text of a post quoted in X's oEmbed blockquote: its `<p>` (the author line and
/// date after it are left out), tags stripped, `<br>` as a line break.
pub fn quoted_post_text(html: &str) -> String {
    let text = scan(html).paragraph;
    // Keep line breaks, collapse the rest of the white space in each line.
    let lines: Vec<String> =
        text.split('\n').map(|line| line.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    lines.join("\n").trim().to_owned()
}

/// White space collapsed and the length capped (cut at a character, with "…").
pub fn tidy(text: &str, max_chars: usize) -> String {
    cap(&text.split_whitespace().collect::<Vec<_>>().join(" "), max_chars)
}

/// `text` cut to `max_chars` characters, ending in "…" when cut.
pub fn cap(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars.saturating_sub(1)) {
        Some((at, _)) if text[at..].chars().count() > 1 => format!("{}…", text[..at].trim_end()),
        _ => text.to_owned(),
    }
}

/// What one pass of the tokenizer collects.
#[derive(Debug, Default)]
struct Scanned {
    /// `(property or name, content)` of every `<meta>`.
    metas: Vec<(String, String)>,
    title: String,
    icon: Option<String>,
    charset: Option<String>,
    iframe: Option<String>,
    /// The text of the first `<p>`, with `<br>` as `\n`.
    paragraph: String,
}

#[derive(Default)]
struct Collector {
    found: RefCell<Scanned>,
    in_title: RefCell<bool>,
    /// Inside `<script>` or `<style>`: text that is no one's to read.
    in_code: RefCell<bool>,
    /// 0: before the first `<p>`, 1: inside it, 2: after it.
    paragraph: RefCell<u8>,
}

fn attribute<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
    tag.attrs.iter().find(|a| a.name.local.as_ref().eq_ignore_ascii_case(name)).map(|a| a.value.as_ref())
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut found = self.found.borrow_mut();
        match token {
            TagToken(tag) if tag.kind == StartTag => match tag.name.as_ref() {
                "meta" => {
                    if let Some(charset) = attribute(&tag, "charset") {
                        found.charset.get_or_insert_with(|| charset.trim().to_owned());
                    }
                    let http_equiv =
                        attribute(&tag, "http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("content-type"));
                    let content = attribute(&tag, "content").unwrap_or("");
                    if http_equiv {
                        if let Some(charset) = charset_of_content_type(content) {
                            found.charset.get_or_insert(charset);
                        }
                    }
                    if let Some(key) = attribute(&tag, "property").or_else(|| attribute(&tag, "name")) {
                        found.metas.push((key.trim().to_owned(), content.to_owned()));
                    }
                }
                "link" => {
                    let rel = attribute(&tag, "rel").unwrap_or("").to_ascii_lowercase();
                    let is_icon = rel.split_whitespace().any(|r| r == "icon" || r == "apple-touch-icon");
                    if let (true, None, Some(href)) = (is_icon, &found.icon, attribute(&tag, "href")) {
                        found.icon = Some(href.trim().to_owned());
                    }
                }
                "iframe" => {
                    if found.iframe.is_none() {
                        found.iframe = attribute(&tag, "src").map(|s| s.trim().to_owned());
                    }
                    return TokenSinkResult::RawData(RawKind::Rawtext);
                }
                "br" if *self.paragraph.borrow() == 1 => found.paragraph.push('\n'),
                "p" if *self.paragraph.borrow() == 0 => *self.paragraph.borrow_mut() = 1,
                // The tokenizer needs telling what a tree builder would: these hold
                // text, not tags.
                "title" => {
                    *self.in_title.borrow_mut() = found.title.is_empty();
                    return TokenSinkResult::RawData(RawKind::Rcdata);
                }
                "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                "script" => {
                    *self.in_code.borrow_mut() = true;
                    return TokenSinkResult::RawData(RawKind::ScriptData);
                }
                "style" => {
                    *self.in_code.borrow_mut() = true;
                    return TokenSinkResult::RawData(RawKind::Rawtext);
                }
                "xmp" | "noembed" | "noframes" => return TokenSinkResult::RawData(RawKind::Rawtext),
                _ => {}
            },
            TagToken(tag) if tag.kind == EndTag => match tag.name.as_ref() {
                "title" => *self.in_title.borrow_mut() = false,
                "script" | "style" => *self.in_code.borrow_mut() = false,
                "p" if *self.paragraph.borrow() == 1 => *self.paragraph.borrow_mut() = 2,
                _ => {}
            },
            CharacterTokens(_) if *self.in_code.borrow() => {}
            CharacterTokens(text) => {
                if *self.in_title.borrow() {
                    found.title.push_str(&text);
                }
                if *self.paragraph.borrow() == 1 {
                    found.paragraph.push_str(&text);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn scan(html: &str) -> Scanned {
    let tokenizer = Tokenizer::new(Collector::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.found.take()
}

/// The `charset=` of a Content-Type value.
pub fn charset_of_content_type(value: &str) -> Option<String> {
    value.split(';').find_map(|part| {
        let (key, value) = part.split_once('=')?;
        key.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches(['"', '\'']).to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_graph_wins_and_entities_are_decoded() {
        let html = r#"<!doctype html><html><head>
            <title>Plain &amp; simple</title>
            <meta property="og:title" content="  Open   &amp; Graph  ">
            <meta name="description" content="plain description">
            <meta property="og:description" content="OG &quot;description&quot;">
            <meta property="og:site_name" content="Site">
            <meta property="og:image" content="/img/card.png">
            <link rel="shortcut icon" href="/favicon.png">
            </head><body><p>x</p></body></html>"#;
        let facts = facts(html);
        assert_eq!(facts.title, "Open & Graph");
        assert_eq!(facts.description, "OG \"description\"");
        assert_eq!(facts.site, "Site");
        assert_eq!(facts.image.as_deref(), Some("/img/card.png"));
        assert_eq!(facts.icon.as_deref(), Some("/favicon.png"));
    }

    #[test]
    fn plain_html_is_the_fallback() {
        let facts = facts("<title>\n  A   page\n</title><meta name=description content='About it'>");
        assert_eq!(facts.title, "A page");
        assert_eq!(facts.description, "About it");
        assert_eq!(facts.image, None);
    }

    #[test]
    fn script_and_style_contents_are_not_tags() {
        let html = r#"<script>var s = "<meta property='og:title' content='fake'>";</script>
            <style>/* <title>no</title> */</style><title>real</title>"#;
        let facts = facts(html);
        assert_eq!(facts.title, "real");
    }

    #[test]
    fn long_text_is_cut_at_a_character_with_an_ellipsis() {
        assert_eq!(cap("あいうえお", 3), "あい…");
        assert_eq!(cap("あいう", 3), "あいう");
        assert_eq!(tidy(&"語".repeat(250), TITLE_CHARS).chars().count(), TITLE_CHARS);
    }

    #[test]
    fn charsets_are_read_from_either_meta_form() {
        assert_eq!(declared_charset("<meta charset=\"Shift_JIS\">").as_deref(), Some("Shift_JIS"));
        let http_equiv = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=EUC-JP\">";
        assert_eq!(declared_charset(http_equiv).as_deref(), Some("EUC-JP"));
        assert_eq!(declared_charset("<title>none</title>"), None);
    }

    #[test]
    fn a_quoted_post_keeps_its_text_and_line_breaks_only() {
        let html = "<blockquote class=\"twitter-tweet\"><p lang=\"ja\" dir=\"ltr\">こんにちは &amp; <b>hello</b><br>2行目 <a href=\"https://t.co/x\">pic.twitter.com/x</a></p>&mdash; Someone (@someone) <a href=\"https://twitter.com/someone/status/1\">January 1, 2024</a></blockquote>";
        assert_eq!(quoted_post_text(html), "こんにちは & hello\n2行目 pic.twitter.com/x");
    }
}
