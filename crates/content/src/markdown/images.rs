//! Images: lazy-loaded, with their size reserved (from the publishing tool's hints) so
//! nothing jumps when they arrive, alt text kept, and a caption from the title when the
//! image stands alone: `![alt](src "caption")` → `<figure>` with `<figcaption>`. An
//! image with a dark twin beside it (`diagram.png`, `diagram.dark.png`) follows the
//! reader's theme: both are written, the stylesheet shows one, and a lazy image that
//! is not shown is never fetched. A site image the publishing tool made copies of for
//! other screens is a `<picture>` of them; one with a preview sits in a frame that
//! shows the preview, blurred, under it until it arrives.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{escape_href, escape_html, is_safe_url, text_of, Drawn, RenderHints};
use crate::url::resolve_post_url;

/// Every image URL of a body, in document order (the publishing tool measures them).
pub fn image_urls(markdown: &str) -> Vec<String> {
    image_urls_at(markdown).into_iter().map(|(url, _)| url).collect()
}

/// [`image_urls`] with the byte offset of each image in the body.
pub fn image_urls_at(markdown: &str) -> Vec<(String, usize)> {
    pulldown_cmark::Parser::new_ext(markdown, super::options())
        .into_offset_iter()
        .filter_map(|(e, range)| match e {
            Event::Start(Tag::Image { dest_url, .. }) => Some((dest_url.to_string(), range.start)),
            _ => None,
        })
        .collect()
}

pub(crate) fn rewrite(events: &mut Vec<Event>, hints: &RenderHints) {
    if !events.iter().any(|e| matches!(e, Event::Start(Tag::Image { .. }))) {
        return;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Image { dest_url, title, .. }) = &events[i] else {
            out.push(std::mem::replace(&mut events[i], Event::SoftBreak));
            i += 1;
            continue;
        };
        let end = end_of_image(events, i);
        let alt = text_of(&events[i + 1..end]);
        let img = img_tag(dest_url, title, &alt, hints);
        // Alone in its paragraph and titled: a figure with a caption.
        let alone = matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)));
        if alone && !title.is_empty() {
            out.pop();
            out.push(Event::Html(CowStr::from(format!(
                "<figure>{img}<figcaption>{}</figcaption></figure>\n",
                escape_html(title)
            ))));
            i = end + 2;
        } else {
            out.push(Event::InlineHtml(CowStr::from(img)));
            i = end + 1;
        }
    }
    *events = out;
}

/// Index of the end of the image that starts at `start`. An image's description can
/// hold images (`![a ![b](x)](y)`): the first end found can be an inner one, which
/// left the outer description's tags half used (found by tests/properties.rs).
fn end_of_image(events: &[Event], start: usize) -> usize {
    let mut depth = 0usize;
    for (k, event) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    start
}

fn img_tag(url: &str, title: &str, alt: &str, hints: &RenderHints) -> String {
    match hints.drawing(Drawn::DarkImage(url)) {
        Some(dark) => {
            framed(url, url, title, alt, hints, "img-light") + &framed(dark, url, title, alt, hints, "img-dark")
        }
        None => framed(url, url, title, alt, hints, ""),
    }
}

/// [`one_img`] in the `<picture>` of its copies and the frame of its preview, when
/// the publishing tool made them; `class` (a name, or empty) goes on the outermost
/// element, which the theme shows or hides. Not in a page shown away from its site:
/// the copies' addresses are the site's.
fn framed(url: &str, sized: &str, title: &str, alt: &str, hints: &RenderHints, class: &str) -> String {
    let local = hints.urls.is_none();
    let sources = hints.drawing(Drawn::Sources(url)).filter(|_| local);
    let preview = hints.drawing(Drawn::Preview(url)).filter(|_| local);
    let class_of = |outermost: bool| match class {
        "" => String::new(),
        _ if !outermost => String::new(),
        name => format!(" class=\"{name}\""),
    };
    let mut html = one_img(url, sized, title, alt, hints, &class_of(sources.is_none() && preview.is_none()));
    if let Some(sources) = sources {
        html = format!("<picture{}>{sources}{html}</picture>", class_of(preview.is_none()));
    }
    if let Some(preview) = preview {
        html = format!(
            "<span class=\"img-frame{}{class}\"><img class=\"img-preview\" src=\"{}\" alt=\"\" aria-hidden=\"true\">{html}</span>",
            if class.is_empty() { "" } else { " " },
            escape_href(preview)
        );
    }
    html
}

/// One `<img>` of `url`, sized as the hints know `sized` (a dark twin takes its light
/// image's size), with `class` (` class="…"` or nothing).
fn one_img(url: &str, sized: &str, title: &str, alt: &str, hints: &RenderHints, class: &str) -> String {
    let src = match &hints.urls {
        _ if !is_safe_url(url, true) => "#".into(),
        Some(urls) => resolve_post_url(url, urls),
        None => url.into(),
    };
    let mut tag = format!("<img{class} src=\"{}\" alt=\"{}\"", escape_href(&src), escape_html(alt));
    if !title.is_empty() {
        tag.push_str(&format!(" title=\"{}\"", escape_html(title)));
    }
    if let Some([width, height]) = hints.images.get(sized) {
        tag.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
    }
    tag.push_str(" loading=\"lazy\" decoding=\"async\">");
    tag
}

