//! Table cells aligned by a class, not a `style` attribute: pulldown-cmark writes
//! `<td style="text-align: right">` for `|--:|`, which a Content-Security-Policy
//! without `'unsafe-inline'` styles refuses. The cells become
//! `<td class="align-right">`; the stylesheet aligns them.

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

pub(crate) fn align_by_class(events: &mut [Event]) {
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut column = 0;
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Table(aligns)) => {
                // The writer gets no alignments, so it writes no styles; the cells
                // that need one are written here instead.
                alignments = std::mem::take(aligns);
            }
            Event::Start(Tag::TableHead) => (in_head, column) = (true, 0),
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => column = 0,
            Event::Start(Tag::TableCell) => {
                let class = match alignments.get(column) {
                    Some(Alignment::Left) => "align-left",
                    Some(Alignment::Center) => "align-center",
                    Some(Alignment::Right) => "align-right",
                    _ => "",
                };
                if !class.is_empty() {
                    let cell = if in_head { "th" } else { "td" };
                    *event = Event::Html(CowStr::from(format!("<{cell} class=\"{class}\">")));
                }
            }
            Event::End(TagEnd::TableCell) => {
                let aligned =
                    matches!(alignments.get(column), Some(Alignment::Left | Alignment::Center | Alignment::Right));
                if aligned {
                    *event = Event::Html(CowStr::from(if in_head { "</th>" } else { "</td>" }));
                }
                column += 1;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;

    #[test]
    fn aligned_columns_get_a_class_and_no_style_attribute() {
        let html = render("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n").html;
        assert!(!html.contains("style="), "{html}");
        assert!(
            html.contains("<thead><tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th><th>d</th></tr></thead>"),
            "{html}"
        );
        assert!(
            html.contains("<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td><td>4</td></tr>"),
            "{html}"
        );
    }

    #[test]
    fn unaligned_tables_are_written_as_before() {
        let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n").html;
        assert!(html.contains("<thead><tr><th>a</th><th>b</th></tr></thead>"), "{html}");
        assert!(html.contains("<tr><td>1</td><td>2</td></tr>"), "{html}");
    }

    #[test]
    fn each_table_has_its_own_alignment() {
        let html = render("| a |\n|--:|\n| 1 |\n\n| b |\n|---|\n| 2 |\n").html;
        assert!(html.contains("<td class=\"align-right\">1</td>"), "{html}");
        assert!(html.contains("<td>2</td>"), "{html}");
    }

    #[test]
    fn cell_content_stays_escaped_and_inline_markup_renders() {
        let html = render("| x |\n|:-:|\n| <b>**bold**</b> |\n").html;
        assert!(html.contains("<td class=\"align-center\">&lt;b&gt;<strong>bold</strong>&lt;/b&gt;</td>"), "{html}");
    }
}
