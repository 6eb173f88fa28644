//! The app's stylesheets as readers receive them. Trunk copies `public/styles/*.css` as
//! written, comments and indentation included, and every page waits for them before its
//! first paint. A release build drops the comments and the white space no browser
//! needs, and re-hashes their `integrity` in `index.html` to match. Runs before anything
//! reads the build's stylesheets: the site's own `theme.css`, the embed copies and the
//! pre-compressed copies come after.
//!
//! Deliberately less than a minifier: rules and values are copied as written, only
//! white space next to `{ } ; , > :` goes (after a colon only: `a :hover` is not
//! `a:hover`), so no value can change meaning. Full minifiers rewrite values, and one
//! (lightningcss, Trunk's) joins `var(--a) var(--b)` into `var(--a)var(--b)`, which
//! Firefox rejects.

use std::fs;
use std::io;
use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha384};

/// Minifies each stylesheet `index.html` links, in place; returns the bytes saved.
pub fn minify_all(dist: &Path) -> io::Result<u64> {
    let index_path = dist.join("index.html");
    let mut index = fs::read_to_string(&index_path)?;
    let mut saved = 0;
    for sheet in crate::embed_loader::stylesheets(&index) {
        let path = dist.join(&sheet);
        let css = fs::read_to_string(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: a stylesheet index.html links: {e}", path.display())))?;
        let small = minify(&css);
        saved += css.len().saturating_sub(small.len()) as u64;
        // Trunk's `integrity` is the digest of the file as it wrote it: the same
        // attribute, with the digest of what is now served.
        index = index.replace(&integrity(&css), &integrity(&small));
        fs::write(&path, small)?;
    }
    fs::write(&index_path, index)?;
    Ok(saved)
}

/// `css` without comments and without the white space that separates nothing.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    // White space seen but not yet written: written as one space only if it separates.
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                // `a/**/b` is two tokens: the comment separated them.
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == c || s == '\n' {
                        // A newline ends even an unclosed string, as browsers read it.
                        break;
                    }
                }
            }
            '}' if out.ends_with(';') => {
                out.pop();
                out.push('}');
                pending_space = false;
            }
            c => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
            }
        }
    }
    out
}

/// Writes a pending space before `next` unless one of them makes it needless.
fn flush_space(out: &mut String, pending_space: &mut bool, next: char) {
    if std::mem::take(pending_space)
        && !out.is_empty()
        && !out.ends_with(['{', '}', ';', ',', '>', ':'])
        && !"{};,>".contains(next)
    {
        out.push(' ');
    }
}

/// A subresource integrity value as Trunk writes it.
fn integrity(content: &str) -> String {
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(content.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_spaces_go_and_every_value_stays_as_written() {
        let css = "/* the bar */\n.a,\n.b {\n  color: #ff0000;\n  margin: 0 0 1rem;\n}\n\n.a :is(p, li) > b { padding: calc(1px + -2px) var(--x) var(--y); }\n\
                   @media (min-width: 40rem) {\n  .b { display: none; }\n}\n.c::after { content: \"a : b /* c */\"; font: 1rem/1.5 a/**/b; }\n\
                   .d { content: 'it\\'s  ; }'; }\n";
        assert_eq!(
            minify(css),
            ".a,.b{color:#ff0000;margin:0 0 1rem}.a :is(p,li)>b{padding:calc(1px + -2px) var(--x) var(--y)}\
             @media (min-width:40rem){.b{display:none}}.c::after{content:\"a : b /* c */\";font:1rem/1.5 a b}\
             .d{content:'it\\'s  ; }'}"
        );
    }

    #[test]
    fn a_linked_stylesheet_missing_from_the_build_is_named() {
        let dir = std::env::temp_dir().join(format!("fumi-stylesheets-missing-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), "<link rel=\"stylesheet\" href=\"/gone-1.css\"/>").unwrap();
        let error = minify_all(&dir).unwrap_err().to_string();
        assert!(error.contains("gone-1.css"), "{error}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unclosed_string_ends_at_its_line_as_in_browsers() {
        assert_eq!(minify(".a { content: \"open\n}\n.b {\n  color: red;\n}\n"), ".a{content:\"open\n}.b{color:red}");
    }

    #[test]
    fn the_app_stylesheets_keep_every_rule() {
        // Each of the app's own sheets, minified: as many rules and declarations as before.
        for name in ["main", "lists", "search"] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../public/styles/{name}.css"));
            let css = fs::read_to_string(&path).unwrap();
            let small = minify(&css);
            let count = |s: &str, c: char| s.chars().filter(|&x| x == c).count();
            assert_eq!(count(&small, '{'), count(&minify_comments_only(&css), '{'), "{name}");
            assert!(
                small.len() * 10 < css.len() * 8,
                "{name}: at least a fifth smaller ({} of {})",
                small.len(),
                css.len()
            );
        }
    }

    /// The sheet with only its comments removed (braces in comments do not count).
    fn minify_comments_only(css: &str) -> String {
        let mut out = String::new();
        let mut rest = css;
        while let Some(start) = rest.find("/*") {
            out.push_str(&rest[..start]);
            rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
        }
        out + rest
    }

    #[test]
    fn the_build_keeps_its_integrity_after_minifying() {
        let dir = std::env::temp_dir().join(format!("fumi-stylesheets-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let css = "/* note */\n.a {\n  color: red;\n}\n";
        fs::write(dir.join("main-1.css"), css).unwrap();
        let index =
            format!("<head><link rel=\"stylesheet\" href=\"/main-1.css\" integrity=\"{}\"/></head>", integrity(css));
        fs::write(dir.join("index.html"), index).unwrap();
        let saved = minify_all(&dir).unwrap();
        let small = fs::read_to_string(dir.join("main-1.css")).unwrap();
        assert_eq!(small, ".a{color:red}");
        assert_eq!(saved, (css.len() - small.len()) as u64);
        let index = fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(index.contains(&format!("integrity=\"{}\"", integrity(&small))), "{index}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
