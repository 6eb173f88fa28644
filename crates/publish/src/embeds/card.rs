//! Cards: the HTML of each embed, drawn here from what was learned about the URL
//! (every field escaped; a hostile page's `og:title` is only ever text) and shipped in
//! the post's render hints. The browser checks each card against its card vocabulary
//! (`fumi_content::markdown::markup`) and puts it in place of the URL's paragraph.

use fumi_content::markdown::{escape_href, escape_html, Labels};

use crate::hints::Highlighter;
use serde::{Deserialize, Serialize};

/// What a URL stands for, as learned by the publishing tool.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Embed {
    pub kind: EmbedKind,
    /// The page's title (a post's author for [`EmbedKind::Post`]).
    pub title: String,
    /// The page's description; the post's text for [`EmbedKind::Post`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The site's name, or the author of a video, deck or pen.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub site: String,
    /// A preview image or thumbnail: a path on this site (the publishing tool copies
    /// its cached, downsized copy into the build), with its `[width, height]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<EmbedImage>,
    /// The site's icon, a path on this site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// The player that loads in place when the reader asks (`https:` on a known host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<String>,
    /// The lines a code permalink points to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<CodeLines>,
}

/// How an embed is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmbedKind {
    /// A link card: title, description, site, image.
    #[default]
    Link,
    /// A video (YouTube): a thumbnail card whose player loads on request.
    Video,
    /// A slide deck (Speaker Deck, Docswell, SlideShare): likewise.
    Slides,
    /// A live code demo (CodePen): likewise.
    Pen,
    /// A post on a social site (X), quoted as text.
    Post,
    /// Lines of a file at a commit (GitHub, GitLab, a Gist).
    Code,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedImage {
    pub src: String,
    pub size: [u32; 2],
}

/// The lines of a file that a code permalink points to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeLines {
    /// The file's path in its repository, shown as the header.
    pub path: String,
    /// Number of the first line shown.
    pub first: u32,
    /// The language the lines were highlighted as, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The lines as text.
    pub text: String,
    /// The lines highlighted (escaped text and `<span class>` only, checked with
    /// `fumi_content::markdown::code_blocks::is_plain_markup` before use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highlighted: Option<String>,
}

/// The host of a URL, shown where a card has no site name.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// The card for `url`: what the browser shows in place of its paragraph. Code lines
/// kept without their highlighting (an entry written by hand) are highlighted here.
pub fn html(url: &str, embed: &Embed, labels: &Labels, highlighter: &Highlighter) -> String {
    let href = escape_href(url);
    // Between Japanese phrases, a break for browsers that cannot find them.
    let title = crate::line_breaks::escaped_with_breaks(&embed.title);
    let site = escape_html(if embed.site.is_empty() { host_of(url) } else { &embed.site });
    let kind = match embed.kind {
        EmbedKind::Link => "link",
        EmbedKind::Video => "video",
        EmbedKind::Slides => "slides",
        EmbedKind::Pen => "pen",
        EmbedKind::Post => "post",
        EmbedKind::Code => "code",
    };
    if let (EmbedKind::Code, Some(code)) = (embed.kind, &embed.code) {
        return code_html(&href, code, labels, highlighter);
    }
    if embed.kind == EmbedKind::Post {
        let text = escape_html(&embed.description).replace('\n', "<br/>");
        return format!(
            "<figure class=\"embed embed--post\"><blockquote cite=\"{href}\"><p>{text}</p></blockquote><figcaption>{title} · <a href=\"{href}\" class=\"external\" rel=\"noopener noreferrer\">{site}</a></figcaption></figure>"
        );
    }
    let mut html = format!("<figure class=\"embed embed--{kind}\"");
    // The player's address, loaded only when the reader presses the button below.
    let frame = embed.frame.as_deref().filter(|f| f.starts_with("https://"));
    if let Some(frame) = frame {
        html.push_str(&format!(" data-frame=\"{}\"", escape_href(frame)));
    }
    html.push_str(&format!("><a class=\"embed__card external\" href=\"{href}\" rel=\"noopener noreferrer\"><span class=\"embed__text\"><span class=\"embed__title\">{title}</span>"));
    if !embed.description.is_empty() {
        html.push_str(&format!("<span class=\"embed__description\">{}</span>", escape_html(&embed.description)));
    }
    html.push_str("<span class=\"embed__site\">");
    if let Some(icon) = &embed.icon {
        html.push_str(&format!(
            "<img class=\"embed__icon\" src=\"{}\" alt=\"\" width=\"16\" height=\"16\" loading=\"lazy\"/>",
            escape_href(icon)
        ));
    }
    html.push_str(&format!("{site}</span></span>"));
    if let Some(image) = &embed.image {
        let [width, height] = image.size;
        html.push_str(&format!(
            "<img class=\"embed__image\" src=\"{}\" alt=\"\" width=\"{width}\" height=\"{height}\" loading=\"lazy\" decoding=\"async\"/>",
            escape_href(&image.src)
        ));
    }
    html.push_str("</a>");
    if let Some(frame) = frame {
        html.push_str(&format!(
            "<button type=\"button\" class=\"embed__load\">{}<span class=\"embed__host\">{}</span></button>",
            escape_html(labels.load_frame),
            escape_html(host_of(frame))
        ));
    }
    html.push_str("</figure>");
    html
}

