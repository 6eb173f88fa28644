//! Mermaid diagrams → SVG, at publishing time.
//!
//! mermaid-rs-renderer parses and lays out Mermaid in Rust (flowcharts, sequence,
//! class, state, ER, Gantt and more), so readers need no mermaid.js. Its SVG is
//! rewritten into the canonical form the browser accepts
//! ([`crate::canonical_markup`]) and made to follow the site's theme:
//!
//! - its palette colours become classes (`d-fill-ink`, `d-stroke-line`, …) that the
//!   stylesheet colours for light and dark; colours an author chose stay;
//! - the opaque background goes, the text takes the page's font;
//! - ids are prefixed per diagram, so two diagrams on a page never share a marker;
//! - the whole is one image for assistive technology, named by its labels.
//!
//! Text is measured without any installed font (a full-width character is 1 em, Latin
//! by average widths), so the same source draws the same SVG on every machine, and
//! Japanese labels get boxes wide enough for them.

use fumi_content::markdown::markup::{SVG_ATTRIBUTES, SVG_ELEMENTS};
use mermaid_rs_renderer::{render_with_options, RenderOptions};

use crate::canonical_markup::{self, Vocabulary};

const SVG: Vocabulary = Vocabulary { elements: SVG_ELEMENTS, attributes: SVG_ATTRIBUTES, unwrapped: "a" };

/// A font family no machine has: measuring falls back to the renderer's own widths.
const NO_FONT: &str = "fumi-measures-without-fonts";

/// The renderer's palette (its "modern" theme) by the role each colour plays.
fn role_of(colour: &str) -> Option<&'static str> {
    Some(match colour.to_ascii_uppercase().as_str() {
        "#FFFFFF" | "#F8FAFC" => "surface",
        "#E2E8F0" | "#F1F5F9" => "raised",
        "#0F172A" | "#334155" => "ink",
        "#64748B" => "line",
        "#94A3B8" | "#CBD5E1" => "border",
        "#FFF7ED" => "note",
        "#FDBA74" => "note-border",
        _ => return None,
    })
}

/// The SVG of a Mermaid diagram, or why it cannot be drawn.
pub fn to_svg(source: &str) -> Result<String, String> {
    let mut options = RenderOptions::modern();
    options.theme.font_family = NO_FONT.into();
    options.layout.fast_text_metrics = true;
    let svg = render_with_options(source, options).map_err(|e| first_line(&e.to_string()))?;
    let svg = without_background(&svg);
    let prefix = format!("d{:08x}-", crate::content_hash::fnv1a(source.as_bytes()) as u32);
    let canonical = canonical_markup::rewrite(&svg, &SVG, &|_, name, value| match name {
        "fill" | "stroke" => match role_of(value) {
            Some(role) => Some(("class".into(), format!("d-{name}-{role}"))),
            None => Some((name.to_owned(), value.to_owned())),
        },
        "id" => Some((name.to_owned(), format!("{prefix}{value}"))),
        "marker-start" | "marker-end" => {
            let id = value.strip_prefix("url(#")?.strip_suffix(')')?;
            Some((name.to_owned(), format!("url(#{prefix}{id})")))
        }
        // The renderer's own classes and fonts: the stylesheet decides.
        "class" | "font-family" => None,
        _ => Some((name.to_owned(), value.to_owned())),
    })?;
    let label = labels_of(&svg);
    let named = format!(
        "<svg class=\"diagram__svg\" role=\"img\" aria-label=\"{}\"",
        fumi_content::markdown::escape_html(&label)
    );
    Ok(canonical.replacen("<svg", &named, 1))
}

/// The first line of an error: the renderer's messages can carry a whole report.
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("not a diagram").trim().to_owned()
}

/// The SVG without the opaque rectangle the renderer paints first, over the whole
/// view box (the page is the background, light or dark).
fn without_background(svg: &str) -> String {
    let Some(open_end) = svg.find('>') else { return svg.to_owned() };
    let (open, rest) = svg.split_at(open_end + 1);
    let first = rest.split_inclusive("/>").next().unwrap_or("");
    if first.starts_with("<rect ") && first.contains("fill=\"#FFFFFF\"") && !first[1..].contains('<') {
        return format!("{open}{}", &rest[first.len()..]);
    }
    svg.to_owned()
}

