//! Render hints: the work done natively for each post so the browser does not have to
//! — syntax highlighting of code blocks, the intrinsic size of local images (so the
//! page reserves their space before they load), formulas as MathML and diagrams as
//! SVG.

use std::path::Path;

use fumi_content::markdown::code_blocks::code_blocks;
use fumi_content::markdown::image_urls_at;
use fumi_content::markdown::math::formulas;
use fumi_content::markdown::Drawn;
use fumi_content::RenderHints;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Prefix of every highlighting class; `public/styles/main.css` colours them.
pub const CLASS_PREFIX: &str = "hl-";

/// Highlights code with bat's curated grammars (Rust, Go, Python, TypeScript, shell,
/// YAML, TOML, Dockerfile, HCL/Terraform, SQL, diff and many more).
pub struct Highlighter {
    syntaxes: &'static SyntaxSet,
}

/// The grammars, loaded once per process (a few hundred ms): `fumi-publish watch`
/// publishes on every save and must not pay that each time.
static SYNTAXES: std::sync::LazyLock<SyntaxSet> = std::sync::LazyLock::new(two_face::syntax::extra_newlines);

impl Highlighter {
    pub fn new() -> Self {
        Highlighter { syntaxes: &SYNTAXES }
    }

    fn syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        let lang = lang.to_ascii_lowercase();
        // Fence names authors use that are not a grammar's own token.
        let token = match lang.as_str() {
            "sh" | "shell" | "console" | "zsh" => "bash",
            "ts" => "typescript",
            "tf" | "terraform" | "hcl" => "hcl",
            "docker" | "containerfile" => "dockerfile",
            "yml" => "yaml",
            "py" => "python",
            "golang" => "go",
            "rs" => "rust",
            "js" | "mjs" => "javascript",
            other => other,
        };
        self.syntaxes.find_syntax_by_token(token)
    }

    /// [`Highlighter::highlight`], remembered for the life of the process: `fumi-publish
    /// watch` publishes every post again on each save, and most code blocks are the same
    /// as last time.
    pub fn highlight_remembered(&self, lang: &str, code: &str) -> Option<String> {
        use std::collections::HashMap;
        use std::sync::{LazyLock, Mutex};
        /// (language, code) → its highlighted HTML.
        type Seen = HashMap<(String, String), Option<String>>;
        static SEEN: LazyLock<Mutex<Seen>> = LazyLock::new(Default::default);
        let key = (lang.to_owned(), code.to_owned());
        if let Some(html) = SEEN.lock().ok().and_then(|seen| seen.get(&key).cloned()) {
            return html;
        }
        let html = self.highlight(lang, code);
        if let Ok(mut seen) = SEEN.lock() {
            // Bounded: a long writing session changes a block many times.
            if seen.len() > 4096 {
                seen.clear();
            }
            seen.insert(key, html.clone());
        }
        html
    }

    /// The highlighted inner HTML of a code block, or `None` for an unknown language.
    pub fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        let syntax = self.syntax(lang)?;
        let mut generator = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            self.syntaxes,
            ClassStyle::SpacedPrefixed { prefix: CLASS_PREFIX },
        );
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(generator.finalize())
    }
}

/// Something in a body the hints could not do, at a byte offset of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub offset: usize,
    pub message: String,
    /// A mistake the author must fix (a refused image), not a warning.
    pub error: bool,
}

impl Note {
    pub fn warning(offset: usize, message: String) -> Note {
        Note { offset, message, error: false }
    }
}

/// What [`compute`] made of a body.
pub struct Computed {
    pub hints: RenderHints,
    pub notes: Vec<Note>,
    /// Copies of its images to publish: their path in the site, and the cached file.
    pub image_files: Vec<(String, std::path::PathBuf)>,
}