/// The lines of a code permalink: a header naming the file and lines (a link back),
/// line numbers, and the same copy button as any code block.
fn code_html(href: &str, code: &CodeLines, labels: &Labels, highlighter: &Highlighter) -> String {
    let count = code.text.lines().count().max(1) as u32;
    let last = code.first + count - 1;
    let numbers: Vec<String> = (code.first..=last).map(|n| n.to_string()).collect();
    let highlighted = match (&code.highlighted, &code.lang) {
        (Some(highlighted), _) => Some(highlighted.clone()),
        (None, Some(lang)) => highlighter.highlight_remembered(lang, &code.text),
        (None, None) => None,
    };
    let body = highlighted
        .filter(|h| fumi_content::markdown::code_blocks::is_plain_markup(h))
        .unwrap_or_else(|| escape_html(&code.text));
    let lang = code.lang.as_deref().map(|l| format!(" class=\"language-{}\"", escape_html(l))).unwrap_or_default();
    let lines = if count == 1 { format!("L{}", code.first) } else { format!("L{}–L{last}", code.first) };
    format!(
        "<figure class=\"embed embed--code\"><figcaption><a href=\"{href}\" class=\"external\" rel=\"noopener noreferrer\">{}</a> <span class=\"embed__lines\">{lines}</span></figcaption><div class=\"code-block\"><pre class=\"code-block--numbered\"><span class=\"code-block__numbers\" aria-hidden=\"true\">{}</span><code{lang}>{body}</code></pre><button type=\"button\" class=\"copy-button\">{}</button></div></figure>",
        escape_html(&code.path),
        numbers.join("\n"),
        escape_html(labels.copy)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use fumi_content::markdown::markup::is_card;

    fn ja() -> &'static Labels {
        Labels::for_language("ja")
    }

    #[test]
    fn a_link_card_is_built_from_escaped_text() {
        let embed = Embed {
            title: "<script>alert(1)</script>\"".into(),
            description: "説明 & <b>".into(),
            site: "例".into(),
            image: Some(EmbedImage { src: "embeds/a.jpg".into(), size: [640, 336] }),
            ..Default::default()
        };
        let out = html("https://example.com/", &embed, ja(), &Highlighter::new());
        assert!(
            out.starts_with(
                "<figure class=\"embed embed--link\"><a class=\"embed__card external\" href=\"https://example.com/\""
            ),
            "{out}"
        );
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;"), "{out}");
        assert!(out.contains("説明 &amp; &lt;b&gt;"), "{out}");
        assert!(
            out.contains("<img class=\"embed__image\" src=\"embeds/a.jpg\" alt=\"\" width=\"640\" height=\"336\""),
            "{out}"
        );
        assert!(!out.contains("<script") && !out.contains("<b>"), "{out}");
        assert!(is_card(&out), "the browser accepts it: {out}");
    }

    #[test]
    fn lines_kept_without_highlighting_are_highlighted_when_drawn() {
        let code = Embed {
            kind: EmbedKind::Code,
            code: Some(CodeLines {
                path: "a.rs".into(),
                first: 1,
                lang: Some("rust".into()),
                text: "fn a() {}\n".into(),
                highlighted: None,
            }),
            ..Default::default()
        };
        let out = html("https://github.com/o/r/blob/abc/a.rs#L1", &code, ja(), &Highlighter::new());
        assert!(out.contains("<code class=\"language-rust\"><span class=\"hl-"), "{out}");
    }

    #[test]
    fn media_cards_offer_their_player_only_on_request() {
        let embed = Embed {
            kind: EmbedKind::Video,
            title: "講演".into(),
            frame: Some("https://www.youtube-nocookie.com/embed/abc".into()),
            ..Default::default()
        };
        let out = html("https://www.youtube.com/watch?v=abc&t=1", &embed, ja(), &Highlighter::new());
        assert!(out.contains("data-frame=\"https://www.youtube-nocookie.com/embed/abc\""), "{out}");
        assert!(out.contains("href=\"https://www.youtube.com/watch?v=abc&amp;t=1\""), "{out}");
        assert!(out.contains("<button type=\"button\" class=\"embed__load\">ここで再生<span class=\"embed__host\">www.youtube-nocookie.com</span></button>"), "{out}");
        assert!(!out.contains("<iframe"), "{out}");
        assert!(is_card(&out), "{out}");
        // A frame that is not https is never offered.
        let embed = Embed { kind: EmbedKind::Video, frame: Some("javascript:alert(1)".into()), ..Default::default() };
        let out = html("https://v.example/", &embed, ja(), &Highlighter::new());
        assert!(!out.contains("data-frame") && !out.contains("javascript"), "{out}");
    }

    #[test]
    fn a_post_is_quoted_as_text_and_code_lines_are_numbered() {
        let post = Embed {
            kind: EmbedKind::Post,
            title: "山田".into(),
            description: "一行目\n<img src=x>".into(),
            ..Default::default()
        };
        let out = html("https://x.com/a/status/1", &post, ja(), &Highlighter::new());
        assert!(
            out.contains("<blockquote cite=\"https://x.com/a/status/1\"><p>一行目<br/>&lt;img src=x&gt;</p>"),
            "{out}"
        );
        assert!(is_card(&out), "{out}");
        let code = Embed {
            kind: EmbedKind::Code,
            code: Some(CodeLines {
                path: "src/main.rs".into(),
                first: 10,
                lang: Some("rust".into()),
                text: "fn a() {}\nfn b() {}\n".into(),
                highlighted: Some("<img src=x onerror=alert(1)>".into()),
            }),
            ..Default::default()
        };
        let out = html("https://github.com/o/r/blob/abc/src/main.rs#L10-L11", &code, ja(), &Highlighter::new());
        assert!(out.contains(">src/main.rs</a> <span class=\"embed__lines\">L10–L11</span>"), "{out}");
        assert!(out.contains("aria-hidden=\"true\">10\n11</span>"), "{out}");
        assert!(
            out.contains("<code class=\"language-rust\">fn a() {}\nfn b() {}\n</code>"),
            "hostile highlighting is refused: {out}"
        );
        assert!(is_card(&out), "{out}");
    }
}
