//! Render hints: the work done natively for each post so the browser does not have to
//! — syntax highlighting of code blocks, and the intrinsic size of local images (so
//! the page reserves their space before they load).

use std::path::Path;

use fumi_content::markdown::code_blocks::code_blocks;
use fumi_content::markdown::image_urls;
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

/// The hints for one post body. `public` is the folder whose files are served at the
/// site root (images referenced as `images/x.svg` live in `public/images/x.svg`).
pub fn compute(body: &str, public: &Path, highlighter: &Highlighter) -> RenderHints {
    let code = code_blocks(body)
        .into_iter()
        .map(|block| block.lang.and_then(|lang| highlighter.highlight_remembered(&lang, &block.code)))
        .collect();
    let mut images = std::collections::BTreeMap::new();
    for url in image_urls(body) {
        if let Some(size) = local_image_size(public, &url) {
            images.insert(url, size);
        }
    }
    RenderHints { code, images, ..Default::default() }
}

/// `[width, height]` of an image served from `public/`, if it is one and is readable.
fn local_image_size(public: &Path, url: &str) -> Option<[u32; 2]> {
    if url.contains("://") || url.starts_with("//") || url.starts_with("data:") {
        return None;
    }
    let relative = url.trim_start_matches('/').split(['?', '#']).next()?;
    let path = public.join(relative);
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
        let hints = compute(body, dir.path(), &Highlighter::new());
        assert_eq!(hints.code.len(), 2);
        assert!(hints.code[0].is_none());
        assert!(hints.code[1].as_deref().unwrap().contains("hl-"));
        assert_eq!(hints.images.get("images/d.svg"), Some(&[640, 360]));
        assert!(!hints.images.contains_key("https://e.com/x.png"));
    }

    #[test]
    fn svg_size_prefers_width_and_height() {
        assert_eq!(svg_size("<svg width=\"320\" height=\"200px\" viewBox=\"0 0 10 10\">"), Some([320, 200]));
        assert_eq!(svg_size("<svg viewBox=\"0,0,64,32\">"), Some([64, 32]));
        assert_eq!(svg_size("<svg>"), None);
    }
}
