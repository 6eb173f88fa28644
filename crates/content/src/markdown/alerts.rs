//! GitHub-style alerts: `> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`,
//! `[!CAUTION]` become a titled box in the post's language.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::{escape_html, Labels};

pub(crate) fn add_titles(events: &mut [Event], labels: &Labels) {
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = match kind {
                    BlockQuoteKind::Note => ("note", labels.note),
                    BlockQuoteKind::Tip => ("tip", labels.tip),
                    BlockQuoteKind::Important => ("important", labels.important),
                    BlockQuoteKind::Warning => ("warning", labels.warning),
                    BlockQuoteKind::Caution => ("caution", labels.caution),
                };
                *event = Event::Html(CowStr::from(format!(
                    "<div class=\"alert alert--{class}\" role=\"note\">\n<p class=\"alert__title\">{}</p>\n",
                    escape_html(title)
                )));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => *event = Event::Html(CowStr::Borrowed("</div>\n")),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;

    #[test]
    fn alerts_get_a_box_and_a_title() {
        let out = render("> [!WARNING]\n> Do not run this in production.\n").html;
        assert_eq!(
            out,
            "<div class=\"alert alert--warning\" role=\"note\">\n<p class=\"alert__title\">Warning</p>\n<p>Do not run this in production.</p>\n</div>\n"
        );
    }

    #[test]
    fn plain_blockquotes_stay_blockquotes() {
        assert_eq!(render("> quoted\n").html, "<blockquote>\n<p>quoted</p>\n</blockquote>\n");
    }
}