/// The text of every label, in drawing order, joined: the diagram's accessible name.
fn labels_of(svg: &str) -> String {
    let Ok(document) = roxmltree::Document::parse(svg) else { return String::new() };
    let labels: Vec<&str> = document
        .descendants()
        .filter(|n| n.is_text() && n.parent().is_some_and(|p| matches!(p.tag_name().name(), "text" | "tspan")))
        .filter_map(|n| n.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    labels.join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use fumi_content::markdown::markup::is_diagram;

    const FLOW: &str = "flowchart LR\n  A[開発者のプッシュ] --> B{テストは通る?}\n  B -- はい --> C[イメージを作る]\n";

    #[test]
    fn a_flowchart_becomes_themed_canonical_svg() {
        let svg = to_svg(FLOW).unwrap();
        assert!(is_diagram(&svg), "{svg}");
        assert!(svg.starts_with("<svg class=\"diagram__svg\" role=\"img\" aria-label=\""), "{svg}");
        let label = &svg[..svg.find("\" width").unwrap()];
        assert!(
            ["はい", "開発者のプッシュ", "テストは通る?", "イメージを作る"].iter().all(|l| label.contains(l)),
            "{label}"
        );
        assert!(svg.contains(">はい</tspan>"), "{svg}");
        assert!(svg.contains("class=\"d-fill-ink\""), "text takes the theme's ink: {svg}");
        assert!(!svg.contains("#0F172A") && !svg.contains("font-family"), "{svg}");
        assert!(!svg.contains("<rect x=\"0\" y=\"0\""), "no opaque background: {svg}");
        let sequence = to_svg("sequenceDiagram\n  participant A\n  A->>A: hi\n").unwrap();
        let first = &sequence[sequence.find('>').unwrap() + 1..];
        assert!(first.starts_with("<defs>"), "the background goes wherever the view box starts: {sequence}");
        assert_eq!(svg, to_svg(FLOW).unwrap(), "the same source draws the same SVG");
    }

    #[test]
    fn japanese_labels_get_room_for_full_width_characters() {
        let short = to_svg("flowchart LR\n  A[ab]\n").unwrap();
        let long = to_svg("flowchart LR\n  A[日本語のラベル]\n").unwrap();
        let width = |svg: &str| -> f64 {
            let at = svg.find(" width=\"").unwrap() + 8;
            svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
        };
        // Seven full-width characters at 14 px need at least 98 px more than two Latin ones.
        assert!(width(&long) - width(&short) >= 7.0 * 14.0 - 2.0 * 14.0, "{} vs {}", width(&long), width(&short));
    }

    #[test]
    fn sequence_and_class_diagrams_draw() {
        let sequence = to_svg("sequenceDiagram\n  participant U as 利用者\n  participant API\n  U->>API: リクエスト\n  Note over U: 認証済み\n").unwrap();
        assert!(is_diagram(&sequence) && sequence.contains("リクエスト"), "{sequence}");
        assert!(sequence.contains("d-fill-note"), "notes keep their own colour role: {sequence}");
        let class =
            to_svg("classDiagram\n  class Pipeline {\n    +run() Result\n  }\n  Pipeline --> Step : 実行する\n")
                .unwrap();
        assert!(is_diagram(&class) && class.contains("実行する"), "{class}");
    }

    #[test]
    fn markers_are_referenced_by_prefixed_ids() {
        let svg = to_svg("sequenceDiagram\n  A->>B: hi\n").unwrap();
        let id_at = svg.find(" id=\"d").expect("an id");
        let id = &svg[id_at + 5..id_at + 5 + svg[id_at + 5..].find('"').unwrap()];
        assert!(id.starts_with('d') && id.contains('-'), "{id}");
        if let Some(at) = svg.find("marker-end=\"url(#") {
            assert!(svg[at..].starts_with(&format!("marker-end=\"url(#{}", &id[..10])), "{svg}");
        }
    }

    #[test]
    fn hostile_labels_stay_text_and_nonsense_is_an_error() {
        let svg = to_svg("flowchart LR\n  A[\"<img src=x onerror=alert(1)>\"] --> B[\"<script>alert(1)</script>\"]\n")
            .unwrap();
        assert!(is_diagram(&svg), "{svg}");
        assert!(!svg.contains("<img") && !svg.contains("<script"), "{svg}");
        assert!(to_svg("this is not a diagram").is_err());
    }
}