/// The hints for one post body, and notes on what could not be drawn. `public` is the
/// folder whose files are served at the site root (images referenced as
/// `images/x.png` live in `public/images/x.png`); `image_cache`, when given, is where
/// the images' copies for every screen are made and kept ([`crate::image_variants`]).
pub fn compute(body: &str, public: &Path, highlighter: &Highlighter, image_cache: Option<&Path>) -> Computed {
    let blocks = code_blocks(body);
    let code = blocks
        .iter()
        .map(|block| match &block.diff_language {
            Some(lang) => highlight_diff(highlighter, lang, &block.code),
            None => block.lang.as_ref().and_then(|lang| highlighter.highlight_remembered(lang, &block.code)),
        })
        .collect();
    let mut hints = RenderHints { code, ..Default::default() };
    let mut notes = Vec::new();
    let mut image_files = Vec::new();
    for (url, offset) in image_urls_at(body) {
        let Some(size) = local_image_size(public, &url) else { continue };
        let dark = dark_twin(public, &url);
        let mut sized = Some(size);
        for image in std::iter::once(&url).chain(&dark) {
            let (Some(cache), Some(file)) = (image_cache, local_file(public, image)) else { continue };
            if !crate::image_variants::is_raster(image) {
                continue;
            }
            match crate::image_variants::prepare(image, &file, cache) {
                Ok(set) => {
                    if image == &url {
                        // Turned as the camera said: the size the page shows.
                        sized = Some([set.width, set.height]);
                    }
                    if !set.sources.is_empty() {
                        hints.draw(Drawn::Sources(image), set.sources);
                    }
                    if let Some(preview) = set.preview {
                        hints.draw(Drawn::Preview(image), preview);
                    }
                    image_files.extend(set.files);
                }
                Err(message) => {
                    notes.push(Note { offset, message, error: true });
                    if image == &url {
                        sized = None;
                    }
                }
            }
        }
        if let Some(dark) = dark {
            hints.draw(Drawn::DarkImage(&url), dark);
        }
        if let Some(size) = sized {
            hints.images.insert(url, size);
        }
    }
    for formula in formulas(body) {
        let mathml = crate::formulas::to_mathml(&formula.tex, formula.display).unwrap_or_else(|error| {
            notes.push(Note::warning(formula.offset, format!("the formula does not parse: {error}")));
            // The renderer shows the source beside this message; a message never
            // starts with `<`, MathML always does.
            error.trim_start_matches('<').to_owned()
        });
        let source = if formula.display { Drawn::DisplayFormula(&formula.tex) } else { Drawn::Formula(&formula.tex) };
        hints.draw(source, mathml);
    }
    for block in blocks.iter().filter(|b| b.lang.as_deref() == Some("mermaid")) {
        match crate::diagrams::to_svg(&block.code) {
            Ok(svg) => {
                hints.draw(Drawn::Diagram(&block.code), svg);
            }
            Err(error) => notes.push(Note::warning(
                block.offset,
                format!("the diagram cannot be drawn ({error}); it is shown as its source"),
            )),
        }
    }
    notes.extend(
        crate::typography::check(body)
            .into_iter()
            .map(|finding| Note::warning(finding.offset, format!("typography: {}", finding.message))),
    );
    Computed { hints, notes, image_files }
}

/// A Zenn-style ```` ```diff js ```` block: each line marked added, removed or kept
/// (`+`, `-`, ` `), its code highlighted in its own language. `None` for a language
/// without a grammar (the block is then highlighted as a plain diff).
fn highlight_diff(highlighter: &Highlighter, lang: &str, code: &str) -> Option<String> {
    let (markers, lines): (Vec<char>, Vec<&str>) =
        code.lines().map(|line| (line.chars().next().unwrap_or(' '), line.get(1..).unwrap_or(""))).unzip();
    let highlighted = highlighter.highlight_remembered(lang, &(lines.join("\n") + "\n"))?;
    let mut html = String::with_capacity(highlighted.len() + lines.len() * 48);
    for (marker, line) in markers.into_iter().zip(split_lines(&highlighted)) {
        let kind = match marker {
            '+' => "diff-line diff-line--added",
            '-' => "diff-line diff-line--removed",
            _ => "diff-line",
        };
        html.push_str(&format!(
            "<span class=\"{kind}\">{}{line}</span>\n",
            fumi_content::markdown::escape_html(&marker.to_string())
        ));
    }
    Some(html)
}

