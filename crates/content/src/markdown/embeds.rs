//! Embeds: a URL alone in a paragraph becomes what it points to — a link card, the
//! lines of a code permalink, a video or slide deck that loads only when the reader
//! asks, or a post quoted as text.
//!
//! The publishing tool fetches each URL once (keeping the result in a cache committed
//! with the posts) and draws its card, from escaped text only; the card travels in
//! [`RenderHints::drawings`], under the URL itself. This pass puts it in place of the paragraph if it passes
//! the card vocabulary of [`super::markup`] (so hints that were tampered with show as
//! a plain link), and makes a plain link of a URL the hints do not know.
//!
//! Zenn's `@[card](url)`, `@[youtube](id)` and friends are rewritten into such a line
//! by the publishing tool, so the browser only knows this one form.

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::{markup, options, Drawn, RenderHints};

/// Where the publishing tool puts card images in the built site; a card names them
/// relative to the site root (`embeds/1a2b….jpg`).
pub const IMAGE_FOLDER: &str = "embeds/";

/// The URL a paragraph stands for when it holds nothing else: its events between the
/// paragraph's start and end are text making one `http(s)` URL without spaces, or an
/// autolink `<url>`. The one test both the publishing tool (what to fetch) and the
/// renderer (what to draw) use.
fn lone_url(inner: &[Event]) -> Option<String> {
    let text = match inner {
        [Event::Start(Tag::Link { link_type: LinkType::Autolink, dest_url, .. }), Event::Text(_), Event::End(TagEnd::Link)] => {
            dest_url.to_string()
        }
        _ if inner.iter().all(|e| matches!(e, Event::Text(_))) => super::text_of(inner),
        _ => return None,
    };
    let lower = text.get(..8).unwrap_or("").to_ascii_lowercase();
    let is_url = (lower.starts_with("https://") || lower.starts_with("http://")) && text.len() > lower.len();
    (is_url && !text.contains(char::is_whitespace)).then_some(text)
}

/// Every URL that stands alone in a paragraph, with the byte offset of its paragraph,
/// in document order (the same URL may come twice).
pub fn embed_urls(markdown: &str) -> Vec<(String, usize)> {
    let events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(markdown, options()).into_offset_iter().collect();
    let mut urls = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if matches!(events[i].0, Event::Start(Tag::Paragraph)) {
            let end = i + events[i..].iter().position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph))).unwrap_or(0);
            let inner: Vec<Event> = events[i + 1..end].iter().map(|(e, _)| e.clone()).collect();
            if let Some(url) = lone_url(&inner) {
                urls.push((url, events[i].1.start));
            }
            i = end;
        }
        i += 1;
    }
    urls
}

/// Replaces each paragraph that is a lone URL with its card from the hints, or with a
/// link to it when the hints know nothing of it (it was not fetched, or failed).
pub(crate) fn rewrite(events: &mut Vec<Event>, hints: &RenderHints) {
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let end = match &events[i] {
            Event::Start(Tag::Paragraph) => events[i..].iter().position(|e| matches!(e, Event::End(TagEnd::Paragraph))),
            _ => None,
        };
        let found = end.and_then(|end| Some((i + end, lone_url(&events[i + 1..i + end])?)));
        let Some((end, url)) = found else {
            out.push(std::mem::replace(&mut events[i], Event::SoftBreak));
            i += 1;
            continue;
        };
        match hints.drawing(Drawn::Card(&url)).filter(|card| markup::is_card(card)) {
            Some(card) => out.push(Event::Html(CowStr::from(placed(card, hints)))),
            None => {
                let link = Tag::Link {
                    link_type: LinkType::Autolink,
                    dest_url: url.clone().into(),
                    title: "".into(),
                    id: "".into(),
                };
                out.extend([
                    Event::Start(Tag::Paragraph),
                    Event::Start(link),
                    Event::Text(url.into()),
                    Event::End(TagEnd::Link),
                    Event::End(TagEnd::Paragraph),
                ]);
            }
        }
        i = end + 1;
    }
    *events = out;
}

/// A card as the page shows it: where the post is shown away from its own site
/// (embedded), its images are addressed on that site.
fn placed(card: &str, hints: &RenderHints) -> String {
    let mut html = match &hints.urls {
        Some(urls) => {
            let folder = crate::url::resolve_post_url(IMAGE_FOLDER, urls);
            card.replace(&format!("src=\"{IMAGE_FOLDER}"), &format!("src=\"{folder}"))
        }
        None => card.to_owned(),
    };
    html.push('\n');
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{render_with, Labels};

    fn render(markdown: &str, hints: &RenderHints) -> String {
        render_with(markdown, hints, Labels::for_language("ja")).html
    }

    fn with(url: &str, card: &str) -> RenderHints {
        let mut hints = RenderHints::default();
        hints.draw(Drawn::Card(url), card.to_owned());
        hints
    }

    #[test]
    fn lone_urls_are_found_in_order_and_nothing_else_is() {
        let body = "https://a.example/x\n\n本文 https://b.example/\n\n<https://c.example/y_z>\n\n[t](https://d.example/)\n\n```\nhttps://e.example/\n```\n\nhttps://f.example/a b\n\nhttps://a.example/x\n";
        let urls: Vec<String> = embed_urls(body).into_iter().map(|(u, _)| u).collect();
        assert_eq!(urls, ["https://a.example/x", "https://c.example/y_z", "https://a.example/x"]);
        assert_eq!(embed_urls("段落\n\nhttps://a.example/\n")[0].1, 8);
    }

    #[test]
    fn a_url_without_a_card_is_a_plain_external_link() {
        let out = render("https://example.com/a_b_c\n", &RenderHints::default());
        assert_eq!(out, "<p><a href=\"https://example.com/a_b_c\" class=\"external\" rel=\"noopener noreferrer\">https://example.com/a_b_c</a></p>\n");
    }

    #[test]
    fn a_card_from_the_hints_takes_the_paragraph_s_place() {
        let card = "<figure class=\"embed embed--link\"><a class=\"embed__card external\" href=\"https://example.com/\" rel=\"noopener noreferrer\"><span class=\"embed__title\">題 &amp; &lt;b&gt;</span><img class=\"embed__image\" src=\"embeds/a.jpg\" alt=\"\" width=\"640\" height=\"336\" loading=\"lazy\"/></a></figure>";
        let out = render("前\n\nhttps://example.com/\n\n後\n", &with("https://example.com/", card));
        assert_eq!(out, format!("<p>前</p>\n{card}\n<p>後</p>\n"));
    }

    #[test]
    fn a_card_outside_the_vocabulary_is_refused_for_a_link() {
        for bad in [
            "<figure class=\"embed\"><script>alert(1)</script></figure>",
            "<figure class=\"embed\"><a href=\"javascript:alert(1)\">x</a></figure>",
            "<figure class=\"embed\" onclick=\"alert(1)\"></figure>",
            "<figure class=\"embed\" data-frame=\"http://evil.example/\"></figure>",
            "<figure class=\"embed\"><iframe src=\"https://evil.example/\"></iframe></figure>",
        ] {
            let out = render("https://example.com/\n", &with("https://example.com/", bad));
            assert!(out.starts_with("<p><a href=\"https://example.com/\""), "{bad} → {out}");
        }
    }
}