#[cfg(test)]
mod tests {
    use crate::markdown::{render, render_with, Labels, RenderHints};

    #[test]
    fn images_are_lazy_and_keep_alt_text() {
        let out = render("Look: ![a *diagram*](images/x.svg) here").html;
        assert_eq!(
            out,
            "<p>Look: <img src=\"images/x.svg\" alt=\"a diagram\" loading=\"lazy\" decoding=\"async\"> here</p>\n"
        );
    }

    #[test]
    fn a_titled_image_alone_becomes_a_figure_with_caption() {
        let out = render("![構成図](images/x.svg \"学習パイプラインの全体像\")\n").html;
        assert_eq!(
            out,
            "<figure><img src=\"images/x.svg\" alt=\"構成図\" title=\"学習パイプラインの全体像\" loading=\"lazy\" decoding=\"async\"><figcaption>学習パイプラインの全体像</figcaption></figure>\n"
        );
    }

    #[test]
    fn known_sizes_are_reserved() {
        let mut hints = RenderHints::default();
        hints.images.insert("images/x.svg".into(), [640, 360]);
        let out = render_with("![x](images/x.svg)", &hints, Labels::for_language("en")).html;
        assert!(out.contains("width=\"640\" height=\"360\""), "{out}");
    }

    #[test]
    fn an_image_with_a_dark_twin_writes_both_for_the_stylesheet_to_choose() {
        let mut hints = RenderHints::default();
        hints.images.insert("images/x.png".into(), [640, 360]);
        hints.draw(crate::markdown::Drawn::DarkImage("images/x.png"), "images/x.dark.png".into());
        let out = render_with("![図](images/x.png)", &hints, Labels::for_language("ja")).html;
        assert_eq!(
            out,
            "<p><img class=\"img-light\" src=\"images/x.png\" alt=\"図\" width=\"640\" height=\"360\" loading=\"lazy\" decoding=\"async\"><img class=\"img-dark\" src=\"images/x.dark.png\" alt=\"図\" width=\"640\" height=\"360\" loading=\"lazy\" decoding=\"async\"></p>\n"
        );
    }

    #[test]
    fn an_image_with_copies_is_a_picture_in_the_frame_of_its_preview() {
        let mut hints = RenderHints::default();
        hints.images.insert("images/x.png".into(), [1600, 900]);
        let sources = "<source type=\"image/avif\" srcset=\"_img/images/x.png/h-480.avif 480w\" sizes=\"42rem\">";
        hints.draw(crate::markdown::Drawn::Sources("images/x.png"), sources.into());
        hints.draw(crate::markdown::Drawn::Preview("images/x.png"), "data:image/png;base64,AAAA".into());
        let out = render_with("![画面](images/x.png)", &hints, Labels::for_language("ja")).html;
        assert_eq!(
            out,
            format!("<p><span class=\"img-frame\"><img class=\"img-preview\" src=\"data:image/png;base64,AAAA\" alt=\"\" aria-hidden=\"true\"><picture>{sources}<img src=\"images/x.png\" alt=\"画面\" width=\"1600\" height=\"900\" loading=\"lazy\" decoding=\"async\"></picture></span></p>\n")
        );
        // Shown away from its site (an embed elsewhere), the plain image: the copies'
        // addresses are the site's own.
        hints.urls = Some(crate::url::PostUrls { site_root: "https://blog.example/".into(), routes: "#/".into() });
        let away = render_with("![画面](images/x.png)", &hints, Labels::for_language("ja")).html;
        assert!(!away.contains("<picture") && !away.contains("img-preview"), "{away}");
    }

    #[test]
    fn the_theme_class_goes_on_the_outermost_element() {
        let mut hints = RenderHints::default();
        hints.draw(crate::markdown::Drawn::DarkImage("images/x.png"), "images/x.dark.png".into());
        hints.draw(crate::markdown::Drawn::Sources("images/x.png"), "<source srcset=\"a 480w\">".into());
        hints.draw(crate::markdown::Drawn::Preview("images/x.dark.png"), "data:image/png;base64,AA".into());
        let out = render_with("![図](images/x.png)", &hints, Labels::for_language("ja")).html;
        assert!(
            out.contains("<picture class=\"img-light\"><source srcset=\"a 480w\"><img src=\"images/x.png\""),
            "{out}"
        );
        assert!(out.contains("<span class=\"img-frame img-dark\"><img class=\"img-preview\""), "{out}");
        assert!(out.contains("<img src=\"images/x.dark.png\""), "{out}");
    }

    #[test]
    fn script_urls_in_images_are_neutralized_but_data_images_allowed() {
        let out = render("![x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)").html;
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains("src=\"data:image/png;base64,AAAA\""), "{out}");
    }

    #[test]
    fn an_image_in_a_description_belongs_to_the_outer_image() {
        let out = render("![a *![b](x.png)* c](y.png)").html;
        assert_eq!(out, "<p><img src=\"y.png\" alt=\"a b c\" loading=\"lazy\" decoding=\"async\"></p>\n");
    }

    #[test]
    fn alt_text_cannot_break_out_of_the_attribute() {
        let out = render("![\" onerror=\"alert(1)](x.png)").html;
        assert!(out.contains("alt=\"&quot; onerror=&quot;alert(1)\""), "{out}");
    }
}