/// Highlighted HTML cut at its newlines into lines that each close the spans they
/// open (a multi-line string or comment is reopened on the next line).
fn split_lines(html: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut open: Vec<&str> = Vec::new(); // the opening tags of the spans open here
    let mut line = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("</span>") {
            open.pop();
            line.push_str("</span>");
            rest = after;
        } else if rest.starts_with("<span") {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            open.push(&rest[..end]);
            line.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if let Some(after) = rest.strip_prefix('\n') {
            line.push_str(&"</span>".repeat(open.len()));
            lines.push(std::mem::take(&mut line));
            line.extend(open.iter().copied());
            rest = after;
        } else {
            let next = rest.find(['<', '\n']).unwrap_or(rest.len());
            line.push_str(&rest[..next]);
            rest = &rest[next..];
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The address of a site image's dark twin (`images/x.dark.png` beside
/// `images/x.png`), if there is one.
fn dark_twin(public: &Path, url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let (stem, extension) = path.rsplit_once('.')?;
    if stem.ends_with(".dark") || stem.contains("://") {
        return None;
    }
    let dark = format!("{stem}.dark.{extension}");
    public.join(dark.trim_start_matches('/')).is_file().then_some(dark)
}

/// The file in `public/` of a site image's address (`None` for other sites' images).
fn local_file(public: &Path, url: &str) -> Option<std::path::PathBuf> {
    if url.contains("://") || url.starts_with("//") || url.starts_with("data:") {
        return None;
    }
    let relative = url.trim_start_matches('/').split(['?', '#']).next()?;
    Some(public.join(fumi_content::url::decode_segment(relative)))
}

/// `[width, height]` of an image served from `public/`, if it is one and is readable.
pub fn local_image_size(public: &Path, url: &str) -> Option<[u32; 2]> {
    let path = local_file(public, url)?;
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
        return svg_size(&std::fs::read_to_string(path).ok()?);
    }
    let size = imagesize::size(path).ok()?;
    Some([size.width as u32, size.height as u32])
}

/// Size of an SVG from its root element's `width`/`height`, else its `viewBox`.
fn svg_size(svg: &str) -> Option<[u32; 2]> {
    let start = svg.find("<svg")?;
    let tag = &svg[start..start + svg[start..].find('>')?];
    let attribute = |name: &str| -> Option<&str> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[at..at + tag[at..].find('"')?])
    };
    let number = |s: &str| s.trim_end_matches("px").trim().parse::<f64>().ok().filter(|n| *n > 0.0);
    if let (Some(w), Some(h)) = (attribute("width").and_then(number), attribute("height").and_then(number)) {
        return Some([w.round() as u32, h.round() as u32]);
    }
    let view_box: Vec<f64> = attribute("viewBox")?.split([' ', ',']).filter_map(|s| s.parse().ok()).collect();
    match view_box[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some([w.round() as u32, h.round() as u32]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fumi_content::markdown::code_blocks::is_plain_markup;

    #[test]
    fn highlights_the_languages_of_the_field() {
        let highlighter = Highlighter::new();
        let samples = [
            ("rust", "fn main() { let x = 1; }\n"),
            ("go", "package main\nfunc main() {}\n"),
            ("python", "def f(x):\n    return x\n"),
            ("javascript", "const a = () => 1;\n"),
            ("typescript", "let a: number = 1;\n"),
            ("sh", "kubectl get pods -n kube-system\n"),
            ("yaml", "apiVersion: v1\nkind: Pod\n"),
            ("json", "{\"a\": 1}\n"),
            ("toml", "[package]\nname = \"x\"\n"),
            ("dockerfile", "FROM debian:12\nRUN apt-get update\n"),
            ("hcl", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n"),
            ("terraform", "variable \"a\" {}\n"),
            ("sql", "SELECT * FROM posts WHERE id = 1;\n"),
            ("diff", "-old\n+new\n"),
        ];
        for (lang, code) in samples {
            let html = highlighter.highlight(lang, code).unwrap_or_else(|| panic!("no grammar for {lang}"));
            assert!(html.contains("<span class=\"hl-"), "{lang}: {html}");
            assert!(is_plain_markup(&html), "{lang}: the browser must accept it: {html}");
        }
    }

    #[test]
    fn code_is_escaped_inside_highlighting() {
        let html = Highlighter::new().highlight("rust", "let a = \"<script>\";\n").unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn unknown_languages_are_left_plain() {
        assert_eq!(Highlighter::new().highlight("no-such-language", "x"), None);
    }

    #[test]
    fn hints_cover_every_code_block_in_order_and_local_image_sizes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("images")).unwrap();
        std::fs::write(
            dir.path().join("images/d.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\"></svg>",
        )
        .unwrap();
        let body = "```\nplain\n```\n\n```rust\nfn f() {}\n```\n\n![d](images/d.svg) ![remote](https://e.com/x.png)\n";
        let Computed { hints, notes, .. } = compute(body, dir.path(), &Highlighter::new(), None);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(hints.code.len(), 2);
        assert!(hints.code[0].is_none());
        assert!(hints.code[1].as_deref().unwrap().contains("hl-"));
        assert_eq!(hints.images.get("images/d.svg"), Some(&[640, 360]));
        assert_eq!(hints.drawing(Drawn::DarkImage("images/d.svg")), None, "no dark twin");
        std::fs::write(dir.path().join("images/d.dark.svg"), "<svg viewBox=\"0 0 640 360\"></svg>").unwrap();
        let hints = compute(body, dir.path(), &Highlighter::new(), None).hints;
        assert_eq!(hints.drawing(Drawn::DarkImage("images/d.svg")), Some("images/d.dark.svg"));
        assert!(!hints.images.contains_key("https://e.com/x.png"));
    }

    #[test]
    fn a_diff_keeps_its_markers_and_highlights_its_language() {
        let code = "-let a = \"old\";\n+let a = \"new\";\n let b = 1;\n";
        let html = highlight_diff(&Highlighter::new(), "rust", code).unwrap();
        assert!(is_plain_markup(&html), "{html}");
        let lines: Vec<&str> = html.lines().collect();
        assert_eq!(lines.len(), 3, "{html}");
        assert!(lines[0].starts_with("<span class=\"diff-line diff-line--removed\">-<span class=\"hl-"), "{html}");
        assert!(lines[1].starts_with("<span class=\"diff-line diff-line--added\">+"), "{html}");
        assert!(lines[1].contains("new"), "{html}");
        assert!(lines[2].starts_with("<span class=\"diff-line\"> "), "{html}");
        // Each line stands alone: spans closed before the newline.
        for line in lines {
            assert!(is_plain_markup(line), "{line}");
        }
        assert_eq!(highlight_diff(&Highlighter::new(), "no-such-language", code), None);
    }

    #[test]
    fn lines_reopen_the_spans_that_cross_them() {
        assert_eq!(
            split_lines("<span class=\"c\">/* a\nb */</span> x\n"),
            ["<span class=\"c\">/* a</span>", "<span class=\"c\">b */</span> x"]
        );
    }

    #[test]
    fn svg_size_prefers_width_and_height() {
        assert_eq!(svg_size("<svg width=\"320\" height=\"200px\" viewBox=\"0 0 10 10\">"), Some([320, 200]));
        assert_eq!(svg_size("<svg viewBox=\"0,0,64,32\">"), Some([64, 32]));
        assert_eq!(svg_size("<svg>"), None);
    }
}
