//! Hatena Blog entries (from its Movable Type export) to fumi posts. A body is in one
//! of the blog's three editing modes, which the export does not name: HTML from the
//! rich editor (見たままモード), Hatena notation (はてな記法) or Markdown. The mode
//! is read from the body itself ([`mode_of`]) and each is converted its own way.

use std::sync::LazyLock;

use regex::Regex;

use super::movable_type::Entry;
use super::{hatena_notation, html};

/// How a body was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Html,
    HatenaNotation,
    Markdown,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Html => "HTML (rich editor)",
            Mode::HatenaNotation => "Hatena notation",
            Mode::Markdown => "Markdown",
        }
    }
}

/// Lines that only Hatena notation writes: `*見出し` (no space after the star),
/// `>|lang|` / `||<` code, `>>` / `<<` quotes, and its bracket forms.
static NOTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(\*{1,3}[^\s*]|>\|[^|]*\|$|\|\|<$|>>$|<<$)|\(\([^)]+\)\)|\[(f:id:|tex:|:contents\]|https?://[^\]\s]+:(title|embed|bookmark))")
        .expect("valid pattern")
});

/// What Markdown writes and Hatena notation does not.
static MARKDOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(#{1,6} |```|~~~|\* |\d+\. )|\]\([^)\s]+\)|\*\*[^*]+\*\*").expect("valid pattern")
});

/// Block-level HTML at the start of a line: the rich editor's output.
static HTML_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?mi)^\s*<(p|div|h[1-6]|ul|ol|pre|blockquote|table|figure|section)[\s>]").expect("valid pattern")
});

/// The editing mode a body was written in.
pub fn mode_of(body: &str) -> Mode {
    let html = HTML_BLOCK.find_iter(body).count();
    let notation = NOTATION.find_iter(body).count();
    let markdown = MARKDOWN.find_iter(body).count();
    if html > 0 && html >= notation && html >= markdown {
        Mode::Html
    } else if notation > markdown {
        Mode::HatenaNotation
    } else {
        Mode::Markdown
    }
}

/// Hatena notation the rich editor leaves as text inside its HTML: images
/// (`[f:id:…]`), link cards (`[url:embed]`) and the table of contents.
static NOTATION_IN_HTML: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[(f:id:[^\]\s]+|https?://[^\]\s]+:(embed|title|bookmark)[^\]]*|:contents|tex:[^\]]+)\]")
        .expect("valid pattern")
});

/// A body converted to fumi Markdown, with the mode it was read in and notes.
pub struct Body {
    pub mode: Mode,
    pub markdown: String,
    pub notes: Vec<String>,
    /// The visible characters of the source in its own mode (for the report).
    pub chars_before: usize,
}

/// Converts an entry's body and extended body (Movable Type's "continue reading"
/// part, which fumi shows in full).
pub fn body(entry: &Entry) -> Body {
    let source = if entry.extended_body.trim().is_empty() {
        entry.body.clone()
    } else {
        format!("{}\n\n{}", entry.body.trim_end(), entry.extended_body)
    };
    let mode = mode_of(&source);
    let (markdown, notes, chars_before) = match mode {
        Mode::Markdown => (source.clone(), Vec::new(), super::visible_chars(&source)),
        Mode::HatenaNotation => {
            let converted = hatena_notation::to_markdown(&source);
            (converted.markdown, converted.notes, notation_visible_chars(&source))
        }
        Mode::Html => {
            let (html, tokens) = protect_notation(&source);
            let converted = html::to_markdown(&html);
            let mut markdown = converted.markdown;
            let mut notes = converted.notes;
            for (token, notation) in tokens {
                let inner = hatena_notation::to_markdown(&notation);
                notes.extend(inner.notes);
                markdown = markdown.replace(&token, inner.markdown.trim());
            }
            // The notation left in the HTML shows as what it stands for, not as written.
            let shown = NOTATION_IN_HTML.replace_all(&source, |caps: &regex::Captures| shown_text(&caps[0]));
            (markdown, notes, html::visible_chars(&shown))
        }
    };
    Body { mode, markdown, notes, chars_before }
}

/// Hatena notation's bracket forms as the reader sees them: a link's title (or its
/// address), TeX's source; images and the table of contents show no text.
static BRACKETS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[(https?://[^\]\s]+?):title=([^\]]+)\]|\[(https?://[^\]\s]+?)(?::[a-z:]+)?\]|\[tex:([^\]]+)\]|\[(?:f:id:[^\]]+|:contents)\]")
        .expect("valid pattern")
});

fn shown_text(notation: &str) -> String {
    BRACKETS
        .replace_all(notation, |caps: &regex::Captures| {
            [2, 3, 4].iter().find_map(|&i| caps.get(i)).map_or(String::new(), |m| m.as_str().to_owned())
        })
        .into_owned()
}

/// The letters and digits a Hatena notation body shows: its lines without code
/// blocks, the bracket forms as shown (footnote and list markers are punctuation).
fn notation_visible_chars(source: &str) -> usize {
    let mut in_code = false;
    let mut shown = String::new();
    for line in source.lines() {
        if !in_code && line.starts_with(">|") && line.ends_with('|') && line.len() > 2 {
            in_code = true;
        } else if in_code && line.starts_with("||<") {
            in_code = false;
        } else if !in_code {
            shown.push_str(&shown_text(line));
            shown.push('\n');
        }
    }
    super::count_visible(&fumi_content::normalize::nfkc(&shown))
}

/// Puts a placeholder (letters only, so the HTML converter leaves it alone) where
/// the HTML holds Hatena notation; returns the HTML and what each stands for.
fn protect_notation(source: &str) -> (String, Vec<(String, String)>) {
    let mut tokens = Vec::new();
    let html = NOTATION_IN_HTML
        .replace_all(source, |caps: &regex::Captures| {
            let token = format!("FUMIHATENANOTATION{}X", tokens.len());
            tokens.push((token.clone(), caps[0].to_owned()));
            token
        })
        .into_owned();
    // Each placeholder ends in `X`, so none is found inside another.
    (html, tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mode_is_read_from_the_body() {
        assert_eq!(mode_of("<p>本文です。</p>\n<h3>見出し</h3>\n"), Mode::Html);
        assert_eq!(mode_of("*見出し\n本文です。\n>|python|\nprint(1)\n||<\n"), Mode::HatenaNotation);
        assert_eq!(mode_of("## 見出し\n\n本文は**太字**で、[リンク](https://example.com/)。\n"), Mode::Markdown);
        assert_eq!(mode_of("本文だけの短い記事。\n"), Mode::Markdown, "plain text reads the same either way");
    }

    fn entry(body: &str) -> Entry {
        Entry { body: body.into(), ..Entry::default() }
    }

    #[test]
    fn rich_editor_html_keeps_its_images_cards_and_code() {
        let out = body(&entry(
            "<p>構成です。</p>\n<p>[f:id:taro:20210104123456p:plain]</p>\n<p>[https://zenn.dev/taro/articles/eks:embed:cite]</p>\n<pre class=\"code lang-yaml\" data-lang=\"yaml\">kind: Pod</pre>\n",
        ));
        assert_eq!(out.mode, Mode::Html);
        assert!(
            out.markdown
                .contains("![](https://cdn-ak.f.st-hatena.com/images/fotolife/t/taro/20210104/20210104123456.png)"),
            "{}",
            out.markdown
        );
        assert!(out.markdown.contains("\nhttps://zenn.dev/taro/articles/eks\n"), "{}", out.markdown);
        assert!(out.markdown.contains("```yaml\nkind: Pod\n```"), "{}", out.markdown);
        assert!(!out.markdown.contains("FUMIHATENA"), "{}", out.markdown);
    }

    #[test]
    fn the_extended_body_follows_the_body() {
        let mut e = entry("<p>前半。</p>\n");
        e.extended_body = "<p>後半。</p>\n".into();
        let out = body(&e);
        assert!(out.markdown.contains("前半。\n\n後半。"), "{}", out.markdown);
    }
}
